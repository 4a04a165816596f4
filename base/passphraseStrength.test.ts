import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  characterKinds,
  judgePassphrase,
  newPassphraseProblem,
  passphraseRefusal,
} from './passphraseStrength';

describe('new passphrase strength', () => {
  it('refuses a short passphrase, saying how long it is and how long it must be', () => {
    assert.deepEqual(judgePassphrase('abc'), {
      ok: false,
      level: 'refused',
      message: 'Too short: 3 of at least 10 characters. A few words in a row are easy to remember.',
    });
    assert.equal(judgePassphrase('123456789').ok, false);
  });

  it('counts characters, not UTF-16 units', () => {
    assert.match(judgePassphrase('🎵🎵🎵🎵🎵').message, /^Too short: 5 of/);
  });

  it('refuses ten characters with too little variety', () => {
    const verdict = judgePassphrase('aaaaaaaaaaaa');
    assert.equal(verdict.ok, false);
    assert.match(verdict.message, /^Too repetitive/);
    assert.equal(judgePassphrase('abababAbAbab').ok, false);
  });

  it('calls ten mixed characters fair, and a long or varied one strong', () => {
    assert.equal(judgePassphrase('harbourlit').level, 'fair');
    assert.equal(judgePassphrase('Harbour lights 9').level, 'strong');
    assert.equal(judgePassphrase('Harbour-9lit').level, 'strong');
    assert.equal(judgePassphrase('correct horse battery').level, 'strong');
  });

  it('tells the kinds of character apart', () => {
    assert.equal(characterKinds('abc'), 1);
    assert.equal(characterKinds('aB3 '), 4);
    assert.equal(characterKinds('Éé'), 2);
  });

  it('needs the confirmation to match, and lets an optional passphrase stay empty', () => {
    assert.equal(
      newPassphraseProblem('correct horse battery', 'correct horse batery', true),
      'The two passphrases differ: type the same passphrase in both fields.',
    );
    assert.equal(newPassphraseProblem('correct horse battery', 'correct horse battery', true), null);
    assert.match(newPassphraseProblem('', '', true) ?? '', /^Too short: 0 of/);
    assert.equal(newPassphraseProblem('', '', false), null);
    assert.match(newPassphraseProblem('abc', 'abc', false) ?? '', /^Too short/);
  });

  it('words the refusal the wallet store gives, by the same rule as the meter', () => {
    assert.equal(
      passphraseRefusal('abc'),
      'Choose a longer passphrase: at least 10 characters (this one has 3). A few words in a row are easy to remember. Nothing was changed.',
    );
    assert.match(
      passphraseRefusal('aaaaaaaaaaaa') ?? '',
      /^Choose a passphrase with more different characters/,
    );
    for (const sample of ['', 'abc', '123456789', 'abababAbAbab', 'harbourlit', 'correct horse battery']) {
      assert.equal(passphraseRefusal(sample) === null, judgePassphrase(sample).ok, sample);
    }
  });
});
