import { isIikoError } from '@getinn/iiko-client';
import { isIikoSyncError, type SyncErrorInfo, type SyncReport } from '@getinn/iiko-sync';
import type { JobStatus } from './options';

/** How one run ended, before retries are considered. Internal. */
export interface RunOutcome {
  status: Extract<JobStatus, 'succeeded' | 'partial' | 'failed'> | 'aborted';
  error: SyncErrorInfo | null;
}

/** A run's outcome from its report, or from what `run` threw (a held lock, missing credentials, …). Internal. */
export function outcomeOf(report: SyncReport | undefined, thrown: unknown): RunOutcome {
  if (report === undefined) return { status: 'failed', error: describeThrown(thrown) };
  switch (report.status) {
    case 'success':
      return { status: 'succeeded', error: null };
    case 'partial':
      return { status: 'partial', error: report.error };
    case 'aborted':
      return { status: 'aborted', error: report.error ?? { code: 'ABORTED', message: 'the run was stopped before it finished' } };
    case 'failed': {
      const entityError = Object.values(report.entities).find((entity) => entity.error !== null)?.error ?? null;
      return { status: 'failed', error: report.error ?? entityError ?? { code: 'UNEXPECTED', message: 'the run failed without an error' } };
    }
  }
}

/**
 * A thrown error as a secret-free {@link SyncErrorInfo}. The client's and the sync's errors carry no
 * secret by contract; anything else is named by its class and message (the sync's credential source and
 * store are the host's, whose errors must not repeat secrets either).
 */
export function describeThrown(error: unknown): SyncErrorInfo {
  if (isIikoError(error) || isIikoSyncError(error)) {
    const info: SyncErrorInfo = { code: error.code, message: error.message };
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number') info.status = status;
    return info;
  }
  if (error instanceof Error) return { code: 'UNEXPECTED', message: `${error.name}: ${error.message}` };
  return { code: 'UNEXPECTED', message: String(error) };
}
