import { TEXT_BAD_TOKEN } from './constants';
import { auth, licenceInfo, logout } from './endpoints/auth';
import type { EndpointContext } from './endpoints/context';
import { departments, stores } from './endpoints/corporation';
import { exportIncomingInvoices } from './endpoints/invoices';
import { importIncomingInvoice, incomingInvoiceByNumber } from './endpoints/import';
import { PRICE_LIST_PATH, supplierPriceList } from './endpoints/price-list';
import { stockBalances } from './endpoints/balances';
import { entities, productGroups, products } from './endpoints/nomenclature';
import { serverInfo } from './endpoints/server-info';
import { searchSuppliers, suppliers } from './endpoints/suppliers';
import { type FakeReply, textReply } from './reply';

interface Route {
  /** Methods the path accepts. */
  readonly methods: readonly string[];
  /** Whether a live `key` is required (everything under `/resto/api/` except auth and logout). */
  readonly needsKey: boolean;
  readonly answer: (context: EndpointContext) => FakeReply;
}

const GET = ['GET'] as const;
const GET_OR_POST = ['GET', 'POST'] as const;

/** Every path the fake knows, by exact pathname. */
const ROUTES: ReadonlyMap<string, Route> = new Map<string, Route>([
  ['/resto/get_server_info.jsp', { methods: GET, needsKey: false, answer: serverInfo }],
  ['/resto/api/auth', { methods: GET_OR_POST, needsKey: false, answer: auth }],
  ['/resto/api/logout', { methods: GET_OR_POST, needsKey: false, answer: logout }],
  ['/resto/api/licence/info', { methods: GET, needsKey: true, answer: licenceInfo }],
  ['/resto/api/corporation/departments', { methods: GET, needsKey: true, answer: departments }],
  ['/resto/api/corporation/stores', { methods: GET, needsKey: true, answer: stores }],
  ['/resto/api/suppliers', { methods: GET, needsKey: true, answer: suppliers }],
  ['/resto/api/suppliers/search', { methods: GET, needsKey: true, answer: searchSuppliers }],
  ['/resto/api/documents/export/incomingInvoice', { methods: GET, needsKey: true, answer: exportIncomingInvoices }],
  ['/resto/api/documents/export/incomingInvoice/byNumber', { methods: GET, needsKey: true, answer: incomingInvoiceByNumber }],
  ['/resto/api/documents/import/incomingInvoice', { methods: ['POST'], needsKey: true, answer: importIncomingInvoice }],
  ['/resto/api/v2/reports/balance/stores', { methods: GET, needsKey: true, answer: stockBalances }],
  ['/resto/api/v2/entities/products/list', { methods: GET, needsKey: true, answer: products }],
  ['/resto/api/v2/entities/products/group/list', { methods: GET, needsKey: true, answer: productGroups }],
  ['/resto/api/v2/entities/list', { methods: GET, needsKey: true, answer: entities }],
]);

const PRICE_LIST_ROUTE: Route = { methods: GET, needsKey: true, answer: supplierPriceList };

/**
 * Answers one request from the fake's state: 404 for an unknown path, 405 for a wrong method, 401 for a
 * missing, unknown or expired key, else the endpoint's answer.
 */
export function route(context: EndpointContext): FakeReply {
  // A supplier's price list carries the supplier's code in its path.
  const found = ROUTES.get(context.url.pathname) ?? (PRICE_LIST_PATH.test(context.url.pathname) ? PRICE_LIST_ROUTE : undefined);
  if (found === undefined) return textReply(404, `Not found: ${context.url.pathname}`);
  if (!found.methods.includes(context.method)) {
    return textReply(405, `Method ${context.method} is not allowed`, { allow: found.methods.join(', ') });
  }
  if (found.needsKey && (context.token === undefined || !context.state.sessions.isValid(context.token))) {
    return textReply(401, TEXT_BAD_TOKEN);
  }
  return found.answer(context);
}
