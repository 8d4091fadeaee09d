/**
 * The hand-over between a read that runs inside the server's gate (the producer: request, body, parser)
 * and the caller's `for await` loop (the consumer). At most one batch — the records of one piece of the
 * body — waits between them: the producer reads further only once the consumer has taken the last batch,
 * so a consumer that stops pulling stops the body, and the socket's flow control stops the server.
 */
import { IikoAbortError } from '../errors/transport-errors';
import type { RecordSink } from './read-xml';

/** Why the producer was stopped: the consumer left its loop. Never reaches the caller. */
export class StreamCancelled extends Error {
  constructor() {
    super('the caller stopped reading the records');
    this.name = 'StreamCancelled';
  }
}

/**
 * Runs `produce` when the first record is asked for and yields what it hands to its sink, in order.
 *
 * - Leaving the loop (`break`, `return`, a throw in its body) cancels: `stop` is aborted, the waiting
 *   batch is refused, and the generator's `return()` settles only once `produce` has ended — so the
 *   body is cancelled and the server's gate pass released by the time the loop is left.
 * - `signal` aborting stops the records at once, even while the consumer still holds a batch; the
 *   caller gets the producer's error (an `IikoAbortError` from the transport).
 * - A failure of `produce` is thrown from the loop after the records handed over before it.
 *
 * @param produce - the read; it must end when `stop` aborts or its sink rejects
 */
export async function* streamRecords<T>(
  produce: (sink: RecordSink<T>, stop: AbortSignal) => Promise<void>,
  signal?: AbortSignal | undefined,
): AsyncGenerator<T, void, undefined> {
  const stop = new AbortController();
  const cancelled = new StreamCancelled();
  let waiting: { batch: T[]; take: () => void; refuse: (error: unknown) => void } | undefined;
  let wake: (() => void) | undefined;
  // An object, not a `let`: TypeScript would narrow a local across the awaits the callbacks change it in.
  const progress: { state: 'running' | 'done' | 'failed' } = { state: 'running' };
  let failure: unknown;
  const refuseWaiting = (error: unknown): void => {
    waiting?.refuse(error);
    waiting = undefined;
  };
  const sink: RecordSink<T> = (batch) =>
    new Promise<void>((take, refuse) => {
      if (stop.signal.aborted) return refuse(cancelled);
      if (signal?.aborted) return refuse(signal.reason);
      waiting = { batch, take, refuse };
      wake?.();
    });
  const onAbort = (): void => {
    refuseWaiting(signal?.reason);
    wake?.();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  const producing = (async () => produce(sink, stop.signal))().then(
    () => {
      progress.state = 'done';
    },
    (error: unknown) => {
      progress.state = 'failed';
      failure = error;
    },
  );
  void producing.then(() => wake?.());
  try {
    for (;;) {
      if (signal?.aborted) break;
      if (waiting) {
        const { batch, take } = waiting;
        waiting = undefined;
        take();
        for (const record of batch) {
          if (signal?.aborted) break;
          yield record;
        }
        continue;
      }
      if (progress.state !== 'running') break;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
    if (signal?.aborted) {
      await producing;
      if (progress.state === 'failed') throw failure;
      throw new IikoAbortError('the read was aborted by its signal');
    }
    if (progress.state === 'failed') throw failure;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (progress.state === 'running') {
      stop.abort(cancelled);
      refuseWaiting(cancelled);
      await producing;
    }
  }
}
