import { DEFAULT_FAULT_BODIES } from './constants';
import type { FakeState } from './endpoints/context';
import { FaultQueue } from './faults';
import type { FakeFault, FakeRequestRecord } from './options';
import { type FakeReply, RESET_REPLY, htmlReply, textReply } from './reply';
import { route } from './router';

/** Query parameters whose values never reach the request log. */
const SECRET_PARAMS = new Set(['key', 'pass', 'password']);

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** One request between arrival and the end of its answer. */
export interface Exchange {
  readonly record: Mutable<FakeRequestRecord>;
  ended: boolean;
}

/** A request as the adapters hand it over: only method, URL and the `Cookie` header matter. */
export interface IncomingCall {
  readonly method: string;
  readonly url: URL;
  readonly cookie: string | null | undefined;
  /** The request body of a POST (a document import), as text. */
  readonly body?: string | undefined;
}

/**
 * The engine shared by both adapters: request log, in-flight counting, fault queue and routing. The
 * adapters decide where a request starts and ends (msw: `handle()`; loopback: the HTTP request and the
 * response's `finish`/`close`), which is why begin/answer/end are separate steps.
 */
export class FakeCore {
  readonly requests: FakeRequestRecord[] = [];
  readonly faults = new FaultQueue();
  readonly state: FakeState;
  inFlight = 0;
  maxInFlight = 0;

  constructor(state: FakeState) {
    this.state = state;
  }

  /** Counts a request as in flight and logs it (secrets redacted). */
  begin(call: IncomingCall): Exchange {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const record: Mutable<FakeRequestRecord> = {
      method: call.method.toUpperCase(),
      path: call.url.pathname,
      query: redactedQuery(call.url.searchParams),
      status: 0,
      bytes: 0,
      startedAt: wallClock(),
    };
    this.requests.push(record);
    return { record, ended: false };
  }

  /** Decides the answer: the first matching fault, else the route. A `delay` fault waits here. */
  async answer(exchange: Exchange, call: IncomingCall): Promise<FakeReply> {
    const fault = this.faults.take(call.url.pathname);
    if (fault !== undefined) exchange.record.fault = fault.kind;
    if (fault?.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, fault.ms));
    const reply = fault === undefined ? undefined : faultReply(fault);
    if (reply !== undefined) return reply;
    const normal = route({
      url: call.url,
      method: call.method.toUpperCase(),
      token: call.url.searchParams.get('key') ?? keyCookie(call.cookie),
      state: this.state,
      body: call.body,
    });
    // The write happened; only its answer is lost (the "did it land?" case of a POST).
    if (fault?.kind === 'lose-answer') return { ...normal, network: { kind: 'reset' } };
    return fault?.kind === 'truncate'
      ? { ...normal, network: { kind: 'truncate', bytes: fault.bytes, endsCleanly: fault.endsCleanly } }
      : normal;
  }

  /** Ends the exchange once (adapters may report both `finish` and `close`). */
  end(exchange: Exchange, status: number): void {
    if (exchange.ended) return;
    exchange.ended = true;
    this.inFlight -= 1;
    exchange.record.status = status;
    exchange.record.endedAt = wallClock();
  }

  /** Forgets the request log and the high-water mark (requests still in flight keep counting). */
  resetStats(): void {
    this.requests.length = 0;
    this.maxInFlight = this.inFlight;
  }
}

/** The replacement answer of a fault, or undefined when the fault only wraps the normal answer. */
function faultReply(fault: FakeFault): FakeReply | undefined {
  switch (fault.kind) {
    case 'status': {
      // Lower-cased so a caller's `Content-Type` replaces the default instead of joining it.
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(fault.headers ?? {})) headers[name.toLowerCase()] = value;
      if (fault.contentType !== undefined) headers['content-type'] = fault.contentType;
      return textReply(fault.status, fault.body ?? DEFAULT_FAULT_BODIES[fault.status] ?? `HTTP ${fault.status}`, headers);
    }
    case 'html':
      return htmlReply(fault.status ?? 200);
    case 'reset':
      return RESET_REPLY;
    case 'delay':
    case 'truncate':
    case 'lose-answer':
      return undefined;
  }
}

function keyCookie(header: string | null | undefined): string | undefined {
  if (header === null || header === undefined) return undefined;
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === 'key') return decodeURIComponent(value.join('='));
  }
  return undefined;
}

function redactedQuery(params: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [name, raw] of params) {
    const value = SECRET_PARAMS.has(name.toLowerCase()) ? '***' : raw;
    const previous = query[name];
    query[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return query;
}

function wallClock(): number {
  return performance.timeOrigin + performance.now();
}
