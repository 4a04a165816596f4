// The request bodies of PROTOCOL.md §5, checked field by field before any work is done: bytes are
// 0x-hex of an exact length, integers decimal strings within their Solidity type, and nothing else
// is allowed in. A body that passes is typed; one that fails says which field is wrong.
import { z } from 'zod';
import { ENVELOPE_BYTES } from '../protocol/envelope';
import { KeyServerError } from './errors';
import { checksummedAddress } from './keccak';
import { isLowOrderX25519Key } from './recipientKey';

const maxUint256 = (1n << 256n) - 1n;
const maxUint64 = (1n << 64n) - 1n;

const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, { error: 'must be a 0x-prefixed 20-byte address' })
  // One checksum computation both checks a mixed-case address and gives the checksummed form.
  .transform((value, context) => {
    const checksummed = checksummedAddress(value);
    if (checksummed !== null) return checksummed;
    context.issues.push({
      code: 'custom',
      input: value,
      message: 'has a wrong checksum (mixed case that is not EIP-55)',
    });
    return z.NEVER;
  });

const hexBytes = (bytes: number, what: string) =>
  z
    .string()
    .regex(new RegExp(`^0x[0-9a-fA-F]{${bytes * 2}}$`), {
      error: `must be ${what}: 0x and ${bytes * 2} hex digits`,
    })
    .transform((value) => value.toLowerCase());

const decimal = (max: bigint, what: string) =>
  z
    .string()
    .regex(/^(0|[1-9][0-9]{0,77})$/, { error: `must be ${what} written as a decimal string` })
    .transform((value) => BigInt(value))
    .refine((value) => value <= max, { error: `is larger than a ${what} can be` });

const trackId = decimal(maxUint256, 'uint256');
const deadline = decimal(maxUint64, 'uint64');
const nonce = hexBytes(32, '32 bytes');
const signature = hexBytes(65, 'a 65-byte signature');
const recipientKey = hexBytes(32, 'a 32-byte X25519 public key').refine(
  (value) => !isLowOrderX25519Key(Buffer.from(value.slice(2), 'hex')),
  { error: "is a low-order X25519 point, to which nothing can be sealed: send the app's own public key" },
);

export const depositBodySchema = z.strictObject({
  deposit: z.strictObject({
    artist: address,
    trackId,
    envelope: hexBytes(ENVELOPE_BYTES, `a ${ENVELOPE_BYTES}-byte envelope`),
    nonce,
    deadline,
  }),
  signature,
});

export const unlockBodySchema = z.strictObject({
  unlock: z.strictObject({
    artist: address,
    trackId,
    listener: address,
    recipientKey,
    nonce,
    deadline,
  }),
  signature,
});

export type DepositBody = z.output<typeof depositBodySchema>;
export type UnlockBody = z.output<typeof unlockBodySchema>;
export type DepositMessage = DepositBody['deposit'];
export type UnlockMessage = UnlockBody['unlock'];

/**
 * Parses an untrusted unlock body as `parseBody(unlockBodySchema, body)` does. A well-formed body,
 * the common case, is checked by hand (`wellFormedUnlock`): zod's generic machinery cost an unlock
 * more CPU than anything but the crypto and the replay record. Anything else goes through the
 * schema, so every refusal reads the same.
 */
export function parseUnlockBody(body: unknown): UnlockBody {
  return wellFormedUnlock(body) ?? parseBody(unlockBodySchema, body);
}

const unlockBodyKeys = ['unlock', 'signature'] as const;
const unlockKeys = ['artist', 'trackId', 'listener', 'recipientKey', 'nonce', 'deadline'] as const;
const addressPattern = /^0x[0-9a-fA-F]{40}$/;
const bytes32Pattern = /^0x[0-9a-fA-F]{64}$/;
const signaturePattern = /^0x[0-9a-fA-F]{130}$/;
const decimalPattern = /^(0|[1-9][0-9]{0,77})$/;

/**
 * The body as `unlockBodySchema` would give it, when it is a plain object with exactly the schema's
 * keys and every field passes the schema's own checks; undefined for anything else (the schema then
 * says what is wrong). It never accepts what the schema refuses (requestSchemas.test.ts).
 */
function wellFormedUnlock(body: unknown): UnlockBody | undefined {
  if (!hasExactly(body, unlockBodyKeys) || !hasExactly(body.unlock, unlockKeys)) return undefined;
  const { signature } = body;
  const { artist, trackId, listener, recipientKey, nonce, deadline } = body.unlock;
  if (
    typeof signature !== 'string' ||
    !signaturePattern.test(signature) ||
    typeof artist !== 'string' ||
    !addressPattern.test(artist) ||
    typeof listener !== 'string' ||
    !addressPattern.test(listener) ||
    typeof recipientKey !== 'string' ||
    !bytes32Pattern.test(recipientKey) ||
    typeof nonce !== 'string' ||
    !bytes32Pattern.test(nonce) ||
    typeof trackId !== 'string' ||
    !decimalPattern.test(trackId) ||
    typeof deadline !== 'string' ||
    !decimalPattern.test(deadline)
  ) {
    return undefined;
  }
  const track = BigInt(trackId);
  const until = BigInt(deadline);
  const artistAddress = checksummedAddress(artist);
  const listenerAddress = checksummedAddress(listener);
  const key = recipientKey.toLowerCase();
  if (
    track > maxUint256 ||
    until > maxUint64 ||
    artistAddress === null ||
    listenerAddress === null ||
    isLowOrderX25519Key(Buffer.from(key.slice(2), 'hex'))
  ) {
    return undefined;
  }
  return {
    unlock: {
      artist: artistAddress,
      trackId: track,
      listener: listenerAddress,
      recipientKey: key,
      nonce: nonce.toLowerCase(),
      deadline: until,
    },
    signature: signature.toLowerCase(),
  };
}

/** A plain object (as JSON.parse makes) whose own keys are exactly `keys`. */
function hasExactly<Key extends string>(value: unknown, keys: readonly Key[]): value is Record<Key, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  return Object.keys(value).length === keys.length && keys.every((key) => Object.hasOwn(value, key));
}

/** Parses an untrusted body or throws 400 BAD_REQUEST naming every bad field (at most three). */
export function parseBody<Schema extends z.ZodType>(schema: Schema, body: unknown): z.output<Schema> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const problems = result.error.issues.slice(0, 3).map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const where = issue.path.length > 0 ? ` in "${issue.path.join('.')}"` : '';
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key.slice(0, 40)}"`).join(', ')}${where}`;
    }
    const where = issue.path.length > 0 ? `"${issue.path.join('.')}"` : 'the body';
    const message = issue.code === 'invalid_type' ? `is missing or not a ${issue.expected}` : issue.message;
    return `${where} ${message}`;
  });
  throw new KeyServerError('BAD_REQUEST', `The request is malformed: ${problems.join('; ')}.`);
}
