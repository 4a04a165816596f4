/** The first SIGINT/SIGTERM, listened for from the start so a Ctrl-C during start-up is not lost. */
export function listenForStopSignal(): { signal: Promise<NodeJS.Signals>; dispose(): void } {
  let stop: (signal: NodeJS.Signals) => void = () => undefined;
  const dispose = (): void => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  };
  const signal = new Promise<NodeJS.Signals>((resolve) => {
    stop = (received) => {
      dispose();
      resolve(received);
    };
  });
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return { signal, dispose };
}

export function untilStopSignal(): Promise<NodeJS.Signals> {
  return listenForStopSignal().signal;
}
