/**
 * How a long-running host (`busker serve`) logs the network's health, in its own file so the host
 * can say "not connected" without loading the market's code.
 */
import type { NetworkHealth } from '../api/marketApi';

/** One line per state, logged once per change. */
export const healthLogLines: Record<NetworkHealth['state'], string> = {
  none: 'Not connected to a network: join one in the browser (Settings) to tip and publish.',
  connected: "The network's chain and key server answer.",
  chainDown: "The network's chain is not answering; tips, publishing and the catalogue wait for it.",
  keyServerDown: 'The key server is not answering; keys for tipped tracks wait for it.',
};

/**
 * Asks `check` every `intervalMs` and logs a line when the state changes (not at every retry).
 * The lines name the part, never an address: an RPC URL often carries an API key.
 */
export function logNetworkHealthChanges(
  check: () => Promise<NetworkHealth>,
  log: (line: string) => void,
  intervalMs = 5_000,
  /** The state the log already told (a host that said "not connected" before asking). */
  told: NetworkHealth['state'] | null = null,
): () => void {
  let last = told;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const { state } = await check();
      // The first answer is only news when something is down.
      if (state !== last && (last !== null || state !== 'connected')) log(healthLogLines[state]);
      last = state;
    } catch {
      // The market did not start: it says why itself.
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
