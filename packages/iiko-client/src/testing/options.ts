import type { FakeIikoData } from './data-types';

/**
 * How {@link generateFakeDataset} sizes the generated back office. Every count is deterministic for a
 * given seed, so two runs with the same options produce byte-identical XML.
 *
 * @example
 * ```ts
 * const data = generateFakeDataset({ restaurants: 1, suppliers: 3, invoices: 5, linesPerInvoice: [1, 3] });
 * ```
 */
export interface FakeDatasetOptions {
  /**
   * Number of restaurants (`DEPARTMENT` nodes).
   * @default 3
   */
  restaurants?: number | undefined;
  /**
   * Stores under each restaurant.
   * @default 2
   */
  storesPerRestaurant?: number | undefined;
  /**
   * Employees that are suppliers (a few extra non-supplier and deleted employees are added on top, as a
   * real list has them).
   * @default 12
   */
  suppliers?: number | undefined;
  /**
   * Incoming invoices spread over `from`..`to`.
   * @default 40
   */
  invoices?: number | undefined;
  /**
   * Lines per invoice: a fixed count, or an inclusive `[min, max]` range.
   * @default 5
   */
  linesPerInvoice?: number | readonly [min: number, max: number] | undefined;
  /**
   * First invoice date, `YYYY-MM-DD`.
   * @default '2026-07-01' — fixed, so generated data does not depend on the day the test runs
   */
  from?: string | undefined;
  /**
   * Last invoice date, `YYYY-MM-DD`, inclusive.
   * @default '2026-09-30'
   */
  to?: string | undefined;
  /**
   * Adds the data problems real chains have, each once: a store hanging straight under a legal entity (no
   * owner), an invoice whose line `sum` is not a decimal (`1 440,00`: the client rejects that record), and
   * an invoice from a supplier the supplier list lacks until {@link resolveFakeDataProblems} adds it ("the
   * supplier appears in the next run"). What was added is described in `data.dataProblems`. Off, the chain
   * is clean: every record maps and every reference resolves.
   * @default false
   */
  dataProblems?: boolean | undefined;
}

/**
 * How a {@link FakeIikoServer} behaves. The defaults match a small real customer: two licence slots for
 * the API module and hour-long tokens.
 *
 * @example
 * ```ts
 * let now = 0;
 * const server = new FakeIikoServer({ licenceSlots: 1, tokenTtlMs: 1000, now: () => now });
 * ```
 */
export interface FakeIikoServerOptions {
  /**
   * The login the server accepts (more can be added with `users`).
   * @default 'demo'
   */
  login?: string | undefined;
  /**
   * The password; the server compares `sha1Hex(password)` with the `pass` query parameter, as iikoServer
   * does (case-insensitively).
   * @default 'demo-password'
   */
  password?: string | undefined;
  /**
   * More iiko users the server accepts besides `login`, for tests of several accounts or integrations on
   * one server: each login still takes a slot from the one shared licence pool.
   * @default []
   * @example
   * ```ts
   * new FakeIikoServer({ users: [{ login: 'getinn-2', password: 'second' }] });
   * ```
   */
  users?: ReadonlyArray<{ readonly login: string; readonly password: string }> | undefined;
  /**
   * Concurrent sessions allowed. iiko counts every login against a licence slot until logout or expiry;
   * with none free the login answers 403 `License enhancement is required…`.
   * @default 2
   */
  licenceSlots?: number | undefined;
  /**
   * Token lifetime from login. Use does NOT extend it (vendor behaviour).
   * @default 3_600_000
   */
  tokenTtlMs?: number | undefined;
  /**
   * The clock used for token expiry, injectable so a test can jump an hour ahead.
   * @default Date.now
   */
  now?: (() => number) | undefined;
  /**
   * The `<version>` of `/resto/get_server_info.jsp`.
   * @default '9.1.8024.0'
   */
  serverVersion?: string | undefined;
  /**
   * Seed of the generated dataset (ignored when `dataset` is given as data).
   * @default 1
   */
  seed?: number | undefined;
  /**
   * The data to serve: generator options, or ready data (used as is, not copied, so the caller's object
   * stays live).
   * @default generateFakeDataset({ seed })
   */
  dataset?: FakeDatasetOptions | FakeIikoData | undefined;
}

/** Where a fault applies and how many times; shared by every {@link FakeFault} kind. */
export interface FakeFaultTarget {
  /**
   * Which requests the fault applies to: a string is a prefix of the pathname (`'/resto/api/documents'`),
   * a RegExp is tested against the pathname. Without it the fault hits the next request of any kind,
   * including auth and logout.
   * @default undefined — every path
   */
  path?: string | RegExp | undefined;
  /**
   * How many matching requests the fault applies to before it is used up.
   * @default 1
   */
  times?: number | undefined;
}

/**
 * A failure to play instead of (or around) the normal answer. Faults queue in FIFO order; each request
 * consumes at most one, the first queued one whose `path` matches.
 *
 * - `status`: answer with this status and a plain-text body (iiko's error bodies are `text/plain`).
 * - `html`: an HTML page with `text/html`, as a proxy or an empty Tomcat answers; status defaults to 200,
 *   the case a client most easily feeds to its XML parser.
 * - `reset`: the connection drops before any answer (`fetch` rejects).
 * - `delay`: the normal answer after `ms` milliseconds; the wait counts as in flight.
 * - `truncate`: the normal answer's headers and only its first `bytes` bytes (default: half), then the
 *   connection ends, so reading the body fails or yields an incomplete document (with `endsCleanly`,
 *   the short body arrives as a complete answer instead).
 *
 * @example
 * ```ts
 * server.injectFault({ kind: 'status', status: 500, body: 'java.net.SocketException: Connection reset',
 *   path: '/resto/api/documents', times: 2 });
 * server.injectFault({ kind: 'status', status: 503, headers: { 'Retry-After': '1' } });
 * ```
 */
export type FakeFault = (
  | {
      /** Answer with a given status and a plain-text body. */
      kind: 'status';
      /** HTTP status to answer with. */
      status: number;
      /** @default a realistic iiko text for the status (e.g. 401 `Token is expired or invalid`) */
      body?: string | undefined;
      /** Extra headers, e.g. `{ 'Retry-After': '2' }`. */
      headers?: Record<string, string> | undefined;
      /** @default 'text/plain; charset=UTF-8' */
      contentType?: string | undefined;
    }
  | {
      /** Answer with an HTML page, as a proxy or an empty Tomcat does. */
      kind: 'html';
      /** @default 200 */
      status?: number | undefined;
    }
  | {
      /** Drop the connection without an answer. */
      kind: 'reset';
    }
  | {
      /**
       * Handle the request normally — a POST's write happens — then drop the connection instead of
       * answering: the client cannot know whether the write landed.
       */
      kind: 'lose-answer';
    }
  | {
      /** Answer normally, late. */
      kind: 'delay';
      /** Milliseconds to wait before answering normally. */
      ms: number;
    }
  | {
      /** Send the headers and part of the normal body, then end the connection. */
      kind: 'truncate';
      /** @default half of the full body */
      bytes?: number | undefined;
      /**
       * Deliver the cut body as a complete answer (its own `Content-Length`, a clean end), as a proxy
       * or a broken gateway that cuts a body short does: the client reads a short but well-delivered
       * body, e.g. half a token from `/resto/api/auth`. Without it the connection drops mid-body.
       * @default false
       */
      endsCleanly?: boolean | undefined;
    }
) &
  FakeFaultTarget;

/**
 * One request as the fake saw it. Secrets are redacted: the values of `key` and `pass` read `'***'`, so the
 * log is safe to print in a failing test.
 */
export interface FakeRequestRecord {
  /** HTTP method, upper case. */
  readonly method: string;
  /** Pathname, e.g. `/resto/api/suppliers`. */
  readonly path: string;
  /** Query parameters; a repeated parameter (`supplierId`) becomes an array. */
  readonly query: Readonly<Record<string, string | readonly string[]>>;
  /** Answer status; 0 while in flight and for a connection reset. */
  readonly status: number;
  /**
   * Response body bytes sent so far (UTF-8): written to the socket by the loopback server, handed to the
   * body stream by `handle()`. Grows while a large export streams; benchmarks read it for the answer size.
   */
  readonly bytes: number;
  /** The fault that was applied, if any. */
  readonly fault?: FakeFault['kind'];
  /**
   * Wall-clock milliseconds (real time, not the injected `now`, so overlap can be checked even with a
   * frozen clock).
   */
  readonly startedAt: number;
  /** When the answer was complete (or the connection reset); absent while in flight. */
  readonly endedAt?: number;
}
