/**
 * `@getinn/iiko-client`: a typed, licence-safe client for the iikoServer ("resto") API — SHA-1 login,
 * one shared session per server and login, one serial queue per server, safe retries, and XML turned
 * into validated objects with iiko's own field names.
 *
 * @packageDocumentation
 * @module @getinn/iiko-client
 */
export { IikoClient } from './client';
export type {
  CallOptions,
  IikoClientOptions,
  IncomingInvoiceQuery,
  ListOptions,
  PriceListOptions,
  RetryOptions,
  StockBalanceQuery,
  SupplierSearchQuery,
} from './client-options';
export { DEFAULTS } from './constants';
export * from './errors/index';
export { passwordSha1 } from './internal/password';
export type { Logger, LogLevel } from './logger';
export * from './schemas/index';
export {
  IikoDocumentRejectedError,
  importDocumentProblems,
  renderImportDocument,
  type IikoImportInvoiceDocument,
  type IikoImportInvoiceItem,
  type ImportInvoiceOptions,
  type ImportInvoiceResult,
} from './endpoints/import-invoice';
export { documentValidationResultSchema, type IikoDocumentValidationResult } from './schemas/document-validation';
export type { InvalidRecord, TolerantList, TolerantReads, TolerantRecord } from './tolerant';
export { createMemorySessionStore, type MemorySessionStoreOptions } from './memory-session-store';
export { createProcessServerGate } from './process-gate';
export type { GatePass, ServerGate } from './server-gate';
export type { JoinResult, SessionHolder, SessionStore, SharedSessionToken } from './session-store';
