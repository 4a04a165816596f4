// POST /v1/keys: who may deposit a key, what is checked before it is stored, and malformed bodies.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { getAddress } from 'ethers';
import { envelopeContext, generateX25519KeyPair, sealEnvelope } from '../../protocol/envelope';
import type { KeyServerApiWorld } from './keyServerApiWorld';
import { assertRefused, flipChecksum, idOf } from './keyServerApiWorld';

export function depositApiTests(api: KeyServerApiWorld): void {
  test('a deposit signed by someone other than the owner is refused with 401 and stores nothing', async () => {
    const { harness, server, otherOwner, stranger, trackA1, deposit } = api;
    assertRefused(await deposit(stranger, trackA1), 401, 'BAD_SIGNATURE');
    assertRefused(await deposit(otherOwner, trackA1), 401, 'BAD_SIGNATURE');
    assert.equal(await server.vault.getContentKey({ chainId: harness.chainId, ...idOf(trackA1) }), null);
  });

  test('a deposit whose key misses the commitment, or whose envelope does not open, is 422 KEY_MISMATCH', async () => {
    const { harness, server, owner, trackA0, trackA1, deposit } = api;
    const wrongKey = randomBytes(32);
    harness.noteSecret(wrongKey);
    assertRefused(
      await deposit(owner, trackA1, harness.envelopeFor(server, trackA1, wrongKey)),
      422,
      'KEY_MISMATCH',
    );
    // Sealed for another track (the AAD binds it to track 0): does not open as track 1's.
    assertRefused(
      await deposit(owner, trackA1, harness.envelopeFor(server, trackA0, trackA1.contentKey)),
      422,
      'KEY_MISMATCH',
    );
    // Sealed to someone else's public key.
    const elsewhere = sealEnvelope(
      trackA1.contentKey,
      generateX25519KeyPair().publicKey,
      envelopeContext(harness.chainId, trackA1.artist, trackA1.trackId),
    );
    harness.noteSecret(elsewhere);
    assertRefused(await deposit(owner, trackA1, `0x${elsewhere.toString('hex')}`), 422, 'KEY_MISMATCH');
    assert.equal(await server.vault.getContentKey({ chainId: harness.chainId, ...idOf(trackA1) }), null);
  });

  test('a deposit for an address that is no factory artist is 404 UNKNOWN_ARTIST; for no such track 404 UNKNOWN_TRACK', async () => {
    const { harness, server, owner, stranger, trackA0, deposit } = api;
    const notAnArtist = { ...trackA0, artist: stranger.address.toLowerCase() };
    assertRefused(
      await deposit(owner, notAnArtist, harness.envelopeFor(server, notAnArtist)),
      404,
      'UNKNOWN_ARTIST',
    );
    const noSuchTrack = { ...trackA0, trackId: 99 };
    assertRefused(
      await deposit(owner, noSuchTrack, harness.envelopeFor(server, noSuchTrack)),
      404,
      'UNKNOWN_TRACK',
    );
  });

  test('the owner deposits keys (201), a repeated deposit of the same key is 201, a replayed body 409', async () => {
    const { harness, server, owner, otherOwner, trackA0, trackA1, trackB0, deposit } = api;
    assert.equal((await deposit(owner, trackA0)).status, 201);
    assert.equal((await deposit(owner, trackA0)).status, 201, 'the same key again, freshly signed');
    const body = await harness.depositRequest(owner, {
      ...trackA1,
      envelope: harness.envelopeFor(server, trackA1),
    });
    const first = await server.post('/v1/keys', body);
    assert.equal(first.status, 201, first.text);
    assert.deepEqual(first.body, { deposited: true });
    assertRefused(await server.post('/v1/keys', body), 409, 'NONCE_REUSED');
    const otherArtist = await harness.depositRequest(otherOwner, {
      ...trackB0,
      envelope: harness.envelopeFor(server, trackB0),
    });
    assert.equal((await server.post('/v1/keys', otherArtist)).status, 201);
  });

  test('malformed deposit bodies are 400 BAD_REQUEST, and spend nothing', async () => {
    const { harness, server, owner, trackA1, listenerKeys } = api;
    const valid = await harness.depositRequest(owner, {
      ...trackA1,
      envelope: harness.envelopeFor(server, trackA1),
    });
    const { deposit: fields } = valid;
    const withField = (name: string, value: unknown) => ({
      ...valid,
      deposit: { ...fields, [name]: value },
    });
    const without = (name: keyof typeof fields) => {
      const { [name]: _dropped, ...rest } = fields;
      return { ...valid, deposit: rest };
    };
    const unlockBody = await harness.unlockRequest(owner, trackA1, listenerKeys);
    // [what, body, the field the message must name (if any), headers]
    const cases: [string, unknown, string?, Record<string, string>?][] = [
      ['not JSON', '{"deposit": '],
      ['empty', ''],
      ['an array', '[]'],
      ['null', 'null'],
      ['a string', '"deposit"'],
      ['no signature', { deposit: fields }, 'signature'],
      ['no deposit', { signature: valid.signature }, 'deposit'],
      ['an unlock body', unlockBody],
      ['no envelope', without('envelope'), 'deposit.envelope'],
      ['no nonce', without('nonce'), 'deposit.nonce'],
      ['an unknown field', { ...valid, extra: 1 }, 'extra'],
      ['an unknown inner field', withField('price', '1'), 'price'],
      ['a number for the track id', withField('trackId', trackA1.trackId), 'deposit.trackId'],
      ['a number for the deadline', withField('deadline', Number(fields.deadline)), 'deposit.deadline'],
      ['a leading zero', withField('trackId', '01'), 'deposit.trackId'],
      ['a negative id', withField('trackId', '-1'), 'deposit.trackId'],
      ['a track id past uint256', withField('trackId', (1n << 256n).toString()), 'deposit.trackId'],
      ['a deadline past uint64', withField('deadline', (1n << 64n).toString()), 'deposit.deadline'],
      ['an envelope a byte short', withField('envelope', fields.envelope.slice(0, -2)), 'deposit.envelope'],
      ['an envelope a byte long', withField('envelope', `${fields.envelope}00`), 'deposit.envelope'],
      ['an envelope without 0x', withField('envelope', fields.envelope.slice(2)), 'deposit.envelope'],
      [
        'an envelope in base64',
        withField('envelope', Buffer.from(fields.envelope.slice(2), 'hex').toString('base64')),
        'deposit.envelope',
      ],
      ['a non-hex envelope', withField('envelope', `0x${'zz'.repeat(80)}`), 'deposit.envelope'],
      ['a short nonce', withField('nonce', '0x1234'), 'deposit.nonce'],
      ['a bad address', withField('artist', '0x1234'), 'deposit.artist'],
      ['a bad checksum', withField('artist', flipChecksum(getAddress(fields.artist))), 'deposit.artist'],
      ['a short signature', { ...valid, signature: valid.signature.slice(0, 100) }, 'signature'],
      ['a long signature', { ...valid, signature: `${valid.signature}00` }, 'signature'],
      ['a prototype key', '{"__proto__": {"x": 1}, "deposit": {}, "signature": "0x"}'],
      ['text instead of JSON', 'hello', undefined, { 'content-type': 'text/plain' }],
      ['an oversized body', { ...valid, padding: 'x'.repeat(5000) }],
    ];
    for (const [what, body, field, headers] of cases) {
      const answer = await server.post('/v1/keys', body, headers);
      assert.equal(answer.status, 400, `${what}: ${answer.status} ${answer.text}`);
      assertRefused(answer, 400, 'BAD_REQUEST');
      if (field)
        assert.ok(
          (answer.body.error as { message: string }).message.includes(`"${field}"`),
          `${what}: ${answer.text}`,
        );
    }
    // The valid body was never accepted in any of those, so its nonce is unspent and it deposits.
    const accepted = await server.post('/v1/keys', valid);
    assert.equal(accepted.status, 201, accepted.text);
  });
}
