import { API_MODULE_NAME, TEXT_BAD_CREDENTIALS, TEXT_BAD_TOKEN, TEXT_NO_LICENCE, XML_DECLARATION } from '../constants';
import { type FakeReply, textReply, xmlReply } from '../reply';
import { escapeXml } from '../xml';
import type { EndpointContext } from './context';

/**
 * `GET|POST /resto/api/auth?login=&pass=`: a bare token (text/plain) for an accepted login and the SHA-1
 * hex of its password (any letter case), 401 otherwise, 403 with iiko's licence text when every slot is taken.
 * Every successful login takes a slot; the token is also set as the `key` cookie, as servers since 4.3 do.
 */
export function auth({ url, state }: EndpointContext): FakeReply {
  const login = url.searchParams.get('login');
  const pass = url.searchParams.get('pass');
  const expected = login === null ? undefined : state.users.get(login);
  if (login === null || expected === undefined || pass?.toLowerCase() !== expected) return textReply(401, TEXT_BAD_CREDENTIALS);
  const outcome = state.sessions.login(login);
  if (!outcome.ok) return textReply(403, TEXT_NO_LICENCE);
  return textReply(200, outcome.token, { 'set-cookie': `key=${outcome.token}; Path=/resto; HttpOnly` });
}

/** `GET|POST /resto/api/logout?key=`: frees the slot (200, empty body); an unknown or expired key gets 401. */
export function logout({ token, state }: EndpointContext): FakeReply {
  if (token === undefined || !state.sessions.logout(token)) return textReply(401, TEXT_BAD_TOKEN);
  return textReply(200, '');
}

/**
 * `GET /resto/api/licence/info?moduleId=`: the fake's own small XML with the slot counts, so a test can see
 * what a client left logged in.
 */
export function licenceInfo({ url, state }: EndpointContext): FakeReply {
  const limit = state.sessions.limit();
  const used = state.sessions.active();
  const moduleId = url.searchParams.get('moduleId') ?? '';
  return xmlReply(
    `${XML_DECLARATION}<licenceInfo><moduleId>${escapeXml(moduleId)}</moduleId>` +
      `<moduleName>${escapeXml(API_MODULE_NAME)}</moduleName><connectionsLimit>${limit}</connectionsLimit>` +
      `<connectionsUsed>${used}</connectionsUsed><freeConnections>${Math.max(0, limit - used)}</freeConnections>` +
      '</licenceInfo>',
  );
}
