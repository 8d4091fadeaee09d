import { passwordSha1 } from '@getinn/iiko-client';

/**
 * The secrets of one run of the command — the iiko password and the SHA-1 that iiko accepts in its
 * place — replaced by `***` in every message the command prints, as a last line of defence behind the
 * SDK's own redaction.
 */
export class SecretRedactor {
  readonly #secrets = new Set<string>();

  /** Adds a password (and its SHA-1, lower and upper case); values under 4 characters are ignored. */
  addPassword(password: string): void {
    if (password.length < 4) return;
    const hash = passwordSha1(password);
    for (const secret of [password, hash, hash.toUpperCase()]) this.#secrets.add(secret);
  }

  /** `text` with every secret replaced by `***`. */
  redact(text: string): string {
    let result = text;
    for (const secret of [...this.#secrets].sort((a, b) => b.length - a.length)) result = result.split(secret).join('***');
    return result;
  }
}
