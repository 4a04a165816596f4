import { TagThreads } from '../tagThreads';
import type { TagReadOutcome, TagWorkerJob } from '../tagThreads';

/** Real tag threads that also note which files they were asked to read. */
export class CountingTagThreads extends TagThreads {
  readonly reads: string[] = [];

  override read(job: Omit<TagWorkerJob, 'id'>): Promise<TagReadOutcome> {
    this.reads.push(job.path);
    return super.read(job);
  }
}
