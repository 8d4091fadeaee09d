/**
 * The test harness: the handler mounted on real HTTP (node:http through @hono/node-server's request
 * listener, on 127.0.0.1), a fake iikoServer on loopback, a vault with an audit sink, a memory sync
 * store — and a record of every answer and log line, which `assertNoSecrets` searches for canaries.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createCredentialVault,
  createKeyring,
  createMemoryCredentialStore,
  type AuditEvent,
  type CredentialStore,
  type CredentialVault,
} from '@getinn/credential-crypto';
import { passwordSha1, type Logger } from '@getinn/iiko-client';
import { startFakeIikoServer, type FakeDatasetOptions, type RunningFakeIikoServer } from '@getinn/iiko-client/testing';
import { createIikoSync, createMemorySyncStore, type IikoSync, type IikoSyncOptions, type SyncStore } from '@getinn/iiko-sync';
import { getRequestListener } from '@hono/node-server';
import { expect } from 'vitest';
import type { z } from 'zod';
import { createIikoHttpHandler, type IikoHttpAuthorize, type IikoHttpHandlerOptions, type IikoHttpJobs } from '../src/index';
import { ProblemSchema } from '../src/schemas';

/** "Now" of the tests: every generated invoice (July–September 2026) is inside the first run's window. */
export const fixedClock = { now: () => Date.parse('2026-10-01T12:00:00Z') };

/** A small chain, so a full sync takes milliseconds. */
export const SMALL_DATASET: FakeDatasetOptions = {
  restaurants: 2,
  storesPerRestaurant: 2,
  suppliers: 6,
  invoices: 12,
  linesPerInvoice: [1, 3],
  from: '2026-07-10',
  to: '2026-09-30',
};

/** The iiko password of every test: a canary that must appear in no answer, log line or audit event. */
export const CANARY_PASSWORD = 'canary-Pw!секрет-4b7e1d09';

/**
 * The test users, by bearer token: `alice` manages acc-1, `bob` manages acc-2, `reader` may only read
 * acc-1 (status, logs, jobs).
 */
export const USERS: Record<string, { id: string; accounts: string[]; readOnly?: boolean }> = {
  'token-alice': { id: 'alice', accounts: ['acc-1'] },
  'token-bob': { id: 'bob', accounts: ['acc-2'] },
  'token-reader': { id: 'reader', accounts: ['acc-1'], readOnly: true },
};

/** The host's authorization of the tests: a bearer token names the user; users see only their accounts. */
export const testAuthorize: IikoHttpAuthorize = ({ request, accountId, action }) => {
  const token = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
  const user = token === undefined ? undefined : USERS[token];
  if (user === undefined) return { status: 401, headers: { 'www-authenticate': 'Bearer' } };
  if (!user.accounts.includes(accountId)) return { status: 403 };
  if (user.readOnly && !['status', 'logs', 'job'].includes(action)) return { status: 403, detail: 'Read-only users may not change the integration.' };
  return { actor: `user:${user.id}` };
};

/** One answer, read whole. */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body (`undefined` when empty). */
  body: any;
}

export interface CallOptions {
  /** The bearer token; `null` for none. @default 'token-alice' */
  token?: string | null;
  /** A JSON value to send, or a string sent as is. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Harness {
  fake: RunningFakeIikoServer;
  vault: CredentialVault;
  credentialStore: CredentialStore;
  store: SyncStore;
  sync: IikoSync;
  /** The handler's origin plus basePath, e.g. `http://127.0.0.1:40123/api`. */
  base: string;
  audit: AuditEvent[];
  /** Every log line of the sync, the client and the handler, as JSON text. */
  logLines: string[];
  /** Every answer the tests received, as text (status line, headers, body). */
  answers: string[];
  /** Session tokens iikoServer handed out, seen through a recording `fetch`. */
  tokens: string[];
  /** The keyring's key, base64. */
  key: string;
  /** Sends a request to `path` below the routes' account prefix of `accountId` (or to an absolute path). */
  call(method: string, path: string, options?: CallOptions): Promise<Answer>;
  /** Stores working credentials for an account, straight through the vault (no HTTP). */
  addAccount(accountId: string): Promise<void>;
  /** Fails the test if a password, its SHA-1, a session token or the key appears in any answer, log line or audit event. */
  assertNoSecrets(extraSecrets?: string[]): void;
  close(): Promise<void>;
}

export interface HarnessOptions {
  licenceSlots?: number;
  dataset?: FakeDatasetOptions;
  handler?: Partial<IikoHttpHandlerOptions>;
  sync?: Partial<IikoSyncOptions>;
  /** Wraps the credential store (to make it fail). */
  wrapCredentialStore?: (store: CredentialStore) => CredentialStore;
  /** Builds a job engine over the harness's sync and credential store. */
  jobs?: (parts: { sync: IikoSync; credentialStore: CredentialStore }) => IikoHttpJobs;
}

/** Fast retries so failure tests do not wait for real back-off. */
export const FAST_CLIENT = { retry: { retries: 1, minDelayMs: 5, maxDelayMs: 10 } } as const;

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const fake = await startFakeIikoServer({ dataset: options.dataset ?? SMALL_DATASET, licenceSlots: options.licenceSlots ?? 2, password: CANARY_PASSWORD });
  const keyBytes = randomBytes(32);
  const keyring = createKeyring({ keys: { test: keyBytes }, primaryKeyId: 'test' });
  const audit: AuditEvent[] = [];
  const memoryStore = createMemoryCredentialStore();
  const credentialStore = options.wrapCredentialStore ? options.wrapCredentialStore(memoryStore) : memoryStore;
  const vault = createCredentialVault({ keyring, store: credentialStore, audit: (event) => void audit.push(event) });
  const store = createMemorySyncStore();
  const logLines: string[] = [];
  const line =
    (level: string) =>
    (object: Record<string, unknown>, message?: string): void =>
      void logLines.push(JSON.stringify({ level, message, ...object }));
  const logger: Logger = { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
  const tokens: string[] = [];
  const recordingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.includes('/resto/api/auth') && response.ok) tokens.push((await response.clone().text()).trim());
    return response;
  };
  const sync = createIikoSync({
    store,
    credentials: vault,
    currency: 'RUB',
    clock: fixedClock,
    logger,
    clientOptions: { ...FAST_CLIENT, fetch: recordingFetch, logLevel: 'debug' },
    ...options.sync,
  });
  const basePath = options.handler?.basePath ?? '/api';
  const jobs = options.jobs?.({ sync, credentialStore });
  const handler = createIikoHttpHandler({ vault, sync, authorize: testAuthorize, logger, ...(jobs ? { jobs } : {}), ...options.handler, basePath });
  const server: Server = createServer(getRequestListener(handler, { overrideGlobalObjects: false }));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const base = `${origin}${basePath}`;
  const answers: string[] = [];

  return {
    fake,
    vault,
    credentialStore,
    store,
    sync,
    base,
    audit,
    logLines,
    answers,
    tokens,
    key: keyBytes.toString('base64'),
    async call(method, path, callOptions = {}) {
      const token = callOptions.token === undefined ? 'token-alice' : callOptions.token;
      const headers: Record<string, string> = { ...(token === null ? {} : { authorization: `Bearer ${token}` }) };
      let body: string | undefined;
      if (callOptions.body !== undefined) {
        body = typeof callOptions.body === 'string' ? callOptions.body : JSON.stringify(callOptions.body);
        headers['content-type'] = 'application/json';
      }
      const url = path.startsWith('/') ? `${origin}${path}` : `${base}/accounts/${path}`;
      const response = await fetch(url, { method, headers: { ...headers, ...callOptions.headers }, ...(body === undefined ? {} : { body }) });
      const text = await response.text();
      answers.push(`${response.status}\n${[...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n')}\n\n${text}`);
      const type = response.headers.get('content-type') ?? '';
      return { status: response.status, headers: response.headers, text, body: text !== '' && type.includes('json') ? JSON.parse(text) : undefined };
    },
    async addAccount(accountId) {
      await vault.put(accountId, 'iiko', { login: fake.server.login, password: CANARY_PASSWORD }, { baseUrl: fake.url, actor: 'test-setup' });
    },
    assertNoSecrets(extraSecrets = []) {
      const everything = [...answers, ...logLines, JSON.stringify(audit)].join('\n');
      const secrets = [CANARY_PASSWORD, passwordSha1(CANARY_PASSWORD), ...extraSecrets, ...extraSecrets.map(passwordSha1), ...tokens, keyBytes.toString('base64'), keyBytes.toString('base64url'), keyBytes.toString('hex')];
      for (const secret of secrets) expect(everything, 'a secret leaked').not.toContain(secret);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await fake.close();
    },
  };
}

/** Checks an answer is an RFC 9457 problem of the given type and status, and returns its body. */
export function expectProblem(answer: Answer, type: string, status: number): z.infer<typeof ProblemSchema> {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.headers.get('content-type')).toBe('application/problem+json');
  const problem = ProblemSchema.parse(answer.body);
  expect(problem).toEqual(answer.body); // no undocumented members
  expect(problem.type).toBe(`urn:getinn:iiko-http:problem:${type}`);
  expect(problem.status).toBe(status);
  return problem;
}

/** Checks a JSON answer against its schema — nothing missing, nothing undocumented — and returns it. */
export function expectBody<S extends z.ZodType>(answer: Answer, schema: S, status = 200): z.output<S> {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.headers.get('content-type')).toBe('application/json');
  const parsed = schema.parse(answer.body);
  expect(parsed).toEqual(answer.body);
  return parsed;
}

/** Requests the fake saw to a path prefix. */
export function requestsTo(harness: Harness, path: string) {
  return harness.fake.server.requests.filter((request) => request.path.startsWith(path));
}

/** Takes every licence slot of the fake with direct logins; returns a function that frees them. */
export async function takeAllLicenceSlots(harness: Harness, slots: number): Promise<() => Promise<void>> {
  const keys: string[] = [];
  for (let index = 0; index < slots; index += 1) {
    const response = await fetch(`${harness.fake.url}/resto/api/auth?login=${harness.fake.server.login}&pass=${passwordSha1(CANARY_PASSWORD)}`);
    keys.push((await response.text()).trim());
  }
  harness.tokens.push(...keys);
  return async () => {
    for (const key of keys) await fetch(`${harness.fake.url}/resto/api/logout?key=${key}`);
  };
}
