/** What every route receives. Internal. */
import type { CredentialSummary } from '@getinn/credential-crypto';
import type { HandlerSettings } from './options';

/** One authorized request to an account route. */
export interface RouteContext {
  request: Request;
  url: URL;
  /** The account in the path, decoded and validated. */
  accountId: string;
  /** Who `authorize` said is asking; the actor of every vault call. */
  actor: string;
  /** The other path parameters, decoded (`entityType`, `jobId`), not yet validated. */
  params: Readonly<Record<string, string>>;
  settings: HandlerSettings;
}

/** The account's iiko credential row, without its credentials (nothing is decrypted), audited as the user. */
export async function iikoSummaryOf(context: RouteContext): Promise<CredentialSummary | undefined> {
  const summaries = await context.settings.vault.list(context.accountId, { actor: context.actor });
  return summaries.find((summary) => summary.integrationType === 'iiko');
}
