/**
 * `@getinn/iiko-client/testing`: a stateful fake iikoServer for tests and benchmarks — SHA-1 login with
 * licence slots, token expiry, vendor-shaped XML, iiko's error bodies, fault injection and request
 * counting — served through msw handlers or a loopback HTTP server.
 *
 * @packageDocumentation
 * @module @getinn/iiko-client/testing
 */
export { FakeIikoServer } from './fake-iiko-server.js';
export { createIikoHandlers } from './msw-handlers.js';
export { startFakeIikoServer, type RunningFakeIikoServer } from './loopback-server.js';
export { generateFakeDataset } from './generate/dataset.js';
export { sha1Hex } from './sha1.js';
export type {
  FakeDatasetOptions,
  FakeFault,
  FakeFaultTarget,
  FakeIikoServerOptions,
  FakeRequestRecord,
} from './options.js';
export type {
  FakeCorporateItem,
  FakeCorporateItemType,
  FakeIikoData,
  FakeIncomingInvoice,
  FakeInvoiceItem,
  FakeInvoiceStatus,
  FakeSupplier,
} from './data-types.js';
