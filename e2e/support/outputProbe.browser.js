// Injected into the page before its scripts: taps what the page plays, so an end-to-end test can
// prove that sound reaches the output and measure it. Two paths are seen: media elements the page
// plays directly (routed here through an AnalyserNode), and Web Audio graphs the page connects to
// its context's destination (a tap with an analyser and a sample recorder is put in between).
(() => {
  const originalConnect = AudioNode.prototype.connect;
  const elementContext = new AudioContext();
  const analysers = new Map();
  /** Elements the page routes through Web Audio itself: they must not be taken a second time. */
  const routedElements = new WeakSet();
  let lastElement = null;
  let lastElementAt = -1;

  /** Per page context: the analyser and recorder every connection to its destination goes through. */
  const taps = new Map();
  const recording = { on: false, chunks: [], sampleRate: 0 };

  function tapFor(context) {
    let tap = taps.get(context);
    if (tap) return tap;
    const input = context.createGain();
    const analyser = context.createAnalyser();
    analyser.fftSize = 2048;
    const recorder = context.createScriptProcessor(16384, 1, 1);
    recorder.onaudioprocess = (event) => {
      // Only a context that plays buffers is recorded (howler keeps an idle one of its own).
      if (!recording.on || !bufferContexts.has(context)) return;
      const samples = event.inputBuffer.getChannelData(0);
      recording.sampleRate = context.sampleRate;
      recording.chunks.push(new Float32Array(samples));
    };
    originalConnect.call(input, analyser);
    originalConnect.call(analyser, context.destination);
    originalConnect.call(input, recorder);
    originalConnect.call(recorder, context.destination);
    tap = { input, analyser };
    taps.set(context, tap);
    return tap;
  }

  AudioNode.prototype.connect = function connect(target, ...rest) {
    if (target instanceof AudioDestinationNode && target.context !== elementContext) {
      return originalConnect.call(this, tapFor(target.context).input, ...rest);
    }
    return originalConnect.call(this, target, ...rest);
  };

  const originalCreateElementSource = AudioContext.prototype.createMediaElementSource;
  AudioContext.prototype.createMediaElementSource = function createMediaElementSource(element) {
    if (this !== elementContext) routedElements.add(element);
    return originalCreateElementSource.call(this, element);
  };

  // Which URL a decoded buffer came from: fetched bytes → decoded buffer → started source.
  const urlOfBytes = new WeakMap();
  const urlOfBuffer = new WeakMap();
  const originalFetch = window.fetch;
  window.fetch = async function fetch(input, init) {
    const response = await originalFetch.call(this, input, init);
    const url = new URL(response.url || String(input), location.href).href;
    const originalArrayBuffer = response.arrayBuffer;
    response.arrayBuffer = async function arrayBuffer() {
      const bytes = await originalArrayBuffer.call(this);
      urlOfBytes.set(bytes, url);
      return bytes;
    };
    return response;
  };
  const originalDecode = BaseAudioContext.prototype.decodeAudioData;
  BaseAudioContext.prototype.decodeAudioData = async function decodeAudioData(bytes, ...rest) {
    const url = urlOfBytes.get(bytes);
    const buffer = await originalDecode.call(this, bytes, ...rest);
    if (url) urlOfBuffer.set(buffer, url);
    return buffer;
  };

  /** Buffer sources the page started: where and when, until they stop or end. */
  let sources = [];
  const bufferContexts = new WeakSet();
  const originalStart = AudioBufferSourceNode.prototype.start;
  AudioBufferSourceNode.prototype.start = function start(when = 0, offset = 0, ...rest) {
    bufferContexts.add(this.context);
    const record = {
      node: this,
      url: (this.buffer && urlOfBuffer.get(this.buffer)) || '',
      startedAt: Math.max(when, this.context.currentTime),
      offset,
      duration: this.buffer ? this.buffer.duration : 0,
      startedWall: performance.now(),
      done: false,
    };
    sources = sources.filter((other) => !other.done).concat(record);
    this.addEventListener('ended', () => (record.done = true));
    return originalStart.call(this, when, offset, ...rest);
  };
  const originalStop = AudioBufferSourceNode.prototype.stop;
  AudioBufferSourceNode.prototype.stop = function stop(...args) {
    for (const record of sources) if (record.node === this) record.done = true;
    return originalStop.call(this, ...args);
  };

  /** The buffer source heard now (or, paused, the one that resumes), if a buffer plays last. */
  function activeSource() {
    const live = sources.filter((record) => !record.done);
    if (live.length === 0) return null;
    const now = live[0].node.context.currentTime;
    const begun = live.filter((record) => record.startedAt <= now + 0.001);
    return (begun.length > 0 ? begun : live).at(-1);
  }
  const lastStartedAt = () => (sources.length > 0 ? sources.at(-1).startedWall : -1);

  const originalPlay = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function play() {
    if (!routedElements.has(this) && !analysers.has(this)) {
      const source = originalCreateElementSource.call(elementContext, this);
      const analyser = elementContext.createAnalyser();
      analyser.fftSize = 2048;
      originalConnect.call(source, analyser);
      originalConnect.call(analyser, elementContext.destination);
      analysers.set(this, analyser);
    }
    lastElement = this;
    lastElementAt = performance.now();
    void elementContext.resume();
    return originalPlay.call(this);
  };
  /** True when a buffer source, not a media element, is what the page played last. */
  const buffersLead = () => activeSource() !== null && lastStartedAt() > lastElementAt;

  function rms(analyser) {
    const samples = new Float32Array(analyser.fftSize);
    analyser.getFloatTimeDomainData(samples);
    let sum = 0;
    for (const sample of samples) sum += sample * sample;
    return Math.sqrt(sum / samples.length);
  }

  Object.defineProperty(window, '__outputProbe', {
    value: Object.freeze({
      /** Root-mean-square level of what plays last right now. */
      level() {
        if (buffersLead()) return rms(tapFor(activeSource().node.context).analyser);
        const analyser = lastElement && analysers.get(lastElement);
        return analyser ? rms(analyser) : 0;
      },
      currentTime() {
        if (buffersLead()) {
          const record = activeSource();
          const elapsed = Math.max(0, record.node.context.currentTime - record.startedAt);
          return Math.min(record.offset + elapsed, record.duration);
        }
        return lastElement ? lastElement.currentTime : -1;
      },
      paused() {
        if (buffersLead()) return activeSource().node.context.state !== 'running';
        if (sources.length > 0 && lastStartedAt() > lastElementAt) return true;
        return lastElement ? lastElement.paused : true;
      },
      /** The URL of what plays (one per track), '' before anything played. */
      source() {
        if (buffersLead()) return activeSource().url;
        return lastElement ? lastElement.currentSrc : '';
      },
      /** Starts keeping every sample the page's Web Audio output renders (channel 0). */
      startRecording() {
        Object.assign(recording, { on: true, chunks: [] });
      },
      /** Seconds recorded so far (the recorder hands samples over a block late). */
      recordedSeconds() {
        const length = recording.chunks.reduce((sum, chunk) => sum + chunk.length, 0);
        return recording.sampleRate > 0 ? length / recording.sampleRate : 0;
      },
      /** Stops and hands over the recording: its sample rate, and its samples as base64 float32. */
      stopRecording() {
        recording.on = false;
        const length = recording.chunks.reduce((sum, chunk) => sum + chunk.length, 0);
        const all = new Float32Array(length);
        let at = 0;
        for (const chunk of recording.chunks) {
          all.set(chunk, at);
          at += chunk.length;
        }
        const bytes = new Uint8Array(all.buffer);
        let binary = '';
        for (let index = 0; index < bytes.length; index += 0x8000) {
          binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000));
        }
        recording.chunks = [];
        return { sampleRate: recording.sampleRate, samples: btoa(binary) };
      },
    }),
  });
})();
