/**
 * Resolves once a received stream carries media, or after `timeoutMs`,
 * whichever comes first. A received track starts muted and unmutes when its
 * first packets arrive, so this is the moment the first picture is being
 * decoded: work that would compete with it (another connection's
 * negotiation, loading code) waits for it. Video is what counts when there
 * is video; an audio-only stream counts its audio.
 */
export function whenMediaFlows(stream: MediaStream | undefined, timeoutMs: number): Promise<void> {
  const track = stream?.getVideoTracks()[0] ?? stream?.getAudioTracks()[0];
  return new Promise((resolve) => {
    if (track && !track.muted) return resolve();
    const done = () => {
      clearTimeout(timer);
      track?.removeEventListener('unmute', done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    track?.addEventListener('unmute', done);
  });
}
