import { z } from 'zod';
import { booleanString, integerString, text } from './values';

/**
 * What `/resto/get_server_info.jsp` tells about a server without logging in (no licence slot is used).
 * Handy as a health check and to record the server version next to a sync.
 */
export interface IikoServerInfo {
  serverName?: string;
  edition?: string;
  /** The iikoServer version, such as `9.1.8024.0`. */
  version: string;
  computerName?: string;
  /** `STARTED` once the server accepts logins; during start-up even a good login gets `401`. */
  serverState?: string;
  protocol?: string;
  serverAddr?: string;
  serverSubUrl?: string;
  serverPort?: number;
  isPresent?: boolean;
}

/** Validates the `get_server_info.jsp` answer; see {@link IikoServerInfo}. */
export const serverInfoSchema: z.ZodType<IikoServerInfo> = z.looseObject({
  serverName: text.exactOptional(),
  edition: text.exactOptional(),
  version: text.min(1),
  computerName: text.exactOptional(),
  serverState: text.exactOptional(),
  protocol: text.exactOptional(),
  serverAddr: text.exactOptional(),
  serverSubUrl: text.exactOptional(),
  serverPort: integerString.exactOptional(),
  isPresent: booleanString.exactOptional(),
});
