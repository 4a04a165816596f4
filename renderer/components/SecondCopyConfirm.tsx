import { useEffect, useRef, useState } from 'react';
import { useAppStore } from '../store/appStore';

/**
 * "Publish a second copy" for a file refused as published already, behind a confirmation: the
 * second copy is a separate track with the same audio, so Busker asks before making it.
 */
export function SecondCopyConfirm({ fileName, path }: { fileName: string; path: string }) {
  const busy = useAppStore((s) => s.artistBusy);
  const publishSecondCopy = useAppStore((s) => s.publishSecondCopy);
  const [asking, setAsking] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const askRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
  }, [asking]);

  if (!asking) {
    return (
      <button
        ref={askRef}
        type="button"
        className="secondary-button"
        aria-label={`Publish a second copy of ${fileName}`}
        onClick={() => setAsking(true)}
      >
        Publish a second copy
      </button>
    );
  }
  return (
    <div role="group" aria-label={`Confirm a second copy of ${fileName}`} className="second-copy">
      <p className="field-hint">
        Publish {fileName} again as a new track? Listeners will see two tracks with the same audio, each
        tipped on its own.
      </p>
      <div className="modal__actions">
        <button type="button" className="text-button" onClick={() => setAsking(false)}>
          Cancel
        </button>
        <button
          ref={confirmRef}
          type="button"
          className="primary-button"
          disabled={busy}
          onClick={() => void publishSecondCopy(path)}
        >
          Publish second copy
        </button>
      </div>
    </div>
  );
}
