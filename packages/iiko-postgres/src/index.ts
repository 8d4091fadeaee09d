/**
 * `@getinn/iiko-postgres`.
 *
 * @packageDocumentation
 * @module @getinn/iiko-postgres
 */
export {};
