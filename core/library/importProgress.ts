import type { ImportPhase, ImportProgress } from '../api/appApi';

/**
 * Counts an import's progress and reports it at most every `intervalMs` (a 10,000-file import
 * must not flood IPC with 10,000 events), plus on every phase change.
 */
export class ImportProgressReporter {
  private readonly state: ImportProgress = { phase: 'scanning', found: 0, processed: 0, current: null };
  private lastReportAt = 0;

  constructor(
    private readonly listener: ((progress: ImportProgress) => void) | undefined,
    private readonly intervalMs = 100,
  ) {}

  found(): void {
    this.state.found += 1;
    this.maybeReport();
  }

  processed(current: string): void {
    this.state.processed += 1;
    this.state.current = current;
    this.maybeReport();
  }

  phase(phase: ImportPhase): void {
    this.state.phase = phase;
    this.report();
  }

  private maybeReport(): void {
    if (performance.now() - this.lastReportAt >= this.intervalMs) this.report();
  }

  private report(): void {
    this.lastReportAt = performance.now();
    this.listener?.({ ...this.state });
  }
}
