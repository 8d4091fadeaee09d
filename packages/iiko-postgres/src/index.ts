/**
 * `@getinn/iiko-postgres`: the GET INN iiko SDK over PostgreSQL (node-postgres), for every process that
 * shares one database —
 *
 * - {@link migrate}: versioned migrations (node-pg-migrate) into a schema of the host's choosing;
 * - {@link createPostgresSyncStore}: a `SyncStore` writing the platform's own tables (restaurants, stores,
 *   suppliers, invoices, invoice_items) with typed columns and foreign keys;
 * - {@link createPostgresCredentialStore}: the vault's `CredentialStore` on `account_integration_credentials`;
 * - {@link createPostgresSessionStore} and {@link createPostgresServerGate}: one licence slot per iiko login
 *   and one request in flight per iikoServer across every process, surviving a crashed one.
 *
 * @packageDocumentation
 * @module @getinn/iiko-postgres
 */
export { migrate, type MigrateOptions, type MigrateResult } from './migrate';
export { createPostgresSyncStore, type PostgresSyncStoreOptions } from './sync-store';
export { createPostgresCredentialStore, type PostgresCredentialStoreOptions } from './credential-store';
export { createPostgresSessionStore, type PostgresSessionStoreOptions } from './session-store';
export { createPostgresServerGate, type PostgresServerGate, type PostgresServerGateOptions } from './server-gate';
export type { SchemaOptions } from './schema-name';
export type { Queryable } from './queryable';
export { DEFAULT_SCHEMA, DEFAULT_GATE_CONNECTIONS, MIGRATIONS_TABLE } from './constants';
