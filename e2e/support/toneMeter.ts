/**
 * Measures a recorded output in short windows: the overall RMS level and the amplitude of given
 * frequencies (a Hann-windowed Goertzel filter), so a test can tell which of two tones sound.
 */

/** Amplitude of the `hz` component in samples[from, from + length): 1 for a full-scale sine. */
export function toneAmplitude(
  samples: Float32Array,
  from: number,
  length: number,
  sampleRate: number,
  hz: number,
) {
  const coefficient = 2 * Math.cos((2 * Math.PI * hz) / sampleRate);
  let previous = 0;
  let beforePrevious = 0;
  let windowSum = 0;
  for (let index = 0; index < length; index += 1) {
    const weight = 0.5 - 0.5 * Math.cos((2 * Math.PI * index) / (length - 1));
    windowSum += weight;
    const value = (samples[from + index] ?? 0) * weight + coefficient * previous - beforePrevious;
    beforePrevious = previous;
    previous = value;
  }
  const power =
    previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
  return (2 * Math.sqrt(Math.max(0, power))) / windowSum;
}

export function rmsOf(samples: Float32Array, from: number, length: number): number {
  let sum = 0;
  for (let index = from; index < from + length; index += 1) sum += (samples[index] ?? 0) ** 2;
  return Math.sqrt(sum / length);
}

export interface WindowReading {
  /** Seconds from `start`. */
  at: number;
  rms: number;
  /** Amplitude of each asked-for frequency, in the order asked. */
  tones: number[];
}

/** Readings of `seconds` of samples from `start` (seconds) in windows of `windowSeconds`. */
export function readWindows(
  samples: Float32Array,
  sampleRate: number,
  start: number,
  seconds: number,
  windowSeconds: number,
  frequencies: number[],
): WindowReading[] {
  const length = Math.round(windowSeconds * sampleRate);
  const readings: WindowReading[] = [];
  const first = Math.round(start * sampleRate);
  const last = Math.min(samples.length - length, first + Math.round(seconds * sampleRate));
  for (let from = first; from <= last; from += length) {
    readings.push({
      at: (from - first) / sampleRate,
      rms: rmsOf(samples, from, length),
      tones: frequencies.map((hz) => toneAmplitude(samples, from, length, sampleRate, hz)),
    });
  }
  return readings;
}
