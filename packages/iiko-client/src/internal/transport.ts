import ky, { type KyInstance } from 'ky';
import { IikoError, redactedCause, type IikoRequestInfo } from '../errors/iiko-error';
import { IikoHtmlResponseError } from '../errors/response-errors';
import { IikoAbortError, IikoNetworkError, IikoTimeoutError } from '../errors/transport-errors';
import type { Logger } from '../logger';
import type { GatePass, ServerGate } from '../server-gate';
import { abortError, delay, untilAborted } from './abort';
import { markFinal } from './retry-policy';
import { retryAfterMs } from './retry-after';
import { errorForStatus } from './status-errors';
import { redactUrl, type Redactor } from './redact';

/** One HTTP request and how to read its successful answer. */
export interface HttpCall<T> {
  /** Path under the base URL, without a leading slash (`resto/api/suppliers`). */
  path: string;
  /** Query parameters; the session `key` is added by the caller when needed. */
  searchParams: URLSearchParams;
  /** Reads a 2xx answer that is not HTML. Runs inside the queue: the body is part of the request. */
  read: (response: Response, request: IikoRequestInfo) => Promise<T>;
  /** The caller's signal. */
  signal?: AbortSignal | undefined;
  /** Ends the whole call (the total time budget), including retries. */
  deadline?: AbortSignal | undefined;
  /** Attempt number, for logs. */
  attempt: number;
  /**
   * `POST` sends `body` (a document write). The transport never repeats an attempt itself; the caller
   * decides, and a write is never repeated without first looking whether it landed.
   * @default 'GET'
   */
  method?: 'GET' | 'POST' | undefined;
  /** The request body of a `POST`, sent as `application/xml`. */
  body?: string | undefined;
}

/** What a transport needs; see {@link createTransport}. */
export interface TransportSettings {
  baseUrl: URL;
  /** The server's identity for the gate (see `serverKeyOf`). */
  serverKey: string;
  gate: ServerGate;
  fetch: typeof globalThis.fetch | undefined;
  timeoutMs: number;
  maxRetryAfterMs: number;
  /** How long the pass is kept after an abandoned attempt; see `DEFAULTS.cooldownAfterTimeoutMs`. */
  cooldownMs: number;
  redactor: Redactor;
  logger: Logger;
}

/** Sends one attempt of a call while holding the pass of the section it belongs to. */
export type Send = <T>(call: HttpCall<T>) => Promise<T>;

/** What ends a wait for the gate: the caller's signal and the call's total budget. */
export interface Limits {
  signal?: AbortSignal | undefined;
  deadline?: AbortSignal | undefined;
}

/** Sends attempts through the server's gate and turns every failure into an {@link IikoError}. */
export interface Transport {
  /** One attempt, in a pass of its own. */
  send<T>(call: HttpCall<T>): Promise<T>;
  /**
   * Runs `work` while holding one pass of the server's gate: the requests it sends with `send` go out one
   * after another with no other request to the server in between, in this process or any other sharing
   * the gate. Session store calls belong in here (join, then log in and publish, is atomic that way).
   */
  exclusive<T>(limits: Limits, work: (send: Send) => Promise<T>): Promise<T>;
}

/** A retryable error may say how long the server wants us to wait. */
export const RETRY_AFTER = Symbol('retryAfterMs');

/**
 * The HTTP layer: ky on the global (or injected) `fetch`, one attempt per call, no retries of its own
 * (retrying is the caller's policy), the whole exchange — headers and body — inside a pass of the
 * server's gate so that no two requests to one iikoServer are ever in flight together.
 *
 * An attempt abandoned because it timed out (its own timeout or the call's total budget) may still be
 * running on the server, so the pass is then kept for `cooldownMs` more: the next request of the same
 * section waits that long, and the pass is released only once it is over. A caller's abort is not
 * treated so: the caller chose to stop, and the next request is usually its logout.
 */
export function createTransport(settings: TransportSettings): Transport {
  const http: KyInstance = ky.create({
    prefixUrl: settings.baseUrl,
    retry: 0,
    timeout: false,
    throwHttpErrors: false,
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
  });
  const { redactor, logger } = settings;
  const base = withTrailingSlash(settings.baseUrl);

  async function attempt<T>(call: HttpCall<T>, onAbandoned: () => void): Promise<T> {
    const url = new URL(call.path, base);
    url.search = call.searchParams.toString();
    const method = call.method ?? 'GET';
    const request: IikoRequestInfo = { method, url: redactor.redact(redactUrl(url)), path: url.pathname };
    const attemptTimeout = AbortSignal.timeout(settings.timeoutMs);
    const signal = AbortSignal.any([attemptTimeout, ...[call.signal, call.deadline].filter((s) => s !== undefined)]);
    const started = performance.now();
    // Given up on by the client, not answered by the server: it may still be working on the request.
    const timedOut = (): boolean => attemptTimeout.aborted || call.deadline?.aborted === true;
    const fail = (error: unknown): IikoError => translate(error, call, attemptTimeout, request, redactor.redact);
    const log = (status: number, error?: IikoError): void =>
      logger.debug(
        {
          method,
          path: request.path,
          status,
          attempt: call.attempt,
          durationMs: Math.round(performance.now() - started),
          ...(error ? { error: error.code } : {}),
        },
        'iiko request',
      );
    let response: Response;
    try {
      const body = method === 'POST' ? { body: call.body ?? '', headers: { 'content-type': 'application/xml; charset=UTF-8' } } : {};
      response = guardBody(await http(call.path, { method, searchParams: call.searchParams, signal, ...body }), signal);
    } catch (error) {
      // No answer (reset, refused, timeout, abort): the request was still made, so it is logged too — with
      // status 0, as fetch reports a network error — or the debug log would hide exactly the failures.
      if (timedOut()) onAbandoned();
      const failure = fail(error);
      log(0, failure);
      throw failure;
    }
    try {
      if (isHtml(response)) {
        const page = redactor.redact(await response.text());
        throw new IikoHtmlResponseError(
          `iikoServer did not answer ${request.path}: an HTML page came back (status ${response.status}) — a proxy, DNS or an empty Tomcat answered instead of iiko`,
          { status: response.status, responseText: page, request },
        );
      }
      if (!response.ok) {
        const error = errorForStatus(response.status, redactor.redact(await response.text()), request);
        const wait = retryAfterMs(response.headers.get('retry-after'), settings.maxRetryAfterMs);
        if (wait !== undefined) Object.defineProperty(error, RETRY_AFTER, { value: wait });
        throw error;
      }
      return await call.read(response, request);
    } catch (error) {
      if (timedOut()) onAbandoned();
      throw error instanceof IikoError ? error : fail(error);
    } finally {
      log(response.status);
    }
  }

  async function acquire(limits: Limits): Promise<GatePass> {
    const early = abortError(limits.signal, limits.deadline, 'before it was sent');
    if (early) throw early;
    const signals = [limits.signal, limits.deadline].filter((s): s is AbortSignal => s !== undefined);
    const acquiring = settings.gate.acquire(settings.serverKey, signals.length === 0 ? {} : { signal: AbortSignal.any(signals) });
    try {
      // A gate that is slow to notice the abort must not hold the caller: stop waiting at once, and give
      // back the pass should it still arrive.
      return await untilAborted(acquiring, limits.signal, limits.deadline, 'while it waited for its turn at the server');
    } catch (error) {
      acquiring.then((pass) => pass.release()).catch(() => undefined);
      throw abortError(limits.signal, limits.deadline, 'while it waited for its turn at the server') ?? error;
    }
  }

  function release(pass: GatePass, quietUntil: number): Promise<void> {
    const give = (): Promise<void> =>
      pass.release().catch((error: unknown) => {
        logger.warn({ error: error instanceof Error ? error.name : 'unknown' }, 'iiko gate: releasing the pass failed');
      });
    const wait = quietUntil - performance.now();
    if (wait <= 0) return give();
    // The caller is not held for the cool-down; the next request to the server is.
    setTimeout(() => void give(), wait).unref();
    return Promise.resolve();
  }

  async function exclusive<T>(limits: Limits, work: (send: Send) => Promise<T>): Promise<T> {
    const pass = await acquire(limits);
    let quietUntil = 0;
    const onAbandoned = (): void => {
      quietUntil = performance.now() + settings.cooldownMs;
      logger.debug({ cooldownMs: settings.cooldownMs }, 'iiko request abandoned; the server gate stays closed for the cool-down');
    };
    const send: Send = async (call) => {
      throwIfAborted(call, 'before it was sent');
      const wait = quietUntil - performance.now();
      if (wait > 0) await delay(wait, call.signal, call.deadline, 'while the server cooled down after an abandoned request');
      return attempt(call, onAbandoned);
    };
    try {
      return await work(send);
    } finally {
      await release(pass, quietUntil);
    }
  }

  return {
    send: (call) => exclusive(call, (send) => send(call)),
    exclusive,
  };
}

/**
 * The response with its body ended by `signal` (the caller's abort, the attempt timeout, the total budget).
 * Node's own fetch already ties the body to the request's signal, but an injected `fetch` (msw in tests,
 * some proxies and polyfills) may not: the body read — which runs inside the server's serial queue — then
 * waited forever on a stalled body, and every later request to that server waited behind it.
 */
function guardBody(response: Response, signal: AbortSignal): Response {
  if (response.body === null) return response;
  const body = response.body.pipeThrough(new TransformStream<Uint8Array, Uint8Array>(), { signal });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/**
 * An answer that says it is HTML. A page labelled as XML is caught by the XML reader instead, when its
 * first element turns out to be `<html>`.
 */
function isHtml(response: Response): boolean {
  const type = response.headers.get('content-type') ?? '';
  return /\btext\/html\b|application\/xhtml/i.test(type);
}

function withTrailingSlash(url: URL): URL {
  return url.pathname.endsWith('/') ? url : new URL(`${url.href}/`);
}

function throwIfAborted(call: HttpCall<unknown>, stage: string): void {
  const error = abortError(call.signal, call.deadline, stage);
  if (error) throw error;
}

/** Turns what fetch, ky, streams or the parser threw into the client's error, without secrets. */
function translate(
  error: unknown,
  call: HttpCall<unknown>,
  attemptTimeout: AbortSignal,
  request: IikoRequestInfo,
  redact: (text: string) => string,
): IikoError {
  if (error instanceof IikoError) return error;
  const cause = redactedCause(error, redact);
  if (call.signal?.aborted) return new IikoAbortError(`${request.path} was aborted by the caller's signal`, { request, cause });
  if (call.deadline?.aborted) {
    return markFinal(new IikoTimeoutError(`${request.path} ran out of the call's total time budget`, { request, cause }));
  }
  if (attemptTimeout.aborted) return new IikoTimeoutError(`${request.path} did not complete within the attempt timeout`, { request, cause });
  const code = (cause as { code?: string } | undefined)?.code;
  const reason = code ? ` (${code})` : '';
  return new IikoNetworkError(`the connection to iikoServer failed on ${request.path}${reason}: ${cause?.message ?? 'unknown error'}`, {
    request,
    cause,
  });
}
