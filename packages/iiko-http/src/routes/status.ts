/** `GET /status`: the connection, as stored, and the latest sync of each entity. */
import type { CredentialSummary } from '@getinn/credential-crypto';
import { SYNC_ENTITY_TYPES } from '@getinn/iiko-sync';
import { iikoSummaryOf, type RouteContext } from '../context';
import { jsonResponse } from '../responses';
import type { IikoConnectionStatus } from '../types';

export async function getStatus(context: RouteContext): Promise<Response> {
  return jsonResponse(200, await connectionStatusOf(context, await iikoSummaryOf(context)));
}

/** The status body for a credential row (or its absence). Reads only the sync log, never iiko. */
export async function connectionStatusOf(
  context: RouteContext,
  summary: CredentialSummary | undefined,
  serverVersion?: string,
): Promise<IikoConnectionStatus> {
  const latest = await Promise.all(
    SYNC_ENTITY_TYPES.map(async (entityType) => {
      const [entry] = await context.settings.sync.listLogs(context.accountId, { limit: 1, entityType });
      if (entry === undefined) return [entityType, null] as const;
      const { issues: _issues, ...rest } = entry;
      return [entityType, rest] as const;
    }),
  );
  const status: IikoConnectionStatus = {
    accountId: context.accountId,
    integrationType: 'iiko',
    configured: summary !== undefined,
    connected: summary?.connectionStatus === 'connected',
    connectionStatus: summary?.connectionStatus ?? null,
    lastConnectedAt: isoOf(summary?.lastConnectedAt),
    connectionError: summary?.connectionError ?? null,
    baseUrl: summary?.baseUrl ?? null,
    isActive: summary?.isActive ?? null,
    updatedAt: isoOf(summary?.updatedAt),
    lastSync: Object.fromEntries(latest) as IikoConnectionStatus['lastSync'],
  };
  if (serverVersion !== undefined) status.serverVersion = serverVersion;
  return status;
}

/** A store may hand back a `Date` or (from JSON) a string; the answer is ISO 8601 either way. */
function isoOf(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}
