/**
 * The zod schemas of every body, parameter and answer of the handler. Requests are parsed with them;
 * the OpenAPI document is generated from them; the tests check every answer against them — so the
 * three cannot drift apart.
 */
import { SYNC_ENTITY_TYPES } from '@getinn/iiko-sync';
import { z } from 'zod';
import { DEFAULTS, MAX_FIELD_LENGTH, MAX_URL_LENGTH } from './constants';

// --- Parameters

/** The account in the path: the platform's account id, as the host's `authorize` knows it. */
export const AccountIdSchema = z
  .string()
  .min(1)
  .max(MAX_FIELD_LENGTH)
  .meta({ description: "The GET INN account whose iiko integration is meant (the platform's account id).", example: 'acc-1' });

/**
 * `POST /sync/{entityType}`: one entity, or `all` for the regular sync (`DEFAULT_SYNC_ENTITIES`). Price
 * lists and stock balances are asked for by name: a price list costs one iiko request per supplier, so a
 * "sync now" button stays as cheap as the scheduled sync.
 */
export const SyncTargetSchema = z.enum([...SYNC_ENTITY_TYPES, 'all']).meta({
  description:
    'What to sync: one entity, or `all` for the regular sync (restaurants → stores → suppliers → products → invoices). ' +
    '`priceLists` (every active supplier’s price list) and `stockBalances` (a balance snapshot) run only when named.',
});

/** The entity types of the sync log. */
export const EntityTypeSchema = z.enum(SYNC_ENTITY_TYPES).meta({ description: 'A kind of record a sync writes.' });

/** A job id, as the host's job engine issued it. */
export const JobIdSchema = z.string().min(1).max(MAX_FIELD_LENGTH).meta({ description: 'The id `POST /sync/{entityType}` answered with.' });

/** The query of `GET /logs`. */
export const LogsQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(DEFAULTS.maxLogLimit)
    .default(DEFAULTS.logLimit)
    .meta({ description: `Most entries to return (1–${DEFAULTS.maxLogLimit}).` }),
  entityType: EntityTypeSchema.optional().meta({ description: 'Only entries of this entity type.' }),
});

// --- Request bodies

/** An iikoServer address: http(s), absolute, with no user, password, query or fragment in it. */
export const BaseUrlSchema = z
  .url({ protocol: /^https?$/, error: 'must be an absolute http: or https: URL' })
  .max(MAX_URL_LENGTH)
  .refine((value) => {
    const url = URL.canParse(value) ? new URL(value) : undefined;
    return url === undefined || (url.username === '' && url.password === '');
  }, 'must not contain a user or password (they belong in login and password)')
  // iikoServer's address never needs a query or fragment; refusing them keeps a secret pasted there out
  // of the stored address, which `GET /status` shows.
  .refine((value) => {
    const url = URL.canParse(value) ? new URL(value) : undefined;
    return url === undefined || (url.search === '' && url.hash === '');
  }, 'must not contain a query or fragment')
  .meta({ description: 'The iikoServer, e.g. `https://chain.iiko.it` (a trailing `/resto` is fine).', example: 'https://chain.iiko.it' });

/** `POST /connect`: an iiko login to test, then seal and store. */
export const ConnectBodySchema = z
  .strictObject({
    login: z.string().min(1).max(MAX_FIELD_LENGTH).meta({ description: 'The iiko user the integration logs in as.' }),
    password: z
      .string()
      .min(1)
      .max(MAX_FIELD_LENGTH)
      .meta({ description: "The iiko user's password. Tested, then sealed; never returned, logged or stored in clear.", writeOnly: true }),
    baseUrl: BaseUrlSchema.optional().meta({
      description: 'The iikoServer. Required on the first connection; omitted later, the stored address is kept.',
    }),
  })
  .meta({ description: 'An iiko login. It is tested against the server before anything is stored.' });

/** A calendar day, `YYYY-MM-DD`. */
const CalendarDateSchema = z.iso.date().meta({ description: 'A calendar day, `YYYY-MM-DD`.', example: '2026-09-01' });

/** An explicit invoice window, both days inclusive. */
export const InvoiceWindowSchema = z
  .strictObject({ from: CalendarDateSchema, to: CalendarDateSchema })
  .refine((window) => window.from <= window.to, { message: 'from must not be after to', path: ['to'] })
  .meta({
    description: 'Invoices of these days, both inclusive: a backfill or a repair. It does not move the invoice cursor of regular runs.',
  });

/** `POST /sync/{entityType}`: an optional invoice window. */
export const SyncBodySchema = z
  .strictObject({ invoices: InvoiceWindowSchema.optional() })
  .meta({ description: 'Optional. Without a body, invoices are read from the cursor to today.' });

// --- Answers

/** An error as reports and the sync log carry it: a code and a secret-free sentence. */
export const SyncErrorSchema = z
  .object({
    code: z.string().meta({ description: '`AUTH_FAILED`, `LICENSE_UNAVAILABLE`, `NETWORK_ERROR`, `SERVER_ERROR`, …' }),
    message: z.string().meta({ description: 'What happened, for a person. Never contains a secret.' }),
    status: z.number().int().optional().meta({ description: 'HTTP status, when iikoServer answered.' }),
  })
  ;

const IssuePathSchema = z.array(z.union([z.string(), z.number()]));

/** A mapping issue as the sync log keeps it. */
export const LoggedIssueSchema = z
  .object({
    entity: z.string(),
    externalId: z.string().nullable(),
    code: z.string(),
    message: z.string(),
    severity: z.enum(['error', 'warning']),
    path: IssuePathSchema,
  })
  .meta({ description: 'A record that could not be mapped (error) or was mapped with a fallback (warning).' });

const SyncLogStatusSchema = z.enum(['success', 'partial', 'failed', 'aborted']);
const WindowSchema = z.object({ from: z.string(), to: z.string() });

/** One entry of the sync log: what one entity of one run did. */
export const SyncLogEntrySchema = z
  .object({
    id: z.string(),
    runId: z.string(),
    accountId: z.string(),
    integrationType: z.string(),
    entityType: EntityTypeSchema,
    status: SyncLogStatusSchema,
    fetched: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    failed: z.number().int(),
    error: z.string().nullable(),
    errorCode: z.string().nullable(),
    issueCount: z.number().int(),
    issues: z.array(LoggedIssueSchema),
    window: WindowSchema.nullable(),
    startedAt: z.string(),
    finishedAt: z.string(),
  })
  .meta({ description: 'What one entity of one run did.' });

/** The latest log entry of one entity, without its issues (those are in `GET /logs`). */
export const LastSyncSchema = SyncLogEntrySchema.omit({ issues: true }).meta({
  description: 'The latest sync log entry of one entity, without its issues (see `GET /logs`).',
});

/** `GET /logs`. */
export const LogsPageSchema = z
  .object({ entries: z.array(SyncLogEntrySchema).meta({ description: 'Newest first.' }) })
  ;

/** `GET /status`, and the answer of a successful `POST /connect`. */
export const ConnectionStatusSchema = z
  .object({
    accountId: z.string(),
    integrationType: z.literal('iiko'),
    configured: z.boolean().meta({ description: 'Whether credentials are stored.' }),
    connected: z.boolean().meta({ description: 'Whether the last connection check with the stored credentials succeeded.' }),
    connectionStatus: z
      .enum(['connected', 'error'])
      .nullable()
      .meta({ description: 'The last check: `connected`, `error`, or `null` when never checked since the credentials changed.' }),
    lastConnectedAt: z.string().nullable().meta({ description: 'ISO 8601 time of the last successful connection.' }),
    connectionError: z.string().nullable().meta({ description: "The last failure's secret-free message; `null` after a success." }),
    baseUrl: z.string().nullable().meta({ description: 'The iikoServer the credentials belong to.' }),
    isActive: z.boolean().nullable().meta({ description: 'Whether the integration is in use; `null` when not configured.' }),
    updatedAt: z.string().nullable().meta({ description: 'ISO 8601 time the credentials or their status last changed.' }),
    serverVersion: z.string().optional().meta({ description: 'In the answer of `POST /connect`: the version the server reported.' }),
    lastSync: z
      .object(Object.fromEntries(SYNC_ENTITY_TYPES.map((entity) => [entity, LastSyncSchema.nullable()])) as Record<
        (typeof SYNC_ENTITY_TYPES)[number],
        z.ZodNullable<typeof LastSyncSchema>
      >)
      .meta({ description: 'The latest sync log entry of each entity, `null` for one never synced.' }),
  })
  .meta({ description: "An account's iiko connection. Never contains the login's password." });

const EntityStatusSchema = z.enum(['success', 'partial', 'failed', 'aborted', 'skipped']);

/** What one entity of a run did. */
export const EntityReportSchema = z
  .object({
    entity: EntityTypeSchema,
    status: EntityStatusSchema,
    fetched: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    failed: z.number().int(),
    deactivated: z
      .number()
      .int()
      .optional()
      .meta({ description: 'Stored records iiko no longer lists, marked inactive in this run (never deleted).' }),
    landedFromPending: z
      .number()
      .int()
      .optional()
      .meta({ description: 'Records waiting from earlier runs that could be stored in this one.' }),
    issues: z.array(
      z.object({
        entity: z.string(),
        externalId: z.string().nullable(),
        index: z.number().int().meta({ description: 'Position of the record in what iiko returned.' }),
        code: z.string(),
        message: z.string(),
        severity: z.enum(['error', 'warning']),
        path: IssuePathSchema,
      }),
    ),
    issueCounts: z.record(z.string(), z.number().int()),
    error: SyncErrorSchema.nullable(),
    skippedReason: z.string().nullable(),
    window: WindowSchema.nullable(),
    timings: z.object({ fetchMs: z.number(), mapMs: z.number(), storeMs: z.number(), totalMs: z.number() }),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
  })
  ;

/** The report of one run. */
export const SyncReportSchema = z
  .object({
    runId: z.string(),
    accountId: z.string(),
    integrationType: z.literal('iiko'),
    status: SyncLogStatusSchema.meta({
      description: '`success`: all requested entities succeeded; `partial`: some of it was stored; `failed`: nothing was; `aborted`: stopped.',
    }),
    entities: z.object(
      Object.fromEntries(SYNC_ENTITY_TYPES.map((entity) => [entity, EntityReportSchema])) as Record<
        (typeof SYNC_ENTITY_TYPES)[number],
        typeof EntityReportSchema
      >,
    ),
    totals: z.object({
      fetched: z.number().int(),
      created: z.number().int(),
      updated: z.number().int(),
      unchanged: z.number().int(),
      failed: z.number().int(),
      issues: z.number().int(),
    }),
    invoiceWindow: z.object({ from: z.string(), to: z.string(), source: z.enum(['explicit', 'cursor', 'initial']) }).nullable(),
    error: SyncErrorSchema.nullable().meta({ description: 'What stopped the run early (login, licence, network), or `null`.' }),
    pending: z
      .object({
        count: z.number().int(),
        stale: z.number().int(),
        maxAgeMs: z.number(),
        oldestFirstSeenAt: z.string().nullable(),
        byCode: z.record(z.string(), z.number().int()),
      })
      .nullable()
      .optional()
      .meta({ description: 'Records read but not storable yet, waiting for a later run, counted after this one; `null` when not tracked.' }),
    startedAt: z.string(),
    finishedAt: z.string(),
    durationMs: z.number(),
  })
  .meta({ description: 'What a run did, entity by entity. Contains no password, hash or token.' });

/** `202` of `POST /sync/{entityType}` when a job engine is configured. */
export const JobAcceptedSchema = z
  .object({
    jobId: z.string(),
    statusUrl: z.string().meta({ description: 'Where to poll the job: `GET …/jobs/{jobId}` (also in the `Location` header).' }),
  })
  ;

/** The states of a sync job. */
export const JobStateSchema = z
  .enum(['queued', 'running', 'succeeded', 'partial', 'failed'])
  .meta({ description: '`succeeded`, `partial` and `failed` are final; `partial` and `failed` come with a report or an error saying why.' });

/** `GET /jobs/{jobId}`. */
export const JobStatusSchema = z
  .object({
    jobId: z.string(),
    accountId: z.string(),
    status: JobStateSchema,
    report: SyncReportSchema.nullable().meta({ description: "The run's report once it finished, else `null`." }),
    error: SyncErrorSchema.nullable().meta({ description: 'Why the job failed without a report (no credentials, a crash), else `null`.' }),
  })
  ;

/** One field at fault in a `400`. */
export const ProblemFieldSchema = z.object({
  location: z.enum(['body', 'path', 'query']),
  pointer: z.string().meta({ description: 'JSON Pointer (RFC 6901) to the field within its location, e.g. `/invoices/from`.' }),
  message: z.string().meta({ description: 'What is wrong. Never repeats the value.' }),
});

/** An RFC 9457 problem details object, as every error answer carries it. */
export const ProblemSchema = z
  .object({
    type: z.string().meta({ description: 'A URI identifying the kind of problem; see the table of problem types.' }),
    title: z.string().meta({ description: 'A short, fixed summary of the kind of problem.' }),
    status: z.number().int(),
    detail: z.string().optional().meta({ description: 'This occurrence, for a person. Never contains a secret.' }),
    instance: z.string().optional().meta({ description: 'The path of the request.' }),
    code: z.string().meta({ description: 'The kind of problem as a constant, e.g. `SYNC_IN_PROGRESS`.' }),
    errors: z.array(ProblemFieldSchema).optional().meta({ description: 'For `invalid-request`: each field at fault.' }),
    reason: z.string().optional().meta({ description: 'For `connection-failed`: why iikoServer refused, e.g. `AUTH_FAILED`, `LICENSE_UNAVAILABLE`.' }),
  })
  .meta({ description: 'RFC 9457 problem details (`application/problem+json`).' });
