/**
 * What a version 1 envelope costs over bare AES-256-GCM: an encrypt + decrypt round trip of one iiko
 * credential through `@getinn/credential-crypto` (JSON, associated data, base64url, strict envelope
 * checks) against the same payload through `node:crypto` alone (random nonce, seal, open), measured in
 * the same run. Two raw rows: the usual `randomBytes(12)` per call, and nonces sliced from a larger
 * CSPRNG draw as the package does, so the envelope's own overhead is not hidden by a cheaper nonce.
 *
 * Needs the built package: `pnpm --filter @getinn/credential-crypto build`, then
 * `node bench/credential-crypto.bench.mjs [rounds]` (default 5 rounds).
 */
import { createCipheriv, createDecipheriv, randomBytes, randomFillSync } from 'node:crypto';
import { Bench } from 'tinybench';
import { createKeyring, decryptCredentials, encryptCredentials } from '@getinn/credential-crypto';

const key = randomBytes(32);
const keyring = createKeyring({ keys: { 'k2026-11': key }, primaryKeyId: 'k2026-11' });
const context = { accountId: '6f1c9a0e-5b7d-4c41-9d0e-2a9c51f0b7aa', integrationType: 'iiko' };
const credentials = { login: 'api-getinn', password: 'correct horse battery staple' };
const payload = Buffer.from(JSON.stringify(credentials), 'utf8');

/** Bare AES-256-GCM on the payload bytes under the given nonce: seal, open, nothing else. */
function rawRoundTripWith(iv) {
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
  const ciphertext = Buffer.concat([cipher.update(payload), cipher.final()]);
  const tag = cipher.getAuthTag();
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
}

const rawRoundTrip = () => rawRoundTripWith(randomBytes(12));

function envelopeRoundTrip() {
  return decryptCredentials(keyring, encryptCredentials(keyring, credentials, context), context);
}

// Both must do their job before their speed means anything.
if (!rawRoundTrip().equals(payload)) throw new Error('raw round trip failed');
if (envelopeRoundTrip().password !== credentials.password) throw new Error('envelope round trip failed');

/**
 * The same bare round trip with nonces sliced from one larger CSPRNG draw, as the package does: the
 * difference between the two raw rows is the nonce source alone, so the envelope's own overhead reads
 * against this row.
 */
let pool = Buffer.alloc(0);
let offset = 0;
function pooledNonce() {
  if (offset + 12 > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafeSlow(12 * 256));
    offset = 0;
  }
  const nonce = Buffer.from(pool.subarray(offset, offset + 12));
  offset += 12;
  return nonce;
}
const rawPooledRoundTrip = () => rawRoundTripWith(pooledNonce());
if (!rawPooledRoundTrip().equals(payload)) throw new Error('raw round trip (pooled nonces) failed');

const TASKS = {
  'node:crypto AES-256-GCM, randomBytes(12) nonce': rawRoundTrip,
  'node:crypto AES-256-GCM, pooled CSPRNG nonce': rawPooledRoundTrip,
  '@getinn/credential-crypto envelope': envelopeRoundTrip,
};
const ROUNDS = Number(process.argv[2] ?? 5);

// Several short rounds, medians reported: a busy machine slows whichever task runs during a spike, and
// the median of rounds is steadier than one long run.
const samples = Object.fromEntries(Object.keys(TASKS).map((name) => [name, []]));
for (let round = 0; round < ROUNDS; round += 1) {
  const bench = new Bench({ time: 600, warmupTime: 200 });
  for (const [name, run] of Object.entries(TASKS)) bench.add(name, run);
  await bench.run();
  for (const task of bench.tasks) {
    if (task.result?.state !== 'completed') throw new Error(`${task.name}: ${task.result?.state ?? 'not run'}`);
    samples[task.name].push(1000 / task.result.period);
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const rates = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
const [rawName, pooledName, envelopeName] = Object.keys(TASKS);
console.table(
  Object.entries(rates).map(([name, rate]) => ({
    'round trip (encrypt + decrypt)': name,
    'ops/s (median)': Math.round(rate).toLocaleString('en-US'),
    'µs/op': (1e6 / rate).toFixed(2),
  })),
);
console.log(`payload: ${payload.length} bytes of JSON; ${ROUNDS} rounds`);
console.log(
  `envelope: ${(rates[rawName] / rates[envelopeName]).toFixed(2)}× the time of raw AES-256-GCM with randomBytes(12) ` +
    '(target: well under 2×)',
);
console.log(
  `envelope: ${(rates[pooledName] / rates[envelopeName]).toFixed(2)}× the time of raw AES-256-GCM with pooled nonces ` +
    '(the format itself: JSON, associated data, base64url, strict checks)',
);
