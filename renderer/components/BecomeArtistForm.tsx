import { useState } from 'react';
import { useAppStore } from '../store/appStore';

/** The one-time step before publishing: the artist's contract is created under this name. */
export function BecomeArtistForm() {
  const [name, setName] = useState('');
  const busy = useAppStore((s) => s.artistBusy);
  const error = useAppStore((s) => s.artistError);
  const becomeArtist = useAppStore((s) => s.becomeArtist);
  const trimmed = name.trim();
  return (
    <form
      className="artist-form"
      aria-labelledby="become-artist-title"
      onSubmit={(event) => {
        event.preventDefault();
        if (trimmed) void becomeArtist(trimmed);
      }}
    >
      <h2 id="become-artist-title">Become an artist</h2>
      <p className="field-hint">
        Busker creates your own contract on the chain, once. Listeners’ tips go to it, and only you can
        withdraw them.
      </p>
      <label className="field-label" htmlFor="artist-name">
        Artist name
      </label>
      <input
        id="artist-name"
        className="text-field"
        type="text"
        autoComplete="off"
        maxLength={200}
        value={name}
        onChange={(event) => setName(event.currentTarget.value)}
      />
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="primary-button" disabled={busy || !trimmed}>
          {busy ? 'Creating your contract…' : 'Become an artist'}
        </button>
      </div>
    </form>
  );
}
