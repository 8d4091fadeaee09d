/** `GET /logs`: the account's sync log, newest first. */
import type { ListLogsOptions } from '@getinn/iiko-sync';
import { parseWith } from '../body';
import type { RouteContext } from '../context';
import { jsonResponse } from '../responses';
import { LogsQuerySchema } from '../schemas';
import type { IikoSyncLogPage } from '../types';

export async function getLogs(context: RouteContext): Promise<Response> {
  const query = parseWith(LogsQuerySchema, Object.fromEntries(context.url.searchParams), 'query');
  const options: ListLogsOptions = { limit: query.limit };
  if (query.entityType !== undefined) options.entityType = query.entityType;
  const page: IikoSyncLogPage = { entries: await context.settings.sync.listLogs(context.accountId, options) };
  return jsonResponse(200, page);
}
