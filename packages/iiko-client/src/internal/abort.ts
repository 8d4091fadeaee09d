import type { IikoError } from '../errors/iiko-error';
import { IikoAbortError, IikoTimeoutError } from '../errors/transport-errors';
import { markFinal } from './retry-policy';

/**
 * The error for a call whose caller aborted (`signal`) or whose total time budget ran out (`deadline`),
 * or `undefined` while neither has happened. `stage` says where the call was, e.g. "before it was sent".
 * Running out of the budget is final: retrying cannot give time back.
 */
export function abortError(signal: AbortSignal | undefined, deadline: AbortSignal | undefined, stage: string): IikoError | undefined {
  if (signal?.aborted) return new IikoAbortError(`the call was aborted by its signal ${stage}`);
  if (deadline?.aborted) return markFinal(new IikoTimeoutError(`the call ran out of its total time budget (totalTimeoutMs) ${stage}`));
  return undefined;
}

/**
 * `promise`, or {@link abortError} as soon as the caller's `signal` or the call's `deadline` fires — so a
 * caller stops waiting for its turn in the queue or for a shared login at once. The promise itself runs on.
 */
export function untilAborted<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  deadline: AbortSignal | undefined,
  stage: string,
): Promise<T> {
  const signals = [signal, deadline].filter((s): s is AbortSignal => s !== undefined);
  if (signals.length === 0) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortError(signal, deadline, stage));
    for (const s of signals) s.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => {
      for (const s of signals) s.removeEventListener('abort', onAbort);
    });
  });
}

/**
 * Waits `ms`, or rejects with {@link abortError} as soon as the caller's `signal` or the call's
 * `deadline` fires. `stage` says what the call was waiting for.
 */
export function delay(ms: number, signal: AbortSignal | undefined, deadline: AbortSignal | undefined, stage: string): Promise<void> {
  const early = abortError(signal, deadline, stage);
  if (early) return Promise.reject(early);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waited = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return untilAborted(waited, signal, deadline, stage).finally(() => clearTimeout(timer));
}
