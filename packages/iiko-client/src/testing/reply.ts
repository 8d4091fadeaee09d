import { HTML_CONTENT_TYPE, TEXT_CONTENT_TYPE, XML_CONTENT_TYPE } from './constants';

/**
 * What the fake decided to answer, before an adapter (msw or the loopback HTTP server) turns it into bytes.
 * Keeping this neutral lets both adapters stream large bodies and play network faults their own way.
 */
export interface FakeReply {
  /** HTTP status; 0 for a connection reset. */
  readonly status: number;
  /** Response headers. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body: a string, or a factory of string chunks for large XML (streamed by the adapters). */
  readonly body: string | (() => Iterable<string>);
  /** A network fault to play instead of a clean answer. */
  readonly network?:
    | { readonly kind: 'reset' }
    | { readonly kind: 'truncate'; readonly bytes: number | undefined; readonly endsCleanly?: boolean | undefined };
}

/** A 200 XML answer. */
export function xmlReply(body: string | (() => Iterable<string>)): FakeReply {
  return { status: 200, headers: { 'content-type': XML_CONTENT_TYPE }, body };
}

/** A plain-text answer: tokens, and iiko's unescaped error bodies. */
export function textReply(status: number, body: string, headers: Readonly<Record<string, string>> = {}): FakeReply {
  return { status, headers: { 'content-type': TEXT_CONTENT_TYPE, ...headers }, body };
}

/** An HTML page as a reverse proxy (non-200) or an empty Tomcat / captive page (200) would send. */
export function htmlReply(status: number): FakeReply {
  const title = status === 200 ? 'Apache Tomcat' : `${status} Error`;
  const body =
    `<!DOCTYPE html><html><head><title>${title}</title></head><body>` +
    `<h1>${title}</h1><hr><p>The server is temporarily unable to service your request.</p>` +
    '<center>nginx</center></body></html>';
  return { status, headers: { 'content-type': HTML_CONTENT_TYPE }, body };
}

/** The connection is dropped without an answer. */
export const RESET_REPLY: FakeReply = { status: 0, headers: {}, body: '', network: { kind: 'reset' } };

/** Materializes a reply body as one string (for truncation and small answers). */
export function bodyText(reply: FakeReply): string {
  return typeof reply.body === 'string' ? reply.body : [...reply.body()].join('');
}
