import type { ImportPhase, ImportProgress } from '../api/appApi';

/**
 * Counts an import's progress and reports it at most every `intervalMs` (a 10,000-file import
 * must not flood IPC with 10,000 events), plus on every phase change.
 */
export class ImportProgressReporter {
  private readonly state: ImportProgress = { phase: 'scanning', found: 0, processed: 0, current: null };
  private lastReportAt = 0;
  /** The last file processed, named for the user only when a report goes out. */
  private currentPath: string | null = null;

  constructor(
    private readonly listener: ((progress: ImportProgress) => void) | undefined,
    private readonly intervalMs = 100,
    /** How a processed file's path is shown (the importer makes it relative to the folder). */
    private readonly describe: (path: string) => string = (path) => path,
  ) {}

  found(): void {
    this.state.found += 1;
    this.maybeReport();
  }

  processed(path: string): void {
    this.state.processed += 1;
    this.currentPath = path;
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
    if (this.currentPath !== null) this.state.current = this.describe(this.currentPath);
    this.currentPath = null;
    this.listener?.({ ...this.state });
  }
}
