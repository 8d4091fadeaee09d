/**
 * The per-file test harness of the client suite: one msw server, fresh base URLs, and clean-up in the
 * right order (clients close — logging out through msw or the loopback fake — before handlers reset and
 * servers stop).
 *
 * The client keeps ONE queue and ONE session per server on `globalThis`, so every test talks to a server
 * of its own: a fresh `https://tN.iiko.test` origin for msw, a fresh port for the loopback fake.
 */
import { setupServer, type SetupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { IikoClient, type IikoClientOptions, type RetryOptions } from '@getinn/iiko-client';
import {
  FakeIikoServer,
  startFakeIikoServer,
  type FakeIikoServerOptions,
  type RunningFakeIikoServer,
} from '@getinn/iiko-client/testing';
import { createIikoHandlers } from '@getinn/iiko-client/testing/msw';

/** Retry settings that keep failure paths fast: 3 attempts, back-off of a few milliseconds. */
export const FAST_RETRY = { retries: 2, minDelayMs: 1, maxDelayMs: 5 } as const satisfies RetryOptions;

/** iikoServer paths as the fake's request log records them. */
export const PATHS = {
  auth: '/resto/api/auth',
  logout: '/resto/api/logout',
  serverInfo: '/resto/get_server_info.jsp',
  departments: '/resto/api/corporation/departments',
  stores: '/resto/api/corporation/stores',
  suppliers: '/resto/api/suppliers',
  supplierSearch: '/resto/api/suppliers/search',
  invoices: '/resto/api/documents/export/incomingInvoice',
} as const;

let serial = 0;

/** A base URL no other test of this process uses, so no queue or session is shared by accident. */
export function uniqueBaseUrl(): string {
  serial += 1;
  return `https://t${serial}.iiko.test`;
}

/** A {@link FakeIikoServer} answering through msw under its own base URL. */
export interface MswFake {
  readonly server: FakeIikoServer;
  readonly baseUrl: string;
  /** Client options logging in as the fake's user, with {@link FAST_RETRY}; `extra` overrides. */
  options(extra?: Partial<IikoClientOptions>): IikoClientOptions;
  /** A client of this fake, closed after the test. */
  client(extra?: Partial<IikoClientOptions>): IikoClient;
  /** Requests the fake saw for `path` (exact pathname). */
  requestsTo(path: string): FakeRequestLike[];
}

/** A loopback fake with the same conveniences as {@link MswFake}. */
export interface LoopbackFake extends MswFake {
  readonly running: RunningFakeIikoServer;
}

type FakeRequestLike = FakeIikoServer['requests'][number];

export interface Suite {
  readonly msw: SetupServer;
  /** Registers a client to be closed after the test, and returns it. */
  track<T extends IikoClient>(client: T): T;
  /** A new client, closed after the test. */
  client(options: IikoClientOptions): IikoClient;
  /** A fake iikoServer over msw at a fresh base URL. */
  fake(options?: FakeIikoServerOptions): MswFake;
  /** A fake iikoServer on real HTTP at 127.0.0.1 (fresh port), stopped after the test. */
  loopback(options?: FakeIikoServerOptions): Promise<LoopbackFake>;
  /** Runs after the test's clients are closed and before msw handlers reset (for extra servers). */
  onCleanup(task: () => Promise<void> | void): void;
}

/**
 * Sets up the file's msw server and per-test clean-up. Requests to 127.0.0.1 pass through to the loopback
 * servers; any other unhandled request fails the test loudly.
 */
export function useSuite(): Suite {
  const msw = setupServer();
  const clients: IikoClient[] = [];
  const cleanups: Array<() => Promise<void> | void> = [];

  beforeAll(() =>
    msw.listen({
      onUnhandledRequest(request, print) {
        if (new URL(request.url).hostname === '127.0.0.1') return;
        print.error();
      },
    }),
  );
  afterEach(async () => {
    // Close clients first: their logout still needs the handlers and servers of the test.
    await Promise.allSettled(clients.splice(0).map((client) => client.close()));
    for (const task of cleanups.splice(0).reverse()) await task();
    msw.resetHandlers();
  });
  afterAll(() => msw.close());

  const track = <T extends IikoClient>(client: T): T => {
    clients.push(client);
    return client;
  };

  const conveniences = (server: FakeIikoServer, baseUrl: string): MswFake => {
    const options = (extra: Partial<IikoClientOptions> = {}): IikoClientOptions => ({
      baseUrl,
      login: server.login,
      password: server.password,
      retry: FAST_RETRY,
      // The cool-down after a timed-out attempt would make every timeout test wait 10 s; the tests of the
      // cool-down itself set their own.
      cooldownAfterTimeoutMs: 0,
      ...extra,
    });
    return {
      server,
      baseUrl,
      options,
      client: (extra) => track(new IikoClient(options(extra))),
      requestsTo: (path) => server.requests.filter((request) => request.path === path),
    };
  };

  return {
    msw,
    track,
    // No cool-down after a timeout unless a test asks for one (see `options` above).
    client: (options) => track(new IikoClient({ cooldownAfterTimeoutMs: 0, ...options })),
    fake(options) {
      const server = new FakeIikoServer(options);
      const baseUrl = uniqueBaseUrl();
      msw.use(...createIikoHandlers(server, { baseUrl }));
      return conveniences(server, baseUrl);
    },
    async loopback(options) {
      const running = await startFakeIikoServer(options);
      cleanups.push(() => running.close());
      return { ...conveniences(running.server, running.url), running };
    },
    onCleanup(task) {
      cleanups.push(task);
    },
  };
}
