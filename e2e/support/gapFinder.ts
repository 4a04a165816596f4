/**
 * Finds where a recorded sine is broken: runs of near-silence and jumps of phase or level. A
 * pure sine obeys x[n] = 2·cos(ω)·x[n−1] − x[n−2]; what a sample leaves over from that
 * prediction is near zero while the tone runs on and large where it was cut or restarted.
 */

export interface Disturbance {
  /** Seconds from the start of the analysed samples. */
  at: number;
  /** How long the tone was broken, in milliseconds. */
  lengthMs: number;
}

export interface ToneAnalysis {
  /** Seconds from the start of the recording to the first sample of the tone. */
  toneStart: number;
  amplitude: number;
  disturbances: Disturbance[];
}

/** The tone's peak level: a high percentile, so a stray spike does not set it. */
function amplitudeOf(samples: Float32Array): number {
  const magnitudes = Float32Array.from(samples, Math.abs).sort();
  return magnitudes[Math.floor(magnitudes.length * 0.995)] ?? 0;
}

/**
 * Analyses `seconds` of tone from where it starts in `samples`. Samples are broken when the
 * prediction misses by over a tenth of the amplitude or the level stays under a third of it
 * for a whole period; broken samples closer than 1 ms form one disturbance.
 */
export function findDisturbances(
  samples: Float32Array,
  sampleRate: number,
  frequencyHz: number,
  seconds: number,
): ToneAnalysis {
  const amplitude = amplitudeOf(samples);
  const first = samples.findIndex((sample) => Math.abs(sample) > amplitude / 2);
  if (amplitude < 1e-3 || first < 0) return { toneStart: -1, amplitude, disturbances: [] };
  const start = first + Math.round(sampleRate / frequencyHz);
  const end = Math.min(samples.length, first + Math.round(seconds * sampleRate));
  const coefficient = 2 * Math.cos((2 * Math.PI * frequencyHz) / sampleRate);
  const period = Math.ceil(sampleRate / frequencyHz);
  const broken: number[] = [];
  let quietRun = 0;
  for (let index = start; index < end; index += 1) {
    const x = samples[index]!;
    const residual = x - coefficient * samples[index - 1]! + samples[index - 2]!;
    quietRun = Math.abs(x) < amplitude / 3 ? quietRun + 1 : 0;
    if (Math.abs(residual) > amplitude / 10 || quietRun > period) broken.push(index);
  }
  const mergeGap = Math.round(sampleRate / 1000);
  const disturbances: Disturbance[] = [];
  let runStart = -1;
  let runEnd = -1;
  const close = () => {
    if (runStart < 0) return;
    // A quiet run is only noticed a period after it began.
    const from = runStart - (runEnd - runStart >= period ? period : 0);
    disturbances.push({
      at: (from - first) / sampleRate,
      lengthMs: ((runEnd - from + 1) / sampleRate) * 1000,
    });
  };
  for (const index of broken) {
    if (runStart >= 0 && index - runEnd <= mergeGap) {
      runEnd = index;
      continue;
    }
    close();
    runStart = index;
    runEnd = index;
  }
  close();
  return { toneStart: first / sampleRate, amplitude, disturbances };
}

/** The recording the output probe hands over, as samples. */
export function decodeRecording(base64: string): Float32Array {
  // A copy: the decoded bytes may not start on a 4-byte boundary.
  return new Float32Array(Uint8Array.from(Buffer.from(base64, 'base64')).buffer);
}
