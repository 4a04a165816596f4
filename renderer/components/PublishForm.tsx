import { useRef, useState } from 'react';
import { parseEther } from '../logic/etherInput';
import { pathsFromText } from '../logic/publishJobs';
import { useAppStore } from '../store/appStore';

/** Files (dropped, picked or typed as paths) and one price for them all, then Publish. */
export function PublishForm() {
  const pickerRef = useRef<HTMLInputElement>(null);
  const [price, setPrice] = useState('');
  const [priceError, setPriceError] = useState<string | null>(null);
  const pathsText = useAppStore((s) => s.publishPathsText);
  const note = useAppStore((s) => s.publishNote);
  const busy = useAppStore((s) => s.artistBusy);
  const error = useAppStore((s) => s.artistError);
  const { setPublishPathsText, publishDroppedFiles, publishFiles } = useAppStore.getState();
  const paths = pathsFromText(pathsText);

  return (
    <form
      className="publish-form"
      aria-labelledby="publish-form-title"
      onSubmit={(event) => {
        event.preventDefault();
        const parsed = parseEther(price);
        setPriceError(parsed.ok ? null : parsed.message);
        if (parsed.ok && paths.length > 0) void publishFiles(paths, parsed.text);
      }}
    >
      <h2 id="publish-form-title">Publish tracks</h2>
      <div className="drop-zone" role="group" aria-label="Drop audio files here">
        <p>Drop audio files anywhere on this page, or</p>
        <button type="button" className="secondary-button" onClick={() => pickerRef.current?.click()}>
          Choose files
        </button>
        <input
          ref={pickerRef}
          type="file"
          multiple
          accept="audio/*"
          hidden
          aria-label="Audio files to publish"
          onChange={(event) => {
            const files = [...(event.currentTarget.files ?? [])];
            event.currentTarget.value = '';
            if (files.length > 0) publishDroppedFiles(files, []);
          }}
        />
      </div>
      {note ? (
        <p className="modal__note" role="note">
          {note}
        </p>
      ) : null}
      <label className="field-label" htmlFor="publish-paths">
        Files to publish
      </label>
      <textarea
        id="publish-paths"
        className="text-field text-area"
        rows={4}
        spellCheck={false}
        autoComplete="off"
        placeholder="/home/you/Music/song.flac"
        aria-describedby="publish-paths-hint"
        value={pathsText}
        onChange={(event) => setPublishPathsText(event.currentTarget.value)}
      />
      <p id="publish-paths-hint" className="field-hint">
        One path per line, on the computer running Busker. {paths.length}{' '}
        {paths.length === 1 ? 'file' : 'files'} ready.
      </p>
      <label className="field-label" htmlFor="publish-price">
        Price in ETH
      </label>
      <input
        id="publish-price"
        className="text-field price-field"
        type="text"
        inputMode="decimal"
        autoComplete="off"
        placeholder="0.01"
        aria-invalid={priceError ? true : undefined}
        aria-describedby={priceError ? 'publish-price-error' : undefined}
        value={price}
        onChange={(event) => setPrice(event.currentTarget.value)}
      />
      {priceError ? (
        <p id="publish-price-error" className="form-error">
          {priceError}
        </p>
      ) : null}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="primary-button" disabled={busy || paths.length === 0}>
          {busy ? 'Starting…' : 'Publish'}
        </button>
      </div>
    </form>
  );
}
