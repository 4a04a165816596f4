import { useState } from 'react';
import { phraseWords, pickWordPositions, wrongWordPositions } from '../logic/recoveryCheck';
import { useAppStore } from '../store/appStore';

const askedWords = 3;

function listOf(positions: readonly number[]): string {
  const names = positions.map(String);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? '');
}

/**
 * A new wallet's recovery phrase, shown once, then three of its words asked back by position:
 * the wallet is ready only once they match, so nobody starts using a wallet they cannot restore.
 */
export function RecoveryPhraseCheck({ mnemonic }: { mnemonic: string }) {
  const [step, setStep] = useState<'show' | 'check'>('show');
  const [wroteItDown, setWroteItDown] = useState(false);
  const [positions] = useState(() => pickWordPositions(phraseWords(mnemonic).length, askedWords));
  const [typed, setTyped] = useState<string[]>(() => positions.map(() => ''));
  const [problem, setProblem] = useState<string | null>(null);
  const { confirmMnemonicSaved, closeDialog } = useAppStore.getState();

  if (step === 'show') {
    return (
      <div className="mnemonic">
        <p>
          This is your recovery phrase. Write it down and keep it safe: it is the only way to get your wallet
          back, and Busker will not show it again once you confirm it.
        </p>
        <p className="mnemonic__words" aria-label="Recovery phrase" data-testid="recovery-phrase">
          {mnemonic}
        </p>
        <label className="checkbox-field">
          <input
            type="checkbox"
            checked={wroteItDown}
            onChange={(event) => setWroteItDown(event.currentTarget.checked)}
          />
          I wrote it down
        </label>
        <div className="modal__actions">
          <button
            type="button"
            className="primary-button"
            disabled={!wroteItDown}
            onClick={() => setStep('check')}
          >
            Next
          </button>
        </div>
      </div>
    );
  }
  return (
    <form
      className="mnemonic"
      onSubmit={(event) => {
        event.preventDefault();
        const wrong = wrongWordPositions(mnemonic, positions, typed);
        if (wrong.length > 0) {
          setProblem(
            `Word ${listOf(wrong)} ${wrong.length > 1 ? 'do' : 'does'} not match your recovery phrase: ` +
              'check what you wrote down, or go back to the phrase.',
          );
          return;
        }
        confirmMnemonicSaved();
        closeDialog();
      }}
    >
      <p>To check you wrote it down, type words {listOf(positions)} of your recovery phrase.</p>
      {positions.map((position, index) => (
        <div key={position}>
          <label className="field-label" htmlFor={`recovery-word-${position}`}>
            Word {position}
          </label>
          <input
            id={`recovery-word-${position}`}
            className="text-field"
            autoComplete="off"
            spellCheck={false}
            required
            value={typed[index] ?? ''}
            onChange={(event) => {
              const value = event.currentTarget.value;
              setTyped((words) => words.map((word, at) => (at === index ? value : word)));
            }}
          />
        </div>
      ))}
      {problem ? (
        <p className="form-error" role="alert">
          {problem}
        </p>
      ) : null}
      <div className="modal__actions">
        <button
          type="button"
          className="text-button"
          onClick={() => {
            setProblem(null);
            setStep('show');
          }}
        >
          Back to the phrase
        </button>
        <button type="submit" className="primary-button">
          Confirm
        </button>
      </div>
    </form>
  );
}
