import { useEffect, useState } from 'react';
import type { CustomNetworkInput, NetworkSettings } from '../../core/api/appApi';
import { formatBytes, parseMegabytes, toMegabytes } from '../logic/byteSize';
import type { NetworkFormErrors } from '../logic/networkForm';
import { trimmedNetwork, validateCustomNetwork } from '../logic/networkForm';
import { useAppStore } from '../store/appStore';
import { Modal } from './Modal';
import { PinningTokenForm } from './PinningTokenForm';
import { PlaybackSettings } from './PlaybackSettings';

const networkFields: { key: keyof CustomNetworkInput; label: string; placeholder: string }[] = [
  { key: 'rpcUrl', label: 'RPC URL', placeholder: 'https://rpc.example.org' },
  { key: 'factory', label: 'Artist factory address', placeholder: '0x…' },
  { key: 'keyServerUrl', label: 'Key server URL', placeholder: 'https://keys.example.org' },
];

function describeCurrent(network: NetworkSettings): string {
  if (network.source === 'none') return 'Not connected — join a network';
  if (network.name !== null) return `Now: ${network.name} (chain ${network.chainId})`;
  return `Now: ${network.source === 'local' ? 'the local network' : network.rpcUrl} (chain ${network.chainId})`;
}

/** Joining is one field: the key server's address. The host fetches and checks the rest. */
function JoinNetworkForm() {
  const busy = useAppStore((s) => s.settingsBusy);
  const joinNetwork = useAppStore((s) => s.joinNetwork);
  const [address, setAddress] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [joined, setJoined] = useState<NetworkSettings | null>(null);

  return (
    <form
      aria-labelledby="settings-join-title"
      onSubmit={(event) => {
        event.preventDefault();
        setJoined(null);
        const typed = address.trim();
        if (typed === '') {
          setError("Type the address of the network's key server, such as https://keys.example.org.");
          return;
        }
        setError(null);
        void joinNetwork(typed).then((ok) => {
          if (ok) setJoined(useAppStore.getState().network);
        });
      }}
    >
      <h3 id="settings-join-title" className="settings__heading">
        Join a network
      </h3>
      <label className="field-label" htmlFor="join-network-address">
        Key server address
      </label>
      <input
        id="join-network-address"
        className="text-field"
        type="text"
        autoComplete="off"
        spellCheck={false}
        placeholder="https://keys.example.org"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'join-network-error' : undefined}
        value={address}
        onChange={(event) => setAddress(event.currentTarget.value)}
      />
      {error ? (
        <p id="join-network-error" className="form-error">
          {error}
        </p>
      ) : null}
      {joined ? (
        <p className="field-hint" role="status" data-testid="network-joined">
          Joined {joined.name ?? `chain ${joined.chainId}`}: chain {joined.chainId}, factory {joined.factory},{' '}
          {joined.seeds === 1 ? '1 seed' : `${joined.seeds} seeds`}. Saved.
        </p>
      ) : null}
      <div className="modal__actions">
        <button type="submit" className="primary-button" disabled={busy}>
          Join network
        </button>
      </div>
    </form>
  );
}

function NetworkSettingsForm() {
  const network = useAppStore((s) => s.network);
  const busy = useAppStore((s) => s.settingsBusy);
  const setNetwork = useAppStore((s) => s.setNetwork);
  const [source, setSource] = useState<'local' | 'custom'>(network?.source === 'custom' ? 'custom' : 'local');
  const [input, setInput] = useState<CustomNetworkInput>({
    rpcUrl: network?.source === 'custom' ? network.rpcUrl : '',
    factory: network?.source === 'custom' ? network.factory : '',
    keyServerUrl: network?.source === 'custom' ? network.keyServerUrl : '',
  });
  const [errors, setErrors] = useState<NetworkFormErrors>({});
  const [saved, setSaved] = useState(false);

  return (
    <form
      aria-labelledby="settings-network-title"
      onSubmit={(event) => {
        event.preventDefault();
        setSaved(false);
        if (source === 'local') {
          setErrors({});
          void setNetwork(null).then(setSaved);
          return;
        }
        const found = validateCustomNetwork(input);
        setErrors(found);
        if (Object.keys(found).length === 0) void setNetwork(trimmedNetwork(input)).then(setSaved);
      }}
    >
      <h3 id="settings-network-title" className="settings__heading">
        Network
      </h3>
      {network ? (
        <p className="field-hint" data-testid="network-current">
          {describeCurrent(network)}
        </p>
      ) : null}
      <fieldset className="choice-group">
        <legend className="visually-hidden">Which network</legend>
        <label className="choice">
          <input
            type="radio"
            name="network-source"
            checked={source === 'local'}
            onChange={() => setSource('local')}
          />
          Local network
        </label>
        <label className="choice">
          <input
            type="radio"
            name="network-source"
            checked={source === 'custom'}
            onChange={() => setSource('custom')}
          />
          Custom network
        </label>
      </fieldset>
      {source === 'custom'
        ? networkFields.map((field) => (
            <div key={field.key} className="field">
              <label className="field-label" htmlFor={`network-${field.key}`}>
                {field.label}
              </label>
              <input
                id={`network-${field.key}`}
                className="text-field"
                type="text"
                autoComplete="off"
                spellCheck={false}
                placeholder={field.placeholder}
                aria-invalid={errors[field.key] ? true : undefined}
                aria-describedby={errors[field.key] ? `network-${field.key}-error` : undefined}
                value={input[field.key]}
                onChange={(event) => {
                  const value = event.currentTarget.value;
                  setInput((before) => ({ ...before, [field.key]: value }));
                }}
              />
              {errors[field.key] ? (
                <p id={`network-${field.key}-error`} className="form-error">
                  {errors[field.key]}
                </p>
              ) : null}
            </div>
          ))
        : null}
      {saved ? (
        <p className="field-hint" role="status">
          Network saved.
        </p>
      ) : null}
      <div className="modal__actions">
        <button type="submit" className="primary-button" disabled={busy}>
          Save network
        </button>
      </div>
    </form>
  );
}

function CacheSettingsForm() {
  const cache = useAppStore((s) => s.cache);
  const busy = useAppStore((s) => s.settingsBusy);
  const setCacheLimit = useAppStore((s) => s.setCacheLimit);
  const [text, setText] = useState(cache ? toMegabytes(cache.limitBytes) : '');
  const [error, setError] = useState<string | null>(null);

  return (
    <form
      aria-labelledby="settings-cache-title"
      onSubmit={(event) => {
        event.preventDefault();
        const parsed = parseMegabytes(text);
        setError(parsed.ok ? null : parsed.message);
        if (parsed.ok) void setCacheLimit(parsed.bytes);
      }}
    >
      <h3 id="settings-cache-title" className="settings__heading">
        Cache
      </h3>
      {cache ? (
        <p className="field-hint" data-testid="cache-usage">
          {formatBytes(cache.usedBytes)} used of {formatBytes(cache.limitBytes)}. Tracks marked “Keep offline”
          are always kept; the rest is cleared when the cache is full.
        </p>
      ) : null}
      <label className="field-label" htmlFor="cache-limit">
        Cache size limit (MB)
      </label>
      <input
        id="cache-limit"
        className="text-field"
        type="text"
        inputMode="decimal"
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'cache-limit-error' : undefined}
        value={text}
        onChange={(event) => setText(event.currentTarget.value)}
      />
      {error ? (
        <p id="cache-limit-error" className="form-error">
          {error}
        </p>
      ) : null}
      <div className="modal__actions">
        <button type="submit" className="primary-button" disabled={busy}>
          Save cache limit
        </button>
      </div>
    </form>
  );
}

/** Playback, the network (joined by its key server's address, local, or typed in) and the cache's size. */
export function SettingsDialog() {
  const loaded = useAppStore((s) => s.network != null);
  const network = useAppStore((s) => s.network);
  const error = useAppStore((s) => s.settingsError);
  // A saved limit comes back from the host: the field starts over from it.
  const cacheLimit = useAppStore((s) => s.cache?.limitBytes);
  const { loadSettings, closeDialog } = useAppStore.getState();
  useEffect(() => {
    void loadSettings();
  }, [loadSettings]);
  return (
    <Modal title="Settings" titleId="settings-dialog-title" className="settings-dialog">
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <PlaybackSettings />
      {loaded ? (
        <>
          <JoinNetworkForm />
          <NetworkSettingsForm key={network?.source ?? 'none'} />
          {network?.source === 'none' ? null : <PinningTokenForm />}
        </>
      ) : null}
      {cacheLimit != null ? <CacheSettingsForm key={cacheLimit} /> : null}
      {!loaded && cacheLimit == null && !error ? <p className="field-hint">Loading settings…</p> : null}
      <div className="modal__actions">
        <button type="button" className="text-button" onClick={closeDialog}>
          Close
        </button>
      </div>
    </Modal>
  );
}
