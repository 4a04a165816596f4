// A bound on how long the key server waits for one of its dependencies: a chain node or a database
// that hangs must cost a request seconds, never its whole life.

/** `work`'s outcome, or `timedOut()` thrown once `ms` have passed (the work itself goes on). */
export function withinDeadline<T>(work: Promise<T>, ms: number, timedOut: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(timedOut()), ms);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
