// An unlock's `recipientKey` must be an X25519 public key the server can seal to. Every 32 bytes
// are a point (on the curve or its twist); the ones OpenSSL refuses are those of small order,
// whose shared secret is all zeros whatever the other key. There are seven of them (RFC 7748's
// decoding ignores the top bit and reduces mod p, so 14 byte strings), checked here by value so a
// request naming one is refused with the other malformed bodies, before any costly work.

const lowOrderPoints = new Set([
  '0000000000000000000000000000000000000000000000000000000000000000', // 0 (order 2)
  '0100000000000000000000000000000000000000000000000000000000000000', // 1 (order 4)
  'e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800', // order 8
  '5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157', // order 8
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // p − 1 (order 4, twist)
  'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // p: 0 again
  'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // p + 1: 1 again
]);

/** True for a 32-byte X25519 public key of small order (nothing can be sealed to it). */
export function isLowOrderX25519Key(key: Uint8Array): boolean {
  if (key.length !== 32) return false;
  const decoded = Buffer.from(key);
  decoded[31] = (decoded[31] ?? 0) & 0x7f; // the top bit is not part of the coordinate
  return lowOrderPoints.has(decoded.toString('hex'));
}
