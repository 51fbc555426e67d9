/**
 * A connection with its local description set but no candidate gathered this
 * long after is taken as stuck: Chromium now and then leaves one "gathering"
 * for good (seen in about one call in a hundred with a candidate pool), and
 * without this the call would wait for the 15 s connect timeout.
 */
export const GATHERING_LIMIT_MS = 3_000;

/** The part of an RTCPeerConnection watched here. */
type Gathering = Pick<RTCPeerConnection, 'localDescription' | 'iceGatheringState' | 'addEventListener' | 'removeEventListener'>;

/**
 * Calls `stuck` once if `connection` gathers no local candidate within
 * {@link GATHERING_LIMIT_MS} of setting its local description. Returns a
 * function that stops watching.
 */
export function watchGathering(connection: Gathering, stuck: () => void, limitMs = GATHERING_LIMIT_MS): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = () => {
    clearTimeout(timer);
    connection.removeEventListener('icecandidate', stop);
    connection.removeEventListener('signalingstatechange', start);
  };
  function start(): void {
    if (timer !== undefined || !connection.localDescription) return;
    timer = setTimeout(() => {
      stop();
      if (connection.iceGatheringState !== 'complete') stuck();
    }, limitMs);
  }
  connection.addEventListener('icecandidate', stop);
  connection.addEventListener('signalingstatechange', start);
  start();
  return stop;
}
