import pRetry from 'p-retry';
import { isIikoError } from '../errors/iiko-error';
import { IikoAbortError } from '../errors/transport-errors';
import type { Logger } from '../logger';
import { isRetryable as isRetryableRead } from './retry-policy';
import { RETRY_AFTER } from './transport';

/** Retry settings of one client; see `IikoClientOptions.retry`. */
export interface RetrySettings {
  retries: number;
  minDelayMs: number;
  maxDelayMs: number;
  totalTimeoutMs: number;
}

/**
 * Runs `attempt` with jittered exponential back-off (p-retry) while `shouldRetry` (by default
 * `isRetryable` of the retry policy) says so, waiting at
 * least a server's `Retry-After` before the next attempt, within `totalTimeoutMs`. The error that ends the
 * call carries the number of attempts and the time spent.
 */
export async function withRetries<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  settings: RetrySettings,
  context: {
    path: string;
    logger: Logger;
    signal?: AbortSignal | undefined;
    /** Which failures to try again; by default the read policy of `retry-policy`. */
    shouldRetry?: ((error: unknown) => boolean) | undefined;
  },
): Promise<T> {
  const started = performance.now();
  const isRetryable = context.shouldRetry ?? isRetryableRead;
  let attempts = 0;
  try {
    return await pRetry(
      (attemptNumber) => {
        attempts = attemptNumber;
        return attempt(attemptNumber);
      },
      {
        retries: settings.retries,
        minTimeout: settings.minDelayMs,
        maxTimeout: settings.maxDelayMs,
        factor: 2,
        randomize: true,
        maxRetryTime: settings.totalTimeoutMs,
        ...(context.signal ? { signal: context.signal } : {}),
        shouldRetry: ({ error }) => isRetryable(error),
        onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
          if (retriesLeft === 0 || !isRetryable(error)) return;
          const wait = (error as unknown as Record<symbol, number | undefined>)[RETRY_AFTER];
          context.logger.warn(
            {
              path: context.path,
              attempt: attemptNumber,
              retriesLeft,
              error: isIikoError(error) ? error.code : 'UNKNOWN',
              status: isIikoError(error) ? error.status : undefined,
              retryAfterMs: wait,
            },
            'iiko request failed, retrying',
          );
          if (wait !== undefined && wait > 0) {
            // p-retry fits its own back-off into the total budget, but not this wait: a Retry-After that
            // outlasts what is left of totalTimeoutMs would hold the caller past its budget only to fail
            // then, so the call ends now with the server's answer.
            if (performance.now() - started + wait > settings.totalTimeoutMs) throw error;
            await sleep(wait, context.signal);
          }
        },
      },
    );
  } catch (caught) {
    // p-retry rejects with the signal's reason when the caller aborts during a back-off wait.
    const error = !isIikoError(caught) && context.signal?.aborted ? new IikoAbortError('the call was aborted by its signal') : caught;
    if (isIikoError(error)) {
      // An error from a nested series (the login behind a read) already counts its own attempts; keep
      // the larger count so `attempts` says how many requests were really made.
      error.attempts = Math.max(error.attempts, attempts);
      error.elapsedMs = Math.round(performance.now() - started);
    }
    throw error;
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new IikoAbortError('the call was aborted while waiting for Retry-After'));
      return;
    }
    const timer = setTimeout(done, ms);
    function done(): void {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort(): void {
      clearTimeout(timer);
      reject(new IikoAbortError('the call was aborted while waiting for Retry-After'));
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
