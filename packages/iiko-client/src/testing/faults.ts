import type { FakeFault } from './options';

interface QueuedFault {
  readonly fault: FakeFault;
  remaining: number;
}

/**
 * FIFO queue of injected faults. A request consumes at most one fault: the first queued one whose `path`
 * matches its pathname; a fault with `times: n` is consumed n times before it leaves the queue.
 */
export class FaultQueue {
  readonly #queue: QueuedFault[] = [];

  /** Queues `fault`; rejects nonsense early so a test typo fails loudly. */
  add(fault: FakeFault): void {
    const times = fault.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new RangeError(`fault.times must be a positive integer, got ${times}`);
    if (fault.kind === 'delay' && !(fault.ms >= 0)) throw new RangeError(`delay fault needs ms >= 0, got ${fault.ms}`);
    if (fault.kind === 'truncate' && fault.bytes !== undefined && !(Number.isInteger(fault.bytes) && fault.bytes >= 0)) {
      throw new RangeError(`truncate fault needs bytes >= 0, got ${fault.bytes}`);
    }
    this.#queue.push({ fault, remaining: times });
  }

  /** Takes the fault for a request to `pathname`, if one matches. */
  take(pathname: string): FakeFault | undefined {
    const index = this.#queue.findIndex(({ fault }) => matches(fault.path, pathname));
    const entry = this.#queue[index];
    if (entry === undefined) return undefined;
    entry.remaining -= 1;
    if (entry.remaining === 0) this.#queue.splice(index, 1);
    return entry.fault;
  }

  /** Drops every queued fault. */
  clear(): void {
    this.#queue.length = 0;
  }
}

function matches(path: string | RegExp | undefined, pathname: string): boolean {
  if (path === undefined) return true;
  if (typeof path === 'string') return pathname.startsWith(path);
  path.lastIndex = 0;
  return path.test(pathname);
}
