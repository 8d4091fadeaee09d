import type { IikoClient } from '@getinn/iiko-client';
import { describeError, stopsRun, type Redact, type SyncErrorInfo } from './describe-error';

/**
 * The outcome of `testCredentials`: whether an iikoServer accepts a login that is not stored anywhere
 * yet. Nothing is recorded — there is no row to record it in.
 */
export interface CredentialsTestResult {
  /** Whether iikoServer accepted the login and answered a read. */
  isConnected: boolean;
  /**
   * Why it failed, for a person: wrong password, no free licence slot, an HTML page from a proxy, a host
   * name that does not resolve… Never contains a secret. `null` on success.
   */
  connectionError: string | null;
  /** Machine-readable kind of the failure (`AUTH_FAILED`, `LICENSE_UNAVAILABLE`, `NETWORK_ERROR`, …), or `null`. */
  connectionErrorCode: string | null;
  /** ISO 8601 time of the check, from the sync's clock. */
  testedAt: string;
  /** The iikoServer version, when the server said (its health page needs no login). */
  serverVersion?: string;
}

/** What one connection check found. Internal. */
export interface ProbeOutcome {
  serverVersion?: string;
  /** The failure, described without secrets; absent on success. */
  failure?: SyncErrorInfo;
}

/**
 * The connection check behind `testConnection` and `testCredentials`: the server's health page (no
 * licence slot), a login, one cheap read (the corporate tree), and always a logout — a login left open
 * holds one of the customer's licence slots for up to an hour (vendor docs, Авторизация). Never throws:
 * a failure is the answer. Internal.
 *
 * @param open - creates the client; an unusable address throws there and becomes the failure.
 */
export async function probeServer(open: () => IikoClient, redact: Redact, signal?: AbortSignal): Promise<ProbeOutcome> {
  const call = signal ? { signal } : {};
  const outcome: ProbeOutcome = {};
  let client: IikoClient | undefined;
  try {
    client = open();
    try {
      outcome.serverVersion = (await client.serverInfo(call)).version;
    } catch (error) {
      // The health page needs no login; when it fails the way every request would (DNS, HTML from a
      // proxy, refused), that is the answer. Anything else (an old server without the page) is not.
      if (stopsRun(describeError(error, redact))) throw error;
    }
    await client.departments(call);
  } catch (error) {
    outcome.failure = describeError(error, redact);
  } finally {
    await client?.close();
  }
  return outcome;
}
