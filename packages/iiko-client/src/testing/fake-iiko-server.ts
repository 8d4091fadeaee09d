import {
  DEFAULT_LICENCE_SLOTS,
  DEFAULT_LOGIN,
  DEFAULT_PASSWORD,
  DEFAULT_SEED,
  DEFAULT_SERVER_VERSION,
  DEFAULT_TOKEN_TTL_MS,
} from './constants';
import { FakeCore } from './core';
import type { FakeIikoData } from './data-types';
import { generateFakeDataset } from './generate/dataset';
import type { FakeDatasetOptions, FakeFault, FakeIikoServerOptions, FakeRequestRecord } from './options';
import { SessionPool } from './sessions';
import { sha1Hex } from './sha1';
import { toResponse } from './to-response';

const cores = new WeakMap<FakeIikoServer, FakeCore>();

/** The engine behind a server, for the loopback adapter (not part of the public API). */
export function coreOf(server: FakeIikoServer): FakeCore {
  const core = cores.get(server);
  if (core === undefined) throw new TypeError('not a FakeIikoServer');
  return core;
}

/**
 * A stateful, in-process iikoServer ("resto") for tests: SHA-1 login with licence slots, token expiry on an
 * injectable clock, logout, restart, the read endpoints the SDK uses with vendor-shaped XML, iiko's
 * text/plain errors, injectable faults and a redacted request log. It behaves like the real server as
 * described in the project's API notes, so code that passes against it meets the real server's rules —
 * most of all, the licence slots that a login without logout burns.
 *
 * Serve it through {@link startFakeIikoServer} (real HTTP on 127.0.0.1), through msw handlers
 * (`createIikoHandlers` of `@getinn/iiko-client/testing/msw`), or call {@link FakeIikoServer.handle}
 * directly with a fetch `Request`.
 *
 * @example
 * ```ts
 * const server = new FakeIikoServer({ licenceSlots: 1 });
 * const auth = await server.handle(new Request(`https://x/resto/api/auth?login=demo&pass=${sha1Hex('demo-password')}`));
 * const token = await auth.text();
 * ```
 */
export class FakeIikoServer {
  /**
   * The live data; edit it between calls to play a change made in iiko.
   * @example
   * ```ts
   * server.data.incomingInvoices[0]!.status = 'DELETED';
   * ```
   */
  readonly data: FakeIikoData;
  /** The accepted login; give it to the client under test. @default 'demo' */
  readonly login: string;
  /** The accepted password (clients send its SHA-1). @default 'demo-password' */
  readonly password: string;
  /** The version `get_server_info.jsp` reports. @default '9.1.8024.0' */
  readonly serverVersion: string;
  readonly #core: FakeCore;
  readonly #sessions: SessionPool;

  /** @param options see {@link FakeIikoServerOptions}; every field has a default. */
  constructor(options: FakeIikoServerOptions = {}) {
    this.login = options.login ?? DEFAULT_LOGIN;
    this.password = options.password ?? DEFAULT_PASSWORD;
    this.serverVersion = options.serverVersion ?? DEFAULT_SERVER_VERSION;
    const slots = options.licenceSlots ?? DEFAULT_LICENCE_SLOTS;
    const ttl = options.tokenTtlMs ?? DEFAULT_TOKEN_TTL_MS;
    if (!Number.isInteger(slots) || slots < 0) throw new RangeError(`licenceSlots must be an integer >= 0, got ${slots}`);
    if (!(ttl > 0)) throw new RangeError(`tokenTtlMs must be > 0, got ${ttl}`);
    this.data = isData(options.dataset)
      ? options.dataset
      : generateFakeDataset({ ...options.dataset, seed: options.seed ?? DEFAULT_SEED });
    this.#sessions = new SessionPool(slots, ttl, options.now ?? Date.now);
    this.#core = new FakeCore({
      data: this.data,
      sessions: this.#sessions,
      users: new Map([
        [this.login, sha1Hex(this.password)],
        ...(options.users ?? []).map((user): [string, string] => [user.login, sha1Hex(user.password)]),
      ]),
      serverVersion: this.serverVersion,
    });
    cores.set(this, this.#core);
  }

  /**
   * Answers one fetch-style request. Only the path, query, method and `Cookie` header matter, so any origin
   * works. Counts as in flight from the call until the `Response` is returned.
   *
   * @example
   * ```ts
   * const res = await server.handle(new Request('http://any/resto/get_server_info.jsp?encoding=UTF-8'));
   * ```
   */
  async handle(request: Request): Promise<Response> {
    const body = request.method.toUpperCase() === 'POST' ? await request.text() : undefined;
    const call = { method: request.method, url: new URL(request.url), cookie: request.headers.get('cookie'), body };
    const exchange = this.#core.begin(call);
    let status = 0;
    try {
      const reply = await this.#core.answer(exchange, call);
      status = reply.status;
      return toResponse(reply, (bytes) => {
        exchange.record.bytes += bytes;
      });
    } finally {
      this.#core.end(exchange, status);
    }
  }

  /**
   * Queues a fault for the next matching request(s); see {@link FakeFault}.
   *
   * @example
   * ```ts
   * server.injectFault({ kind: 'reset', path: '/resto/api/documents' });
   * server.injectFault({ kind: 'status', status: 401, path: '/resto/api/suppliers', times: 2 });
   * ```
   */
  injectFault(fault: FakeFault): void {
    if (fault.kind === 'status' && !(Number.isInteger(fault.status) && fault.status >= 200 && fault.status <= 599)) {
      throw new RangeError(`status fault needs a status in 200..599, got ${fault.status}`);
    }
    this.#core.faults.add(fault);
  }

  /**
   * Drops every queued fault, e.g. in an `afterEach` when one server is shared by several tests.
   * @example
   * ```ts
   * afterEach(() => server.clearFaults());
   * ```
   */
  clearFaults(): void {
    this.#core.faults.clear();
  }

  /**
   * Every request seen, oldest first, with `key`/`pass` values replaced by `'***'`. Records are live: a
   * request in flight shows `status: 0` and no `endedAt` until it ends.
   *
   * @example
   * ```ts
   * expect(server.requests.filter((r) => r.path === '/resto/api/auth')).toHaveLength(1);
   * ```
   */
  get requests(): readonly FakeRequestRecord[] {
    return this.#core.requests;
  }

  /**
   * The most requests that were in flight at the same time. iiko wants requests to one server strictly
   * sequential, so a client's serial-queue test asserts this stays 1. Combine with a `delay` fault so that
   * overlapping requests really overlap.
   * @example
   * ```ts
   * server.injectFault({ kind: 'delay', ms: 50, times: 10 });
   * await Promise.all([client.suppliers(), client.stores(), client.departments()]);
   * expect(server.maxInFlight).toBe(1);
   * ```
   */
  get maxInFlight(): number {
    return this.#core.maxInFlight;
  }

  /**
   * Sessions holding a licence slot now — of `login`, or of every login — with expired ones freed lazily
   * against the injected clock. A client that logs out on close leaves 0 behind.
   * @example
   * ```ts
   * await client.close();
   * expect(server.activeSessions()).toBe(0);
   * ```
   */
  activeSessions(login?: string): number {
    return this.#sessions.active(login);
  }

  /**
   * The most sessions one login held at the same time, across the whole test (or since
   * {@link FakeIikoServer.resetStats}). A client — or several processes sharing a session store — that
   * keeps one licence slot per login leaves this at 1.
   * @example
   * ```ts
   * await Promise.all([sync.run('a'), sync.run('b'), sync.testConnection('a')]);
   * expect(server.maxSessionsPerLogin).toBe(1);
   * ```
   */
  get maxSessionsPerLogin(): number {
    return this.#sessions.maxPerLogin();
  }

  /**
   * A server restart: every token becomes invalid (401) and every slot is free. Data and faults stay.
   * A client should log in again once on the 401 and carry on.
   * @example
   * ```ts
   * server.restart();
   * await client.suppliers(); // re-logs in
   * ```
   */
  restart(): void {
    this.#sessions.clear();
  }

  /**
   * Forgets the request log and resets `maxInFlight` and `maxSessionsPerLogin` (to what is live now); the
   * data and sessions stay. Use it after a warm-up
   * (the login) so assertions see only the calls under test.
   * @example
   * ```ts
   * server.resetStats();
   * await client.stores();
   * expect(server.requests.map((r) => r.path)).toEqual(['/resto/api/corporation/stores']);
   * ```
   */
  resetStats(): void {
    this.#core.resetStats();
    this.#sessions.resetMax();
  }
}

function isData(dataset: FakeDatasetOptions | FakeIikoData | undefined): dataset is FakeIikoData {
  return dataset !== undefined && 'corporateItems' in dataset;
}
