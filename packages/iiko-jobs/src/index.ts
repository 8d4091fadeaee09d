/**
 * `@getinn/iiko-jobs`.
 *
 * @packageDocumentation
 * @module @getinn/iiko-jobs
 */
export {};
