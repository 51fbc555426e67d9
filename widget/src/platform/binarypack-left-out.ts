/**
 * Stand-in for `peerjs-js-binarypack`, PeerJS's default serialization. The
 * element's data connections are `raw` (its own framing), so the 9 kB packer
 * is left out of the bundle; anything that still asked for it gets a clear error.
 */
function leftOut(): never {
  throw new Error('video-chat-room: PeerJS binary serialization is not in this build; use serialization "raw"');
}

export const pack = leftOut;
export const unpack = leftOut;
