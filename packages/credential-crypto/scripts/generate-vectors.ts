/**
 * Writes `test-vectors/envelope-v1.json`: version 1 envelopes with their key, context and value, and
 * envelopes that must be refused, for any implementation of `credential-envelope.md` to replay (GET
 * INN's Python services in particular).
 *
 * Run from the package folder: `pnpm generate:vectors`. Keys and nonces are derived from fixed labels so
 * the file is reproducible; `test/test-vectors.test.ts` fails if it drifts from this script.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { associatedData, boundContext } from '../src/associated-data';
import { sealWithNonce } from '../src/credentials';
import { createKeyring, type CredentialContext, type CredentialEnvelope, type JsonValue } from '../src/index';

const digest = (label: string): Buffer => createHash('sha256').update(label).digest();

/** Public test keys: never use them for anything else. */
const KEYS = {
  'k2026-05': digest('getinn credential envelope v1 test key k2026-05'),
  'k2026-11': digest('getinn credential envelope v1 test key k2026-11'),
};

interface ValidCase {
  name: string;
  kid: keyof typeof KEYS;
  context: CredentialContext;
  value: JsonValue;
}

const ACCOUNT = '6f1c9a0e-5b7d-4c41-9d0e-2a9c51f0b7aa';
const IIKO = { accountId: ACCOUNT, integrationType: 'iiko' };

const VALID: ValidCase[] = [
  {
    name: 'iiko login and password',
    kid: 'k2026-11',
    context: IIKO,
    value: { login: 'api-getinn', password: 'S3cret!pass' },
  },
  {
    name: 'iiko login and SHA-1 of the password',
    kid: 'k2026-11',
    context: IIKO,
    value: { login: 'api-getinn', passwordSha1: '2fd4e1c67a2d28fced849ee1bb76e7391b93eb12' },
  },
  {
    name: 'sealed under an older, non-primary key',
    kid: 'k2026-05',
    context: { accountId: ACCOUNT, integrationType: 'r_keeper' },
    value: { login: 'station-1', password: 'pa:ss,word' },
  },
  {
    name: 'non-ASCII text in value and context (UTF-8, never \\u-escaped in the associated data)',
    kid: 'k2026-11',
    context: { accountId: ACCOUNT, integrationType: 'iiko', restaurant: 'Кафе «Пушкин» 🍣' },
    value: { login: 'администратор', password: 'пароль-🔑-€' },
  },
  {
    name: 'context keys sorted by code unit: - . 0 Z _ a',
    kid: 'k2026-11',
    context: { a: '6', _: '5', Z: '4', '0': '3', '.': '2', '-': '1' },
    value: 'order',
  },
  {
    name: 'characters JSON escapes, and some it does not (DEL, U+2028) in value and context',
    kid: 'k2026-11',
    context: { note: 'quote " backslash \\ slash / tab \t newline \n nul \u0000 us \u001f del \u007f ls \u2028' },
    value: { text: 'quote " backslash \\ slash / tab \t newline \n nul \u0000 us \u001f del \u007f ls \u2028' },
  },
  {
    name: 'empty context and empty string values',
    kid: 'k2026-11',
    context: {},
    value: { login: 'x', password: '' },
  },
  {
    name: 'context with an empty value',
    kid: 'k2026-11',
    context: { accountId: ACCOUNT, integrationType: '' },
    value: [1, 2.5, -3, true, false, null, 'three', { nested: [[]] }],
  },
  {
    name: 'a bare JSON string',
    kid: 'k2026-11',
    context: IIKO,
    value: 'just a string',
  },
];

interface InvalidCase {
  name: string;
  context: CredentialContext;
  envelope: unknown;
}

function flipFirstBit(text: string): string {
  const bytes = Buffer.from(text, 'base64url');
  bytes[0] = (bytes[0] as number) ^ 1;
  return bytes.toString('base64url');
}

function invalidCases(base: CredentialEnvelope): InvalidCase[] {
  const iv = Buffer.from(base.iv, 'base64url');
  const tag = Buffer.from(base.tag, 'base64url');
  const { v, alg, kid, ct } = base;
  return [
    { name: 'relabelled with another key id the keyring holds', context: IIKO, envelope: { ...base, kid: 'k2026-05' } },
    { name: 'a key id the keyring lacks', context: IIKO, envelope: { ...base, kid: 'k2027-01' } },
    { name: 'a key id outside A-Z a-z 0-9 . _ -', context: IIKO, envelope: { ...base, kid: 'k2026/11' } },
    { name: 'another account in the context', context: { ...IIKO, accountId: 'a-different-account' }, envelope: base },
    { name: 'another integration in the context', context: { ...IIKO, integrationType: 'r_keeper' }, envelope: base },
    { name: 'an extra context entry', context: { ...IIKO, extra: '' }, envelope: base },
    { name: 'a missing context entry', context: { accountId: ACCOUNT }, envelope: base },
    { name: 'one bit of ct flipped', context: IIKO, envelope: { ...base, ct: flipFirstBit(base.ct) } },
    { name: 'one bit of iv flipped', context: IIKO, envelope: { ...base, iv: flipFirstBit(base.iv) } },
    { name: 'one bit of tag flipped', context: IIKO, envelope: { ...base, tag: flipFirstBit(base.tag) } },
    { name: 'tag truncated to 12 bytes', context: IIKO, envelope: { ...base, tag: tag.subarray(0, 12).toString('base64url') } },
    { name: 'tag truncated to 4 bytes', context: IIKO, envelope: { ...base, tag: tag.subarray(0, 4).toString('base64url') } },
    { name: 'nonce of 8 bytes', context: IIKO, envelope: { ...base, iv: iv.subarray(0, 8).toString('base64url') } },
    { name: 'nonce of 16 bytes', context: IIKO, envelope: { ...base, iv: Buffer.concat([iv, Buffer.alloc(4)]).toString('base64url') } },
    { name: 'padded base64url tag', context: IIKO, envelope: { ...base, tag: `${base.tag}==` } },
    { name: 'standard base64 (with padding) for ct', context: IIKO, envelope: { ...base, ct: Buffer.from(base.ct, 'base64url').toString('base64') } },
    { name: 'a key id of 65 characters', context: IIKO, envelope: { ...base, kid: 'k'.repeat(65) } },
    { name: 'version 2', context: IIKO, envelope: { ...base, v: 2 } },
    { name: 'version as a string', context: IIKO, envelope: { ...base, v: '1' } },
    { name: 'version true (equal to 1 in Python)', context: IIKO, envelope: { ...base, v: true } },
    { name: 'algorithm A128GCM', context: IIKO, envelope: { ...base, alg: 'A128GCM' } },
    { name: 'missing tag', context: IIKO, envelope: { v, alg, kid, iv: base.iv, ct } },
    { name: 'an extra field', context: IIKO, envelope: { ...base, note: 'unauthenticated' } },
    { name: 'empty ct', context: IIKO, envelope: { ...base, ct: '' } },
  ];
}

/** The whole vector file as an object. */
export function buildEnvelopeVectors(): unknown {
  const keyring = createKeyring({ keys: KEYS, primaryKeyId: 'k2026-11' });
  const olderKeyring = createKeyring({ keys: KEYS, primaryKeyId: 'k2026-05' });
  const valid = VALID.map((test) => {
    const iv = digest(`getinn credential envelope v1 test nonce: ${test.name}`).subarray(0, 12);
    const sealer = test.kid === 'k2026-11' ? keyring : olderKeyring;
    const envelope = sealWithNonce(sealer, test.value, test.context, iv);
    const aad = associatedData(test.kid, boundContext(test.context));
    return {
      name: test.name,
      context: test.context,
      value: test.value,
      plaintext: JSON.stringify(test.value),
      associatedData: aad.toString('utf8'),
      associatedDataHex: aad.toString('hex'),
      envelope,
    };
  });
  const base = valid[0]?.envelope;
  if (base === undefined) throw new Error('no valid case');
  return {
    description:
      'Version 1 credential envelopes (credential-envelope.md). For each "valid" case, opening "envelope" with ' +
      'the key named by its kid and the given "context" must return "value"; sealing "plaintext" with that key, ' +
      'the envelope\'s iv and "associatedData" must give its ct and tag. Every "invalid" case must be refused ' +
      'with one generic error. Keys are standard base64; the keyring\'s primary is "primaryKeyId". ' +
      '"plaintext" is given because float formatting differs between JSON encoders; "associatedData" must ' +
      'match byte for byte.',
    spec: 'credential-envelope.md, version 1',
    generator: 'packages/credential-crypto/scripts/generate-vectors.ts',
    keys: Object.fromEntries(Object.entries(KEYS).map(([kid, key]) => [kid, key.toString('base64')])),
    primaryKeyId: 'k2026-11',
    valid,
    invalid: invalidCases(base),
  };
}

/** The file's exact text. */
export function envelopeVectorsText(): string {
  return `${JSON.stringify(buildEnvelopeVectors(), null, 2)}\n`;
}

export const VECTORS_FILE = new URL('../test-vectors/envelope-v1.json', import.meta.url);

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(VECTORS_FILE, envelopeVectorsText());
  console.log(`wrote ${VECTORS_FILE.pathname}`);
}
