import { CallQuality, type QualityReading } from './call-quality.js';
import type { SessionStore } from '../session/session-store.js';
import type { ConnectionStats } from './connection-stats.js';

/** How often the connections' statistics are read for quality and speaking cues. */
export const QUALITY_INTERVAL_MS = 1000;

/**
 * Reads every connection's statistics once a second while the call lasts and
 * reports quality, who is speaking and the active speaker. A read never
 * overlaps the previous one.
 */
export class QualityWatch {
  readonly #quality = new CallQuality();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running = false;

  constructor(
    private readonly readStats: () => Promise<ConnectionStats[]>,
    private readonly report: (readings: QualityReading[], activeSpeaker: string | undefined) => void,
  ) {}

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#schedule();
  }

  stop(): void {
    this.#running = false;
    clearTimeout(this.#timer);
  }

  #schedule(): void {
    this.#timer = setTimeout(async () => {
      if (!this.#running) return;
      try {
        const { readings, activeSpeaker } = this.#quality.read(await this.readStats(), performance.now());
        if (this.#running) this.report(readings, activeSpeaker);
      } catch (error) {
        console.warn('[video-chat-room] could not read call statistics', error);
      }
      if (this.#running) this.#schedule();
    }, QUALITY_INTERVAL_MS);
  }
}

/** Puts quality and speaking cues into the session's state: it only changes (and events only fire) when a cue does. */
export function showQuality(store: SessionStore, readings: QualityReading[], activeSpeaker: string | undefined): void {
  let participants = store.state.participants;
  for (const reading of readings) {
    const before = participants.find((p) => p.id === reading.peerId);
    if (!before || before.quality === reading.quality) continue;
    participants = participants.map((p) => (p.id === reading.peerId ? { ...p, quality: reading.quality } : p));
    const { peerId: id, quality, roundTripTime, packetLoss } = reading;
    store.dispatch('connection-quality', { id, quality, roundTripTime, packetLoss });
  }
  const speakerChanged = activeSpeaker !== store.state.activeSpeaker;
  if (participants !== store.state.participants || speakerChanged) store.update({ participants, activeSpeaker });
  if (speakerChanged) store.dispatch('active-speaker', { id: activeSpeaker ?? null });
}
