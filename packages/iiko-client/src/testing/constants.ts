/**
 * Defaults and iiko's wire texts for the fake server, in one place. Error texts are the vendor's own
 * (`samples/server_error-bodies_text-plain_official-doc.txt`) where the docs list one.
 */

/** Login accepted by default. */
export const DEFAULT_LOGIN = 'demo';
/** Password accepted by default (sent as its SHA-1). */
export const DEFAULT_PASSWORD = 'demo-password';
/** Licence slots of the API module; small customers have one or two. */
export const DEFAULT_LICENCE_SLOTS = 2;
/** Tokens live about an hour from login (vendor docs, Авторизация). */
export const DEFAULT_TOKEN_TTL_MS = 3_600_000;
/** A current iikoServer version string. */
export const DEFAULT_SERVER_VERSION = '9.1.8024.0';
/** Seed of the default dataset. */
export const DEFAULT_SEED = 1;
/** Origin the msw handlers answer for. */
export const DEFAULT_MSW_BASE_URL = 'https://fake.iiko.it';

/** Licence module named in the 403 text and `licence/info`. */
export const API_MODULE_NAME = 'RMS (API)';

/** Content type of XML answers. */
export const XML_CONTENT_TYPE = 'application/xml; charset=UTF-8';
/** Content type of tokens and error bodies (iiko's errors are plain, unescaped text). */
export const TEXT_CONTENT_TYPE = 'text/plain; charset=UTF-8';
/** Content type of the `html` fault. */
export const HTML_CONTENT_TYPE = 'text/html; charset=UTF-8';

/** XML declaration iikoServer's JAXB writer puts first. */
export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

/** 401 body for a wrong login or password. */
export const TEXT_BAD_CREDENTIALS = 'Неверный логин или пароль';
/** 401 body for a missing, unknown, expired or pre-restart token. */
export const TEXT_BAD_TOKEN = 'Token is expired or invalid';
/** 403 body when every licence slot is taken (vendor template `…for module %s`). */
export const TEXT_NO_LICENCE = `License enhancement is required: no connections available for module ${API_MODULE_NAME}`;

/** Default body of a `status` fault, by status, so a bare `{ kind: 'status', status }` looks real. */
export const DEFAULT_FAULT_BODIES: Readonly<Record<number, string>> = {
  400: 'Wrong date format: 2019-0513 15:26',
  401: TEXT_BAD_TOKEN,
  403: 'Permission denied',
  404: 'Not found',
  409: 'Доступ запрещен B_VIEW_DOCS',
  429: 'Too many requests',
  500: 'java.net.SocketException: Connection reset',
  502: 'Bad gateway',
  503: 'Server is starting',
};
