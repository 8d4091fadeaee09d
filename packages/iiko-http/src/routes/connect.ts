/**
 * `POST /connect` and `DELETE /connect`. A login is tested against its iikoServer before anything is
 * stored (the original design: "validate credentials before storage"), so a typo never replaces working
 * credentials and a wrong password never sits in the vault looking connected.
 */
import { parseWith, readJsonBody } from '../body';
import { iikoSummaryOf, type RouteContext } from '../context';
import { HttpProblem } from '../problems';
import { emptyResponse, jsonResponse } from '../responses';
import { ConnectBodySchema } from '../schemas';
import { connectionStatusOf } from './status';

export async function connect(context: RouteContext): Promise<Response> {
  const { vault, sync, allowBaseUrl, maxBodyBytes, signal } = context.settings;
  const { accountId, actor } = context;
  const body = parseWith(ConnectBodySchema, await readJsonBody(context.request, maxBodyBytes), 'body');
  const baseUrl = body.baseUrl ?? (await iikoSummaryOf(context))?.baseUrl ?? null;
  if (baseUrl === null) {
    throw new HttpProblem('invalid-request', {
      detail: 'baseUrl: required when the account has no iiko server stored yet.',
      errors: [{ location: 'body', pointer: '/baseUrl', message: 'required when the account has no iiko server stored yet' }],
    });
  }
  if (allowBaseUrl !== undefined && !(await allowBaseUrl(new URL(baseUrl)))) {
    throw new HttpProblem('base-url-refused', { detail: 'This service does not connect to that server address.' });
  }
  const credentials = { login: body.login, password: body.password };
  const check = await sync.testCredentials({ credentials, baseUrl }, signal ? { signal } : {});
  if (!check.isConnected) {
    // The sync describes iiko's failures without secrets (and redacts the password once more).
    throw new HttpProblem('connection-failed', {
      detail: check.connectionError ?? 'The iikoServer connection failed.',
      reason: check.connectionErrorCode ?? 'UNEXPECTED',
    });
  }
  const stored = await vault.put(accountId, 'iiko', credentials, { baseUrl, actor });
  // `put` resets the status (nothing was tried with new credentials); they were just tried.
  const recorded = await vault.recordConnection(accountId, 'iiko', { connected: true, at: new Date(check.testedAt), actor });
  return jsonResponse(200, await connectionStatusOf(context, recorded ?? stored, check.serverVersion));
}

/**
 * Removes the credentials. No licence slot outlives a run or a connection check — each logs out when it
 * ends — so removing the credentials is the whole logout; a run in progress keeps the login it already
 * read and logs out when it finishes.
 */
export async function disconnect(context: RouteContext): Promise<Response> {
  const removed = await context.settings.vault.delete(context.accountId, 'iiko', { actor: context.actor });
  if (!removed) throw notConnected();
  return emptyResponse(204);
}

/** The account has no credentials. */
export function notConnected(): HttpProblem {
  return new HttpProblem('not-connected', { detail: 'The account has no iiko credentials; connect it first (POST …/connect).' });
}
