// A bound on how long a caller waits for work it does not control (a chain node, a key server, a
// database): one that hangs must cost seconds, never the caller's whole life. The key server's
// routes and the app's chain calls and network checks all wait through this one helper.

/** `work`'s outcome, or `timedOut()` thrown once `ms` have passed (the work itself goes on). */
export function withinDeadline<T>(work: Promise<T>, ms: number, timedOut: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(timedOut()), ms);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
