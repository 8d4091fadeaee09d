/**
 * `@getinn/iiko-client/testing`: a stateful fake iikoServer for tests and benchmarks — SHA-1 login with
 * licence slots, token expiry, vendor-shaped XML, iiko's error bodies, fault injection and request
 * counting — served through msw handlers or a loopback HTTP server.
 *
 * @packageDocumentation
 * @module @getinn/iiko-client/testing
 */
export { FakeIikoServer } from './fake-iiko-server';
export { createIikoHandlers } from './msw-handlers';
export { startFakeIikoServer, type RunningFakeIikoServer } from './loopback-server';
export { generateFakeDataset } from './generate/dataset';
export { resolveFakeDataProblems } from './generate/problems';
export { sha1Hex } from './sha1';
export type {
  FakeDatasetOptions,
  FakeFault,
  FakeFaultTarget,
  FakeIikoServerOptions,
  FakeRequestRecord,
} from './options';
export type {
  FakeCorporateItem,
  FakeCorporateItemType,
  FakeDataProblems,
  FakeIikoData,
  FakeIncomingInvoice,
  FakeInvoiceItem,
  FakeInvoiceStatus,
  FakeSupplier,
} from './data-types';
