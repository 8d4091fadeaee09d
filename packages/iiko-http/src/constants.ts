/**
 * Every default and limit of the handler, in one place. Each limit exists for a reason a comment gives;
 * tests and hosts change them through {@link IikoHttpHandlerOptions}.
 */
export const DEFAULTS = {
  /**
   * Sync log entries `GET /logs` returns without `limit`: about five runs of four entities, what a
   * settings page shows.
   */
  logLimit: 20,
  /**
   * The most entries one `GET /logs` returns. An entry carries up to 200 mapping issues, so a page of
   * 200 entries stays a few megabytes at worst.
   */
  maxLogLimit: 200,
  /**
   * The largest request body read, in bytes. The bodies are a login form or an invoice window; a
   * megabyte of "JSON" is not a mistake worth parsing.
   */
  maxBodyBytes: 64 * 1024,
  /**
   * Where the `type` URIs of problem details start: an identifier, not a page (RFC 9457 §3.1.1 allows
   * URIs that do not resolve). Hosts that document their errors pass their own base.
   */
  problemTypeBase: 'urn:getinn:iiko-http:problem:',
} as const;

/** The longest iiko login, password and account id accepted; iiko's own fields are far shorter. */
export const MAX_FIELD_LENGTH = 256;

/** The longest server address accepted (a common limit of URLs in browsers and proxies). */
export const MAX_URL_LENGTH = 2048;

/** The routes' common prefix below `basePath`, in OpenAPI's template syntax. */
export const ROUTE_PREFIX = '/accounts/{accountId}/integrations/iiko';
