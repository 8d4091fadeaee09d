/**
 * `@getinn/iiko-client/testing/msw`: the fake iikoServer as msw 2 request handlers, for tests that keep
 * the global `fetch` and need no port. Install `msw` 2 (an optional peer dependency) to use it.
 *
 * It is an entry of its own so that `@getinn/iiko-client/testing` loads without msw: msw's declarations
 * need the DOM lib (`"lib": ["DOM"]`), which a Node project checking declarations
 * (`skipLibCheck: false`) does not have, and msw's CommonJS build requires an ES module, which Jest's
 * module system cannot load.
 *
 * @packageDocumentation
 * @module @getinn/iiko-client/testing/msw
 */
export { createIikoHandlers } from './msw-handlers';
