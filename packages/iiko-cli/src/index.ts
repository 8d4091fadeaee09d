/**
 * `@getinn/iiko-cli`.
 *
 * @packageDocumentation
 * @module @getinn/iiko-cli
 */
export {};
