/**
 * `@getinn/iiko-client`: a typed, licence-safe client for the iikoServer ("resto") API.
 *
 * @packageDocumentation
 */
export * from './schemas/index';
