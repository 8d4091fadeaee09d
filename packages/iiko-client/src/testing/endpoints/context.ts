import type { FakeIikoData } from '../data-types';
import type { SessionPool } from '../sessions';

/** The server state an endpoint reads. */
export interface FakeState {
  /** The live, mutable data. */
  readonly data: FakeIikoData;
  /** Licence slots and tokens. */
  readonly sessions: SessionPool;
  /** Accepted logins, each with the lowercase SHA-1 hex of its password. */
  readonly users: ReadonlyMap<string, string>;
  /** Reported server version. */
  readonly serverVersion: string;
}

/** One request as an endpoint sees it. */
export interface EndpointContext {
  /** Full request URL (only the path and query matter; the origin is echoed by server info). */
  readonly url: URL;
  /** Upper-case HTTP method. */
  readonly method: string;
  /** The `key` query parameter, else the `key` cookie. */
  readonly token: string | undefined;
  /** Server state. */
  readonly state: FakeState;
  /** The body of a POST, as text. */
  readonly body?: string | undefined;
}
