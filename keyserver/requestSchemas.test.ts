// The unlock body's hand-written check (parseUnlockBody) against the schema it stands in for: on
// every body, valid or not, both give the same value or the same refusal.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseBody, parseUnlockBody, unlockBodySchema } from './requestSchemas';

const valid = {
  unlock: {
    artist: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
    trackId: '7',
    listener: '0x70997970c51812dc3a010c7d01b50e0d17dc79c8',
    recipientKey: `0x${'ab'.repeat(32)}`,
    nonce: `0x${'0F'.repeat(32)}`,
    deadline: '1800000000',
  },
  signature: `0x${'Cd'.repeat(65)}`,
};

const hex = (digits: number, digit = 'a') => `0x${digit.repeat(digits)}`;
const notStrings = [7, null, true, [], {}];
const address = [
  '0x5fbdb2315678afecb367f032d93f642f64180aa3',
  '0x5FBDB2315678AFECB367F032D93F642F64180AA3',
  '0x5FbDB2315678afecb367f032d93F642f64180aA3', // one letter off its checksum
  '5FbDB2315678afecb367f032d93F642f64180aa3',
  '0X5FbDB2315678afecb367f032d93F642f64180aa3',
  `${hex(40)}\n`,
  hex(39),
  hex(42),
  hex(40, 'g'),
  '',
  ...notStrings,
];
const decimal = [
  '0',
  '00',
  '01',
  '-1',
  '+1',
  ' 1',
  '1 ',
  '1.0',
  '1e3',
  '0x10',
  '١',
  String((1n << 64n) - 1n),
  String(1n << 64n),
  String((1n << 256n) - 1n),
  String(1n << 256n),
  '9'.repeat(78),
  '9'.repeat(79),
  '',
  ...notStrings,
];
const bytes32 = [
  hex(64, 'F'),
  hex(64),
  hex(63),
  hex(66),
  hex(64, 'z'),
  `0x${'00'.repeat(32)}`,
  '',
  ...notStrings,
];
const recipientKeys = [
  ...bytes32,
  `0x01${'00'.repeat(31)}`, // order 4
  `0x${'00'.repeat(31)}80`, // 0 with the top bit set
  `0x${'ff'.repeat(31)}7f`,
  `0xEC${'FF'.repeat(30)}7F`, // p - 1, upper case
];
const signatures = [hex(130, 'E'), hex(128), hex(132), hex(130, 'x'), '', ...notStrings];

const fields: Record<keyof typeof valid.unlock, unknown[]> = {
  artist: address,
  trackId: decimal,
  listener: address,
  recipientKey: recipientKeys,
  nonce: bytes32,
  deadline: decimal,
};

function bodies(): unknown[] {
  const all: unknown[] = [valid, null, 'body', [], [valid], {}, { unlock: valid.unlock }];
  all.push({ ...valid, extra: 1 }, { ...valid, unlock: { ...valid.unlock, extra: 1 } });
  all.push(Object.assign(Object.create(null) as object, valid));
  all.push({ ...valid, unlock: Object.assign(Object.create(null) as object, valid.unlock) });
  all.push({ ...valid, unlock: [valid.unlock] });
  for (const signature of signatures) all.push({ ...valid, signature });
  for (const [field, values] of Object.entries(fields)) {
    const without: Record<string, unknown> = { ...valid.unlock };
    delete without[field];
    all.push({ ...valid, unlock: without });
    for (const value of values) all.push({ ...valid, unlock: { ...valid.unlock, [field]: value } });
  }
  return all;
}

function outcome(parse: () => unknown): { value: unknown } | { refusal: string } {
  try {
    return { value: parse() };
  } catch (error) {
    return { refusal: (error as Error).message };
  }
}

test('an unlock body is taken, or refused, exactly as its schema does', () => {
  let taken = 0;
  for (const body of bodies()) {
    const expected = outcome(() => parseBody(unlockBodySchema, body));
    assert.deepEqual(
      outcome(() => parseUnlockBody(body)),
      expected,
      JSON.stringify(body),
    );
    if ('value' in expected) taken += 1;
  }
  assert.ok(taken >= 20, `only ${taken} bodies were valid: the cases no longer test the valid path`);
});
