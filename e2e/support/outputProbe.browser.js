// Injected into the page before its scripts: routes every media element the page plays through
// an AnalyserNode, so an end-to-end test can prove that sound reaches the output.
(() => {
  const context = new AudioContext();
  const analysers = new Map();
  let last = null;
  const originalPlay = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function play() {
    if (!analysers.has(this)) {
      const source = context.createMediaElementSource(this);
      const analyser = context.createAnalyser();
      analyser.fftSize = 2048;
      source.connect(analyser).connect(context.destination);
      analysers.set(this, analyser);
    }
    last = this;
    void context.resume();
    return originalPlay.call(this);
  };
  Object.defineProperty(window, '__outputProbe', {
    value: Object.freeze({
      /** Root-mean-square level of what the last played element outputs right now. */
      level() {
        const analyser = last && analysers.get(last);
        if (!analyser) return 0;
        const samples = new Float32Array(analyser.fftSize);
        analyser.getFloatTimeDomainData(samples);
        let sum = 0;
        for (const sample of samples) sum += sample * sample;
        return Math.sqrt(sum / samples.length);
      },
      currentTime: () => (last ? last.currentTime : -1),
      paused: () => (last ? last.paused : true),
      /** The URL the last played element plays (one per track), '' before anything played. */
      source: () => (last ? last.currentSrc : ''),
    }),
  });
})();
