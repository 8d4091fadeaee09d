/**
 * `@getinn/iiko-client/testing`: a stateful fake iikoServer for tests and benchmarks — SHA-1 login with
 * licence slots, token expiry, vendor-shaped XML, iiko's error bodies, fault injection and request
 * counting — served through a loopback HTTP server, or through msw handlers from
 * `@getinn/iiko-client/testing/msw` (this entry needs neither msw nor its types).
 *
 * @packageDocumentation
 * @module @getinn/iiko-client/testing
 */
export { FakeIikoServer } from './fake-iiko-server';
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
  FakeMeasureUnit,
  FakeProduct,
  FakeProductGroup,
  FakeSupplier,
} from './data-types';
