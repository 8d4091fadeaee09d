/**
 * The built-in fake iikoServer behind `--fake`: the SDK's own test double
 * (`@getinn/iiko-client/testing`), listening on 127.0.0.1 with a realistic chain.
 */
import type { RunningFakeIikoServer } from '@getinn/iiko-client/testing';
import { CLI_DEFAULTS } from '../constants';
import { CliError } from '../errors';

/** A running fake chain and what it serves, for the banner. */
export interface FakeChain {
  readonly running: RunningFakeIikoServer;
  /** One line: where it listens and what it serves. */
  readonly description: string;
}

const DAY_MS = 86_400_000;
const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * Starts the fake chain. Clean by default — every record maps and every reference resolves, so a sync
 * ends `success`; with `dataProblems` it carries the problems real chains have (a store no node owns, a
 * malformed invoice, an invoice from a supplier the list lacks), to show how they are reported.
 *
 * msw is loaded only here: the testing entry of `@getinn/iiko-client` needs it, the other commands do not.
 */
export async function startFakeChain(options: { dataProblems: boolean; now?: number }): Promise<FakeChain> {
  let testing: typeof import('@getinn/iiko-client/testing');
  try {
    testing = await import('@getinn/iiko-client/testing');
  } catch (error) {
    throw new CliError(`--fake needs the package msw next to @getinn/iiko-client (${error instanceof Error ? error.message : String(error)})`);
  }
  const { invoiceDays, ...size } = CLI_DEFAULTS.fakeChain;
  const today = Date.parse(`${isoDay(options.now ?? Date.now())}T00:00:00Z`);
  const from = isoDay(today - invoiceDays * DAY_MS);
  const to = isoDay(today);
  const running = await testing.startFakeIikoServer({
    dataset: { ...size, from, to, dataProblems: options.dataProblems },
  });
  return { running, description: describeChain(running, from, to, options.dataProblems) };
}

/** What the fake serves, counted from its data so the banner says what a sync will find. */
function describeChain(running: RunningFakeIikoServer, from: string, to: string, dataProblems: boolean): string {
  const { corporateItems, suppliers, incomingInvoices } = running.server.data;
  const count = (type: string): number => corporateItems.filter((item) => item.type === type).length;
  const owners = [
    `${count('DEPARTMENT')} restaurants`,
    ...(count('CENTRALSTORE') > 0 ? [`${count('CENTRALSTORE')} central store`] : []),
    ...(count('MANUFACTURE') > 0 ? [`${count('MANUFACTURE')} production unit`] : []),
  ];
  const served = [
    owners.join(', '),
    `${count('STORE')} stores`,
    `${suppliers.filter((supplier) => supplier.supplier).length} suppliers`,
    `${incomingInvoices.length} invoices ${from} … ${to}`,
  ].join('; ');
  const problems = dataProblems ? ', with data problems planted on purpose' : '';
  return `fake iikoServer at ${running.url} (login ${running.server.login}): ${served}${problems}`;
}
