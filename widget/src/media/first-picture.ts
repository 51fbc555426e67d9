const POLL_MS = 50;
/** A decoded picture still has to be painted: a moment more before the competing work starts. */
const PAINT_MS = 250;

/**
 * Resolves once the first picture of `stream` has been decoded on
 * `connection` and had a moment to be painted (without video, once its
 * first sound has arrived), or after
 * `timeoutMs`, whichever comes first. Work that would compete with that
 * picture (negotiating another connection, loading code) waits for it.
 */
export async function whenFirstPicture(
  connection: RTCPeerConnection | undefined,
  stream: MediaStream | undefined,
  timeoutMs: number,
): Promise<void> {
  const track = stream?.getVideoTracks()[0] ?? stream?.getAudioTracks()[0];
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (connection && track) {
      const stats = await connection.getStats(track).catch(() => undefined);
      for (const report of stats?.values() ?? []) {
        if (report.type !== 'inbound-rtp') continue;
        const received = (report.kind === 'video' ? report.framesDecoded : report.packetsReceived) as number | undefined;
        if (received) return new Promise((resolve) => setTimeout(resolve, PAINT_MS));
      }
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
