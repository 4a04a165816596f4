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
