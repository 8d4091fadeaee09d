/**
 * `@getinn/iiko-http`.
 *
 * @packageDocumentation
 * @module @getinn/iiko-http
 */
export {};
