/**
 * The exit codes of `getinn-iiko`, one per kind of outcome a script or a scheduler reacts to
 * differently: fix the command line, fix the login, free a licence slot, check the network, look at the
 * reported issues.
 */

/**
 * Every exit code the command uses.
 *
 * @example
 * ```sh
 * getinn-iiko check; case $? in 3) echo "wrong login or password";; 4) echo "no free licence slot";; esac
 * ```
 */
export const EXIT_CODES = {
  /** Everything worked. */
  ok: 0,
  /** Anything not covered below: iiko answered with an error (4xx, 5xx, malformed XML), a store failed, the sync failed. */
  failure: 1,
  /** The command line cannot work: an unknown command or option, a missing value, flags that exclude each other. */
  usage: 2,
  /** iikoServer refused the login (wrong login or password, `401`) or the user lacks a right (`403 Permission denied`). */
  auth: 3,
  /** Every licence slot of the server is taken (`403 License enhancement is required…`). */
  licence: 4,
  /** The server could not be reached: DNS, refused, reset, timeout, or a web page from something that is not iikoServer. */
  network: 5,
  /**
   * Done, but not everything landed: a sync that ended `partial`, a dump whose mapping left records out, a
   * key rotation with rows that did not open. The details are printed.
   */
  partial: 6,
  /** Stopped by Ctrl-C (`SIGINT`), as shells report it (128 + 2). What was committed before stays. */
  interrupted: 130,
} as const;

/** One of {@link EXIT_CODES}. */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/**
 * The exit code for a machine-readable error code: an `IikoErrorCode` of `@getinn/iiko-client`
 * (`AUTH_FAILED`, `LICENSE_UNAVAILABLE`, …), an `IikoSyncErrorCode` of `@getinn/iiko-sync`, or the code
 * a sync report carries. Unknown codes are {@link EXIT_CODES.failure}.
 */
export function exitCodeForErrorCode(code: string | null | undefined): ExitCode {
  switch (code) {
    case 'AUTH_FAILED':
    case 'PERMISSION_DENIED':
      return EXIT_CODES.auth;
    case 'LICENSE_UNAVAILABLE':
      return EXIT_CODES.licence;
    case 'NETWORK_ERROR':
    case 'TIMEOUT':
    case 'HTML_RESPONSE':
      return EXIT_CODES.network;
    case 'INVALID_ARGUMENT':
    case 'INVALID_CONFIGURATION':
      return EXIT_CODES.usage;
    case 'ABORTED':
      return EXIT_CODES.interrupted;
    default:
      return EXIT_CODES.failure;
  }
}
