/**
 * How loud a stream's microphone is, 0 to 1, for the prejoin meter. Reads an
 * AnalyserNode on demand; nothing runs between reads.
 */
export class AudioLevelMeter {
  readonly #context: AudioContext | undefined;
  readonly #analyser: AnalyserNode | undefined;
  readonly #samples: Float32Array<ArrayBuffer> | undefined;

  constructor(stream: MediaStream) {
    if (!stream.getAudioTracks().length || typeof AudioContext === 'undefined') return;
    this.#context = new AudioContext();
    this.#analyser = this.#context.createAnalyser();
    this.#analyser.fftSize = 1024;
    this.#samples = new Float32Array(this.#analyser.fftSize);
    this.#context.createMediaStreamSource(stream).connect(this.#analyser);
  }

  /** Root mean square of the latest samples, scaled so speech fills most of the range. */
  level(): number {
    if (!this.#analyser || !this.#samples) return 0;
    this.#analyser.getFloatTimeDomainData(this.#samples);
    let sum = 0;
    for (const sample of this.#samples) sum += sample * sample;
    return Math.min(1, Math.sqrt(sum / this.#samples.length) * 4);
  }

  /** A page without a click yet starts audio suspended: call from a click to start reading. */
  resume(): void {
    if (this.#context?.state === 'suspended') void this.#context.resume();
  }

  close(): void {
    void this.#context?.close();
  }
}
