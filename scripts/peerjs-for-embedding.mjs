// Build-time changes to PeerJS for a library that lives in other people's
// pages, shared by rollup (the bundle) and the test runner's dev server.
// - `webrtc-adapter` is replaced by widget/src/platform/browser-details.ts:
//   the real one patches the host page's RTCPeerConnection globals.
// - PeerJS's default ICE servers (a public TURN server with a static
//   password) are removed: we always pass our own, and no static TURN
//   password may ship in the bundle.
import { fileURLToPath } from 'node:url';

export const ADAPTER_STAND_IN = fileURLToPath(new URL('../widget/src/platform/browser-details.ts', import.meta.url));
const PEERJS_FILE = /[\\/]node_modules[\\/]peerjs[\\/]dist[\\/]bundler\.mjs$/;
const DEFAULT_ICE_SERVERS =
  /iceServers: \[\s*\{\s*urls: "stun:stun\.l\.google\.com:19302"[\s\S]*?credential: "peerjsp"\s*\}\s*\]/;

export function withoutDefaultIceServers(code) {
  if (!DEFAULT_ICE_SERVERS.test(code)) {
    throw new Error(
      'peerjs-for-embedding: PeerJS default ICE servers not found; check this transform against the new PeerJS version',
    );
  }
  return code.replace(DEFAULT_ICE_SERVERS, 'iceServers: []');
}

/** Rollup plugin. */
export const peerjsForEmbeddingRollup = () => ({
  name: 'peerjs-for-embedding',
  resolveId: (source) => (source === 'webrtc-adapter' ? ADAPTER_STAND_IN : null),
  transform: (code, id) => (PEERJS_FILE.test(id) ? { code: withoutDefaultIceServers(code), map: null } : null),
});

/** @web/dev-server plugin. */
export const peerjsForEmbeddingDevServer = () => ({
  name: 'peerjs-for-embedding',
  resolveImport: ({ source }) => (source === 'webrtc-adapter' ? '/widget/src/platform/browser-details.ts' : undefined),
  transform: (context) => (PEERJS_FILE.test(context.path) ? { body: withoutDefaultIceServers(context.body) } : undefined),
});
