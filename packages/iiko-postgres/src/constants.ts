/**
 * Every default of `@getinn/iiko-postgres`, in one documented place.
 */

/**
 * The schema every table lives in unless a factory is given another: the SDK's tables stay apart from
 * the platform's own, and several schemas (tenants, tests) can share one database.
 */
export const DEFAULT_SCHEMA = 'getinn_iiko';

/** node-pg-migrate's bookkeeping table, in the same schema as the tables it versions. */
export const MIGRATIONS_TABLE = 'getinn_iiko_migrations';

/**
 * Connections the server gate keeps for passes and for callers first in line to take one. A pass holds a
 * connection for as long as its request to iiko lasts (the advisory lock lives in that session), so the
 * gate uses a pool of its own and never the host's: a process with many servers busy at once must not take
 * the connections its stores need.
 */
export const DEFAULT_GATE_CONNECTIONS = 10;
