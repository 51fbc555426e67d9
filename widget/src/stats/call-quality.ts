import type { ConnectionStats } from './connection-stats.js';

export type Quality = 'good' | 'fair' | 'poor';

/** Above this audio level (0-1) someone is taken as speaking. */
export const SPEAKING_LEVEL = 0.02;

/** Below this uplink estimate (bits per second), with our video held back by it, the link shows as short. */
export const SHORT_UPLINK_BPS = 500_000;
/** Below this, it hurts. */
export const STARVED_UPLINK_BPS = 150_000;

/**
 * Connection quality from one interval's figures: round-trip time, the share
 * of packets lost since the previous reading, and what we can send them.
 * Thresholds follow what makes a call feel laggy or choppy: beyond 300 ms or
 * 2% loss it shows, beyond 600 ms or 8% it hurts. A capped uplink shows in
 * neither (the sender's bandwidth estimate keeps queues short and losses
 * rare: the picture just gets smaller), so an estimate under 500 kbit/s (150
 * for poor) that holds our video back counts too; a `max-bitrate` below the
 * estimate does not, as the encoder is then not held back by the link.
 */
export function rateQuality(
  roundTripTime: number | undefined,
  lossRatio: number,
  uplink?: { bitsPerSecond?: number; limiting?: boolean },
): Quality {
  const rtt = roundTripTime ?? 0;
  const short = uplink?.limiting && uplink.bitsPerSecond !== undefined ? uplink.bitsPerSecond : Infinity;
  if (rtt > 0.6 || lossRatio > 0.08 || short < STARVED_UPLINK_BPS) return 'poor';
  if (rtt > 0.3 || lossRatio > 0.02 || short < SHORT_UPLINK_BPS) return 'fair';
  return 'good';
}

export interface QualityReading {
  peerId: string;
  quality: Quality;
  /** Seconds. */
  roundTripTime?: number;
  /** Share of packets lost in the last interval, 0 to 1. */
  packetLoss: number;
  speaking: boolean;
  audioLevel: number;
}

/**
 * Turns successive stats of each connection into quality and speaking
 * readings (loss is counted per interval, not since the call began), and
 * picks the active speaker: the loudest above the speaking level, kept for a
 * moment so the highlight does not flicker between two people talking.
 */
export class CallQuality {
  readonly #previous = new Map<string, ConnectionStats>();
  #activeSpeaker: string | undefined;
  #activeHeard = 0;

  constructor(private readonly holdMs = 1500) {}

  read(all: ConnectionStats[], now: number): { readings: QualityReading[]; activeSpeaker: string | undefined } {
    const readings = all.map((stats) => {
      const before = this.#previous.get(stats.peerId);
      this.#previous.set(stats.peerId, stats);
      const received = stats.packetsReceived - (before?.packetsReceived ?? 0);
      const lost = stats.packetsLost - (before?.packetsLost ?? 0);
      const packetLoss = received + lost > 0 ? Math.max(0, lost) / (received + lost) : 0;
      // Loudness over the whole interval (a short word between two readings counts), else the instant's.
      const energy = (stats.totalAudioEnergy ?? 0) - (before?.totalAudioEnergy ?? 0);
      const duration = (stats.totalSamplesDuration ?? 0) - (before?.totalSamplesDuration ?? 0);
      const audioLevel = before && duration > 0 && energy >= 0 ? Math.sqrt(energy / duration) : (stats.audioLevel ?? 0);
      return {
        peerId: stats.peerId,
        quality: rateQuality(stats.roundTripTime, packetLoss, {
          bitsPerSecond: stats.availableOutgoingBitrate,
          limiting: stats.videoLimitedByBandwidth,
        }),
        roundTripTime: stats.roundTripTime,
        packetLoss,
        audioLevel,
        speaking: audioLevel >= SPEAKING_LEVEL,
      };
    });
    for (const peerId of [...this.#previous.keys()]) if (!all.some((s) => s.peerId === peerId)) this.#previous.delete(peerId);
    const loudest = readings.filter((r) => r.speaking).sort((a, b) => b.audioLevel - a.audioLevel)[0];
    const activeSpeaking = readings.some((r) => r.peerId === this.#activeSpeaker && r.speaking);
    if (activeSpeaking) this.#activeHeard = now;
    const activeQuiet = now - this.#activeHeard >= this.holdMs;
    // Someone else takes over only once the current speaker has paused for a moment.
    if (loudest && (!this.#activeSpeaker || activeQuiet)) {
      this.#activeSpeaker = loudest.peerId;
      this.#activeHeard = now;
    } else if (!loudest && activeQuiet) {
      this.#activeSpeaker = undefined;
    }
    if (this.#activeSpeaker && !all.some((s) => s.peerId === this.#activeSpeaker)) this.#activeSpeaker = undefined;
    return { readings, activeSpeaker: this.#activeSpeaker };
  }
}
