import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createKeyring, decryptCredentials, isCredentialCryptoError, type CredentialContext } from '../src/index';
import { envelopeVectorsText, VECTORS_FILE } from '../scripts/generate-vectors';

interface Vectors {
  keys: Record<string, string>;
  primaryKeyId: string;
  valid: Array<{ name: string; context: CredentialContext; value: unknown; envelope: unknown }>;
  invalid: Array<{ name: string; context: CredentialContext; envelope: unknown }>;
}

const text = readFileSync(VECTORS_FILE, 'utf8');
const vectors = JSON.parse(text) as Vectors;
const keyring = createKeyring({ keys: vectors.keys, primaryKeyId: vectors.primaryKeyId });

describe('test-vectors/envelope-v1.json', () => {
  it('is exactly what scripts/generate-vectors.ts writes (run `pnpm generate:vectors` after a change)', () => {
    expect(text).toBe(envelopeVectorsText());
  });

  it.each(vectors.valid.map((test) => [test.name, test] as const))('opens: %s', (_name, test) => {
    expect(decryptCredentials(keyring, test.envelope, test.context)).toEqual(test.value);
  });

  it.each(vectors.invalid.map((test) => [test.name, test] as const))('refuses: %s', (_name, test) => {
    let thrown: unknown;
    try {
      decryptCredentials(keyring, test.envelope, test.context);
    } catch (error) {
      thrown = error;
    }
    expect(isCredentialCryptoError(thrown, 'DECRYPTION_FAILED')).toBe(true);
  });

  const python = spawnSync('python3', ['-c', 'import cryptography'], { encoding: 'utf8' });
  it.skipIf(python.status !== 0)('replays in Python (test-vectors/replay_envelope_v1.py, needs `cryptography`)', () => {
    const script = fileURLToPath(new URL('../test-vectors/replay_envelope_v1.py', import.meta.url));
    const run = spawnSync('python3', [script, fileURLToPath(VECTORS_FILE)], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^ok: \d+ valid, \d+ invalid/);
  });
});
