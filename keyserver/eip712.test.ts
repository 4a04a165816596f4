import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { recoverAddress, toBeHex, TypedDataEncoder, Wallet } from 'ethers';
import { depositTypes, keyServerDomain, unlockTypes } from '../core/chain/keyServerTypedData';
import { recoverSigner, requestDigest } from './eip712';
import { signedBodies } from './testing/signedBodies';

const hex = (bytes: number) => `0x${randomBytes(bytes).toString('hex')}`;

test("request digests are ethers' EIP-712 hashes, per domain, and recover the signer", async () => {
  const wallet = new Wallet(hex(32));
  const domains = [
    keyServerDomain(31337, `0x${'12'.repeat(20)}`),
    keyServerDomain(1, `0x${'34'.repeat(20)}`),
  ];
  for (const domain of domains) {
    const { deposit, unlock } = await signedBodies(wallet, domain);
    const depositDigest = requestDigest(domain, { kind: 'deposit', message: deposit.deposit });
    const unlockDigest = requestDigest(domain, { kind: 'unlock', message: unlock.unlock });
    assert.equal(depositDigest, TypedDataEncoder.hash(domain, depositTypes, deposit.deposit));
    assert.equal(unlockDigest, TypedDataEncoder.hash(domain, unlockTypes, unlock.unlock));
    assert.equal(recoverSigner(depositDigest, deposit.signature), wallet.address);
    assert.equal(recoverSigner(unlockDigest, unlock.signature), wallet.address);
    // The other domain's signature names someone else (or no one) here.
    const other = domains.find((candidate) => candidate !== domain);
    assert.ok(other);
    assert.notEqual(
      recoverSigner(requestDigest(other, { kind: 'unlock', message: unlock.unlock }), unlock.signature),
      wallet.address,
    );
  }
  assert.equal(recoverSigner(hex(32), `0x${'11'.repeat(65)}`), null);
});

/** The order of secp256k1's group: s and n − s are the two signatures of one point. */
const CURVE_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

function ethersSigner(digest: string, signature: string): string | null {
  try {
    return recoverAddress(digest, signature);
  } catch {
    return null;
  }
}

test("libsecp256k1 recovery accepts and refuses exactly what ethers' recoverAddress does", () => {
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
      `0x${'00'.repeat(32)}${s.slice(2)}1b`,
      `${r}${'00'.repeat(32)}1b`,
      `${r}${'ff'.repeat(32)}1b`,
      `0x${'ff'.repeat(32)}${s.slice(2)}1c`,
      `${body}1b`.slice(0, -4),
      hex(65),
    ];
    for (const signature of variants) {
      const expected = ethersSigner(digest, signature);
      assert.equal(recoverSigner(digest, signature), expected, signature);
      if (expected === wallet.address) recovered += 1;
    }
  }
  assert.ok(recovered >= 60, 'every genuine signature recovers its signer');
});
