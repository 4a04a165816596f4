import { useEffect } from 'react';
import type { NetworkHealth } from '../../core/api/appApi';
import type { HostConnection } from '../bridge/bridgeTypes';
import { useAppStore } from '../store/appStore';

type Tone = 'ok' | 'calm' | 'problem';

function describe(host: HostConnection, network: NetworkHealth | null): { text: string; tone: Tone } | null {
  if (host === 'unreachable') return { text: 'Busker host not reachable — retrying…', tone: 'problem' };
  if (host === 'signedOut')
    return {
      text: 'Busker restarted with a new link. Open the link `busker serve` printed to sign in again.',
      tone: 'problem',
    };
  if (network === null) return null;
  const tone: Tone = network.state === 'connected' ? 'ok' : network.state === 'none' ? 'calm' : 'problem';
  return { text: network.message, tone };
}

/** Whether Busker reaches its host (in a browser) and its network, in words; null when unknown. */
export function useConnectionStatus(): { text: string; tone: Tone } | null {
  const host = useAppStore((s) => s.hostConnection);
  const health = useAppStore((s) => s.networkHealth);
  const market = useAppStore((s) => s.capabilities?.market === true);
  return describe(host, market ? health : null);
}

/**
 * The one place that says whether Busker reaches its host (in a browser) and its network: in
 * words, with a marker beside them, announced politely when it changes. A narrow window folds it
 * away with the sidebar; the sidebar's button then carries a problem (see SidebarToggle).
 */
export function ConnectionStatus() {
  const market = useAppStore((s) => s.capabilities?.market === true);
  const watch = useAppStore((s) => s.watchConnection);
  useEffect(() => watch(() => !document.hidden), [watch, market]);
  const status = useConnectionStatus();
  return (
    <p role="status" className={`connection-status connection-status--${status?.tone ?? 'calm'}`}>
      {status?.text}
    </p>
  );
}
