/**
 * The OpenAPI 3.1 document of the handler, generated from the same zod schemas that validate the
 * requests (zod 4's `z.toJSONSchema`, JSON Schema 2020-12 — OpenAPI 3.1's own dialect) and from the
 * route table the handler serves, so the document cannot describe a route or a field that is not there.
 */
import { z } from 'zod';
import { ROUTE_PREFIX } from './constants';
import { PROBLEM_TYPES, type IikoHttpProblemType } from './problems';
import { COMMON_PROBLEMS, ROUTES } from './routes/index';
import {
  AccountIdSchema,
  ConnectBodySchema,
  ConnectionStatusSchema,
  EntityReportSchema,
  InvoiceWindowSchema,
  JobAcceptedSchema,
  JobStatusSchema,
  LastSyncSchema,
  LoggedIssueSchema,
  LogsPageSchema,
  ProblemSchema,
  SyncBodySchema,
  SyncErrorSchema,
  SyncLogEntrySchema,
  SyncReportSchema,
} from './schemas';

/**
 * The version of the HTTP API the document describes (its `info.version`): it changes when a route, a
 * field or a status changes, not with every release of the package.
 */
export const IIKO_HTTP_API_VERSION = '1.0.0';

/** Options of {@link createIikoOpenApiDocument}. */
export interface IikoOpenApiOptions {
  /**
   * The handler's `basePath`, prefixed to every path.
   * @default ''
   */
  basePath?: string;
  /**
   * The document's `info.title`.
   * @default 'GET INN iiko integration'
   */
  title?: string;
}

/** An OpenAPI 3.1 document, as plain JSON. */
export interface OpenApiDocument {
  /** The OpenAPI version. */
  openapi: '3.1.0';
  /** `info`, `tags`, `paths`, `components`: see the OpenAPI 3.1 specification. */
  [member: string]: unknown;
}

/** The named schemas of `components.schemas`, by the id they are referenced by. */
const COMPONENTS: ReadonlyArray<readonly [z.ZodType, string]> = [
  [ConnectBodySchema, 'ConnectRequest'],
  [InvoiceWindowSchema, 'InvoiceWindow'],
  [SyncBodySchema, 'SyncRequest'],
  [SyncErrorSchema, 'SyncError'],
  [LoggedIssueSchema, 'LoggedIssue'],
  [SyncLogEntrySchema, 'SyncLogEntry'],
  [LastSyncSchema, 'LastSync'],
  [LogsPageSchema, 'SyncLogPage'],
  [ConnectionStatusSchema, 'ConnectionStatus'],
  [EntityReportSchema, 'EntityReport'],
  [SyncReportSchema, 'SyncReport'],
  [JobAcceptedSchema, 'JobAccepted'],
  [JobStatusSchema, 'JobStatus'],
  [ProblemSchema, 'Problem'],
];

/**
 * Builds the OpenAPI 3.1 document of {@link createIikoHttpHandler}'s routes — the handler serves it at
 * `GET {basePath}/openapi.json`; a host can also merge it into its own API document.
 *
 * @example
 * ```ts
 * const document = createIikoOpenApiDocument({ basePath: '/api' });
 * writeFileSync('iiko-openapi.json', JSON.stringify(document, null, 2));
 * ```
 */
export function createIikoOpenApiDocument(options: IikoOpenApiOptions = {}): OpenApiDocument {
  const basePath = options.basePath ?? '';
  const registry = z.registry<{ id: string }>();
  for (const [schema, id] of COMPONENTS) registry.add(schema, { id });
  const idOf = (schema: z.ZodType): string => {
    const id = registry.get(schema)?.id;
    if (id === undefined) throw new TypeError('every body and answer schema is a named component');
    return id;
  };
  const ref = (schema: z.ZodType) => ({ $ref: `#/components/schemas/${idOf(schema)}` });
  // `input`: what a client sends (defaults optional); answers have no transforms, so it reads them as they are.
  const { schemas } = z.toJSONSchema(registry, { uri: (id) => `#/components/schemas/${id}`, io: 'input', unrepresentable: 'any' });
  const inline = (schema: z.ZodType) => withoutDialect(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }));

  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    const parameters: Record<string, unknown>[] = [
      { name: 'accountId', in: 'path', required: true, description: AccountIdSchema.description, schema: inline(AccountIdSchema) },
    ];
    for (const [name, schema] of Object.entries(route.params ?? {})) {
      parameters.push({ name, in: 'path', required: true, description: schema.description, schema: inline(schema) });
    }
    for (const [name, schema] of Object.entries(route.query?.shape ?? {})) {
      const json = inline(schema as z.ZodType);
      const { description, ...rest } = json;
      parameters.push({ name, in: 'query', required: false, description, schema: rest });
    }
    const responses: Record<string, unknown> = {};
    for (const [status, answer] of Object.entries(route.success)) {
      responses[status] = {
        description: answer.description,
        ...(answer.headers === undefined
          ? {}
          : { headers: Object.fromEntries(Object.entries(answer.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }])) }),
        ...(answer.schema === undefined ? {} : { content: { 'application/json': { schema: ref(answer.schema) } } }),
      };
    }
    const byStatus = new Map<number, IikoHttpProblemType[]>();
    for (const type of [...COMMON_PROBLEMS, ...route.problems]) {
      const { status } = PROBLEM_TYPES[type];
      byStatus.set(status, [...(byStatus.get(status) ?? []), type]);
    }
    for (const [status, types] of [...byStatus].sort(([a], [b]) => a - b)) {
      responses[String(status)] = {
        description: types.map((type) => `\`${type}\`: ${PROBLEM_TYPES[type].title}.`).join(' '),
        content: { 'application/problem+json': { schema: ref(ProblemSchema) } },
      };
    }
    const operation: Record<string, unknown> = {
      operationId: route.operationId,
      summary: route.summary,
      description: route.description,
      tags: ['iiko'],
      parameters,
      ...(route.body === undefined
        ? {}
        : { requestBody: { required: route.body.required, content: { 'application/json': { schema: ref(route.body.schema) } } } }),
      responses,
      // What the host's `authorize` is asked about for this operation.
      'x-authorize-action': route.action,
    };
    const path = `${basePath}${ROUTE_PREFIX}${route.path}`;
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: options.title ?? 'GET INN iiko integration',
      version: IIKO_HTTP_API_VERSION,
      description:
        "Connect an account's iikoServer, check its status, sync it and read the sync log. Authentication and permissions are the host's: every account route is authorized before it does anything. Errors are RFC 9457 problem details.",
    },
    tags: [{ name: 'iiko', description: "An account's iikoServer integration." }],
    paths,
    components: { schemas: Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, withoutDialect(schema)])) },
  };
}

/** A component needs neither `$schema` (OpenAPI 3.1 sets the dialect) nor the `$id` the generator adds. */
function withoutDialect(schema: object): Record<string, unknown> {
  const { $schema: _schema, $id: _id, ...rest } = schema as Record<string, unknown>;
  return rest;
}
