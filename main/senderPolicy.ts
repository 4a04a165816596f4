import { isAppUrl } from './urlPolicy';

/** What the IPC wrapper knows about the frame that sent a message. */
export interface SenderFacts {
  /** URL of the sending frame; null when the frame has navigated away or is gone. */
  url: string | null;
  /** True only when the frame is the top-level frame of Busker's own window. */
  isAppMainFrame: boolean;
}

export type SenderVerdict = { trusted: true } | { trusted: false; reason: string };

/** Decides whether an IPC message may reach the app API (VS Code's rule: check the sender frame first). */
export function judgeSender(facts: SenderFacts): SenderVerdict {
  if (facts.url === null) return { trusted: false, reason: 'the sending frame is gone' };
  if (!facts.isAppMainFrame) return { trusted: false, reason: 'not the main frame of the Busker window' };
  if (!isAppUrl(facts.url)) return { trusted: false, reason: `untrusted origin (${describeUrl(facts.url)})` };
  return { trusted: true };
}

/** Keeps log lines short and free of query strings. */
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return 'unparseable URL';
  }
}
