import { SYNC_ENTITY_TYPES } from '@getinn/iiko-sync';
import { afterEach, describe, expect, it } from 'vitest';
import { createIikoOpenApiDocument, PROBLEM_TYPES } from '../src/index';
import { startHarness, type Harness } from './helpers';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Every `$ref` in a JSON value. */
function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) => (key === '$ref' && typeof item === 'string' ? [item] : refsIn(item)));
}

describe('GET /openapi.json', () => {
  it('serves the OpenAPI 3.1 document of the routes under the basePath, without authorization', async () => {
    harness = await startHarness();
    const answer = await harness.call('GET', '/api/openapi.json', { token: null });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json');
    const document = answer.body;
    expect(document.openapi).toBe('3.1.0');
    const prefix = '/api/accounts/{accountId}/integrations/iiko';
    expect(Object.keys(document.paths).sort()).toEqual(
      [`${prefix}/connect`, `${prefix}/status`, `${prefix}/sync/{entityType}`, `${prefix}/logs`, `${prefix}/jobs/{jobId}`].sort(),
    );
    expect(Object.keys(document.paths[`${prefix}/connect`])).toEqual(['post', 'delete']);
    expect(document).toEqual(createIikoOpenApiDocument({ basePath: '/api' }));
  });
});

describe('createIikoOpenApiDocument', () => {
  const document = createIikoOpenApiDocument() as any;
  const operations = Object.values(document.paths).flatMap((item: any) => Object.values(item)) as any[];

  it('resolves every $ref to a component', () => {
    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(document.components.schemas).toHaveProperty(ref.slice('#/components/schemas/'.length));
    }
    expect(JSON.stringify(document)).not.toContain('"$schema"');
    expect(JSON.stringify(document)).not.toContain('"$id"');
  });

  it('documents the bodies from the zod schemas: required fields, closed objects, the write-only password', () => {
    const connect = document.components.schemas.ConnectRequest;
    expect(connect.required).toEqual(['login', 'password']);
    expect(connect.additionalProperties).toBe(false);
    expect(connect.properties.password.writeOnly).toBe(true);
    expect(connect.properties.baseUrl).toMatchObject({ type: 'string', format: 'uri' });
    expect(document.components.schemas.InvoiceWindow.properties.from).toMatchObject({ type: 'string', format: 'date' });
    const sync = document.paths['/accounts/{accountId}/integrations/iiko/sync/{entityType}'].post;
    expect(sync.parameters.find((parameter: any) => parameter.name === 'entityType').schema.enum).toEqual([...SYNC_ENTITY_TYPES, 'all']);
    expect(sync.requestBody.required).toBe(false);
    expect(Object.keys(sync.responses)).toEqual(expect.arrayContaining(['200', '202', '400', '401', '403', '404', '409', '413', '415', '500']));
    const logs = document.paths['/accounts/{accountId}/integrations/iiko/logs'].get;
    expect(logs.parameters.find((parameter: any) => parameter.name === 'limit')).toMatchObject({ in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 20 } });
  });

  it('gives every operation an id, its authorize action and problem answers for each failure', () => {
    expect(operations.map((operation) => operation.operationId).sort()).toEqual(
      ['connectIiko', 'disconnectIiko', 'getIikoStatus', 'getIikoSyncJob', 'listIikoSyncLogs', 'syncIiko'].sort(),
    );
    for (const operation of operations) {
      expect(operation['x-authorize-action']).toMatch(/^(connect|disconnect|status|sync|logs|job)$/);
      for (const status of ['400', '401', '403', '500']) {
        expect(operation.responses[status].content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
      }
    }
    const connect = document.paths['/accounts/{accountId}/integrations/iiko/connect'].post;
    expect(connect.responses['422'].description).toContain('connection-failed');
    const described = new Set(operations.flatMap((operation) => Object.values(operation.responses).map((response: any) => response.description)).join(' ').match(/`[a-z-]+`/g));
    for (const type of Object.keys(PROBLEM_TYPES).filter((type) => !['not-found', 'method-not-allowed'].includes(type))) {
      expect(described).toContain(`\`${type}\``);
    }
  });
});
