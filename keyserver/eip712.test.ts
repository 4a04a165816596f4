import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { getBytes, hexlify, recoverAddress, toBeHex, TypedDataEncoder, Wallet } from 'ethers';
import { depositTypes, keyServerDomain, unlockTypes } from '../protocol/keyServerTypedData';
import { domainSeparator, recoverSigner, requestDigest } from './eip712';
import { loadNativeRecoverPublicKey, recoveryBackend, wasmRecoverPublicKey } from './secp256k1Recovery';
import type { RecoverPublicKey } from './secp256k1Recovery';
import { signedBodies } from './testing/signedBodies';

const hex = (bytes: number) => `0x${randomBytes(bytes).toString('hex')}`;

const maxUint256 = (1n << 256n) - 1n;
const maxUint64 = (1n << 64n) - 1n;

test("request digests are ethers' EIP-712 hashes, per domain, and recover the signer", async () => {
  const wallet = new Wallet(hex(32));
  const domains = [
    keyServerDomain(31337, `0x${'12'.repeat(20)}`),
    keyServerDomain(1, `0x${'34'.repeat(20)}`),
  ];
  for (const domain of domains) {
    const separator = domainSeparator(domain);
    const { deposit, unlock } = await signedBodies(wallet, domain);
    const depositDigest = requestDigest(separator, { kind: 'deposit', message: deposit.deposit });
    const unlockDigest = requestDigest(separator, { kind: 'unlock', message: unlock.unlock });
    assert.equal(hexlify(depositDigest), TypedDataEncoder.hash(domain, depositTypes, deposit.deposit));
    assert.equal(hexlify(unlockDigest), TypedDataEncoder.hash(domain, unlockTypes, unlock.unlock));
    assert.equal(recoverSigner(depositDigest, deposit.signature), wallet.address.toLowerCase());
    assert.equal(recoverSigner(unlockDigest, unlock.signature), wallet.address.toLowerCase());
    // The other domain's signature names someone else (or no one) here.
    const other = domains.find((candidate) => candidate !== domain);
    assert.ok(other);
    const otherDigest = requestDigest(domainSeparator(other), { kind: 'unlock', message: unlock.unlock });
    assert.notEqual(recoverSigner(otherDigest, unlock.signature), wallet.address.toLowerCase());
  }
  assert.equal(recoverSigner(randomBytes(32), `0x${'11'.repeat(65)}`), null);
});

test("the digest written out field by field equals ethers' generic encoder, edge values included", () => {
  const domain = keyServerDomain(31337, `0x${'ab'.repeat(20)}`);
  const separator = domainSeparator(domain);
  const integers = [0n, 1n, 255n, 256n, (1n << 64n) - 1n, 1n << 64n, 1n << 128n, maxUint256];
  const deadlines = [0n, 1n, 1_800_000_000n, (1n << 32n) + 7n, maxUint64];
  const addresses = [
    `0x${'00'.repeat(20)}`,
    `0x${'ff'.repeat(20)}`,
    () => new Wallet(hex(32)).address, // checksummed, mixed case
    () => hex(20), // lower case
  ];
  const address = (index: number) => {
    const pick = addresses[index % addresses.length] as string | (() => string);
    return typeof pick === 'string' ? pick : pick();
  };
  for (let round = 0; round < 64; round += 1) {
    const unlock = {
      artist: address(round),
      trackId: integers[round % integers.length] as bigint,
      listener: address(round + 1),
      recipientKey: round % 5 === 0 ? `0x${'00'.repeat(32)}` : hex(32),
      nonce: round % 7 === 0 ? `0x${'ff'.repeat(32)}` : hex(32),
      deadline: deadlines[round % deadlines.length] as bigint,
    };
    assert.equal(
      hexlify(requestDigest(separator, { kind: 'unlock', message: unlock })),
      TypedDataEncoder.hash(domain, unlockTypes, unlock),
    );
    const deposit = {
      artist: unlock.artist,
      trackId: unlock.trackId,
      envelope: hex(80),
      nonce: unlock.nonce,
      deadline: unlock.deadline,
    };
    assert.equal(
      hexlify(requestDigest(separator, { kind: 'deposit', message: deposit })),
      TypedDataEncoder.hash(domain, depositTypes, deposit),
    );
  }
});

/** The order of secp256k1's group: s and n − s are the two signatures of one point. */
const CURVE_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

function ethersSigner(digest: string, signature: string): string | null {
  try {
    return recoverAddress(digest, signature).toLowerCase();
  } catch {
    return null;
  }
}

const nativeRecovery = loadNativeRecoverPublicKey();

test('the native libsecp256k1 addon loads where it is prebuilt, and is the one used', () => {
  // The prebuilt platforms; elsewhere the WebAssembly build stands in (see the test below).
  if (!['linux-x64', 'darwin-arm64', 'win32-x64'].includes(`${process.platform}-${process.arch}`)) return;
  assert.ok(nativeRecovery, 'the secp256k1 addon loads');
  assert.equal(recoveryBackend, 'native');
});

for (const [backend, recover] of [
  ['native', nativeRecovery],
  ['WebAssembly', wasmRecoverPublicKey],
] as const) {
  test(`libsecp256k1 (${backend}) accepts and refuses exactly what ethers' recoverAddress does`, (t) => {
    if (!recover) return t.skip('no native build on this platform');
    compareWithEthers(recover);
  });
}

function compareWithEthers(recover: RecoverPublicKey): void {
  const wallet = new Wallet(hex(32));
  let recovered = 0;
  for (let round = 0; round < 60; round += 1) {
    const digest = hex(32);
    const { r, s, v } = wallet.signingKey.sign(digest);
    const body = `${r}${s.slice(2)}`;
    const highS = toBeHex(CURVE_ORDER - BigInt(s), 32).slice(2);
    const variants = [
      `${body}${v.toString(16)}`,
      `${r}${highS}${(v === 27 ? 28 : 27).toString(16)}`, // the same point, with the high s EIP-2 forbids
      `${body}00`,
      `${body}01`,
      `${body}1d`,
      `${body}23`,
      `${body}24`,
      `${body}ff`,
      `${body}02`,
      `${body}1a`,
      `${body}22`,
      `${body}25`,
      `${body}${v.toString(16)}`.toUpperCase().replace('0X', '0x'), // upper-case hex
      `${body.slice(0, -2)}zz${v.toString(16)}`,
      `0x${'00'.repeat(32)}${s.slice(2)}1b`,
      `${r}${'00'.repeat(32)}1b`,
      `${r}${'ff'.repeat(32)}1b`,
      `0x${'ff'.repeat(32)}${s.slice(2)}1c`,
      `${body}1b`.slice(0, -4),
      hex(65),
    ];
    for (const signature of variants) {
      const expected = ethersSigner(digest, signature);
      assert.equal(recoverSigner(getBytes(digest), signature, recover), expected, signature);
      if (expected === wallet.address.toLowerCase()) recovered += 1;
    }
  }
  assert.ok(recovered >= 60, 'every genuine signature recovers its signer');
}
