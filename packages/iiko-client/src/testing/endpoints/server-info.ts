import { XML_DECLARATION } from '../constants';
import { type FakeReply, xmlReply } from '../reply';
import { escapeXml } from '../xml';
import type { EndpointContext } from './context';

/**
 * `GET /resto/get_server_info.jsp?encoding=UTF-8`: the unauthenticated health check. Takes no key and no
 * licence slot; protocol, address and port echo the request's origin as a real server reports its own.
 */
export function serverInfo({ url, state }: EndpointContext): FakeReply {
  const protocol = url.protocol.replace(':', '');
  const port = url.port === '' ? (protocol === 'https' ? '443' : '80') : url.port;
  const fields: ReadonlyArray<readonly [string, string]> = [
    ['serverName', 'Fake iikoServer'],
    ['edition', 'default'],
    ['version', state.serverVersion],
    ['computerName', 'FAKE-IIKO'],
    ['serverState', 'STARTED'],
    ['protocol', protocol],
    ['serverAddr', url.hostname],
    ['serverSubUrl', '/resto'],
    ['serverPort', port],
    ['isPresent', 'true'],
  ];
  const body = fields.map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`).join('');
  return xmlReply(`${XML_DECLARATION}<r>${body}</r>`);
}
