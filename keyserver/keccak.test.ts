import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { getAddress, keccak256 as ethersKeccak256 } from 'ethers';
import { checksummedAddress, keccak256 } from './keccak';

test("keccak256 is ethers' keccak256, across the rate's block boundaries", () => {
  for (const length of [0, 1, 20, 32, 40, 64, 66, 135, 136, 137, 192, 224, 272, 1000]) {
    const bytes = randomBytes(length);
    assert.equal(`0x${keccak256(bytes).toString('hex')}`, ethersKeccak256(bytes), `${length} bytes`);
  }
});

function ethersChecksum(address: string): string | null {
  try {
    return getAddress(address);
  } catch {
    return null;
  }
}

test("EIP-55 checksums accept and refuse what ethers' getAddress does, and give its form", () => {
  let refused = 0;
  for (let round = 0; round < 200; round += 1) {
    const lower = `0x${randomBytes(20).toString('hex')}`;
    const checksummed = getAddress(lower);
    // One letter of the checksummed form with its case flipped, where there is a letter.
    const letter = [...checksummed.slice(2)].findIndex((digit) => /[a-f]/i.test(digit)) + 2;
    const flipped =
      letter < 2
        ? checksummed
        : checksummed.slice(0, letter) +
          (checksummed[letter] === checksummed[letter]?.toUpperCase()
            ? checksummed[letter]?.toLowerCase()
            : checksummed[letter]?.toUpperCase()) +
          checksummed.slice(letter + 1);
    const upper = `0x${lower.slice(2).toUpperCase()}`;
    for (const address of [lower, upper, checksummed, flipped]) {
      const expected = ethersChecksum(address);
      assert.equal(checksummedAddress(address), expected, address);
      if (expected === null) refused += 1;
    }
  }
  assert.ok(refused > 150, 'a flipped letter breaks the checksum');
});
