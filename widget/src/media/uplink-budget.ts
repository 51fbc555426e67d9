/**
 * The video uplink budget of a mesh. Every sender encodes its video once per
 * peer, so n peers cost n times the bitrate of one: the page's total
 * (`max-bitrate`) is shared out evenly, and when a peer's share is too small
 * for the camera's full resolution the encoder is told to send a smaller
 * picture rather than a blocky one.
 */

export { DEFAULT_MAX_BITRATE_KBPS, MAX_MAX_BITRATE_KBPS, MIN_MAX_BITRATE_KBPS } from './uplink-limits.js';

/**
 * Bitrate that keeps a camera picture sharp, per megapixel at 30 frames a
 * second (720p, 0.92 MP, looks good from about 1 Mbit/s; VP8 and H.264 alike).
 */
const KBPS_PER_MEGAPIXEL = 1100;
/** Steps the picture is scaled down by: each a width the encoder handles well. */
const SCALE_STEPS = [1, 1.5, 2, 3, 4, 6, 8];

/** What one peer's video sender is set to. */
export interface PeerEncoding {
  /** bits per second (RTCRtpEncodingParameters.maxBitrate). */
  maxBitrate: number;
  /** 1 keeps the source resolution; 2 halves width and height. */
  scaleResolutionDownBy: number;
}

export interface VideoSource {
  width?: number;
  height?: number;
  /** `detail` / `text` (screen share): keep resolution, let the frame rate drop instead. */
  contentHint?: string;
}

/**
 * The encoding for each of `peers` connections sharing `totalKbps`: an even
 * share, and the smallest scale-down step at which that share keeps the
 * picture sharp. A screen share keeps full resolution (text must stay legible).
 */
export function encodingPerPeer(totalKbps: number, peers: number, source: VideoSource = {}): PeerEncoding {
  const share = Math.max(1, Math.floor(totalKbps / Math.max(1, peers)));
  const maxBitrate = share * 1000;
  const { width, height, contentHint } = source;
  if (contentHint === 'detail' || contentHint === 'text' || !width || !height) {
    return { maxBitrate, scaleResolutionDownBy: 1 };
  }
  const sharpPixels = (share / KBPS_PER_MEGAPIXEL) * 1e6;
  const needed = Math.sqrt((width * height) / sharpPixels);
  const scaleResolutionDownBy = SCALE_STEPS.find((step) => step >= needed) ?? SCALE_STEPS[SCALE_STEPS.length - 1];
  return { maxBitrate, scaleResolutionDownBy };
}

/**
 * What each sender was last set to here. Reading a sender's parameters is a
 * synchronous round trip to WebRTC's own thread, which can hold the page for
 * tens of milliseconds while a connection comes up: a sender already at its
 * share is not asked again.
 */
const applied = new WeakMap<RTCRtpSender, string>();
const keyOf = (encoding: PeerEncoding) => `${encoding.maxBitrate}/${encoding.scaleResolutionDownBy}`;

/**
 * Sets every sender in `senders` (one per peer, the video sender of each
 * connection) to its share of `totalKbps`. A sender gets its share as its call
 * starts, before negotiation, so its encoder starts with it; one without
 * encodings yet is skipped (the mesh applies the budget again when its link
 * comes up), and one already at its share is left alone.
 */
export async function applyUplinkBudget(senders: RTCRtpSender[], totalKbps: number): Promise<void> {
  const source = senders.find((s) => s.track)?.track;
  const settings = source?.getSettings();
  const encoding = encodingPerPeer(totalKbps, senders.length, {
    width: settings?.width,
    height: settings?.height,
    contentHint: source?.contentHint,
  });
  const key = keyOf(encoding);
  await Promise.all(
    senders.map(async (sender) => {
      if (applied.get(sender) === key) return;
      const parameters = sender.getParameters();
      if (!parameters.encodings?.length) return;
      const [first] = parameters.encodings;
      if (first.maxBitrate === encoding.maxBitrate && first.scaleResolutionDownBy === encoding.scaleResolutionDownBy) {
        applied.set(sender, key);
        return;
      }
      parameters.encodings = parameters.encodings.map((e) => ({ ...e, ...encoding }));
      applied.set(sender, key);
      try {
        await sender.setParameters(parameters);
      } catch (error) {
        applied.delete(sender);
        // A connection closing meanwhile refuses new parameters; the next link change applies them again.
        console.warn('[video-chat-room] could not apply the uplink budget', error);
      }
    }),
  );
}
