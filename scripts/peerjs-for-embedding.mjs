// Build-time changes to PeerJS for a library that lives in other people's
// pages, shared by rollup (the bundle) and the test runner's dev server.
// - `webrtc-adapter` is replaced by widget/src/platform/browser-details.ts:
//   the real one patches the host page's RTCPeerConnection globals.
// - PeerJS's default ICE servers (a public TURN server with a static
//   password) are removed: we always pass our own, and no static TURN
//   password may ship in the bundle.
// - `peerjs-js-binarypack` (PeerJS's default serialization, 9 kB) is replaced
//   by a stub, and every serialization name maps to `raw`, the one the
//   element uses: the JSON and BinaryPack connection classes drop out.
import { fileURLToPath } from 'node:url';

export const ADAPTER_STAND_IN = fileURLToPath(new URL('../widget/src/platform/browser-details.ts', import.meta.url));
export const BINARYPACK_STAND_IN = fileURLToPath(new URL('../widget/src/platform/binarypack-left-out.ts', import.meta.url));
const STAND_INS = { 'webrtc-adapter': ADAPTER_STAND_IN, 'peerjs-js-binarypack': BINARYPACK_STAND_IN };
const DEV_STAND_INS = {
  'webrtc-adapter': '/widget/src/platform/browser-details.ts',
  'peerjs-js-binarypack': '/widget/src/platform/binarypack-left-out.ts',
};
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

const SERIALIZER = String.raw`\(0, [\w$]+\)`;
const SERIALIZERS = new RegExp(
  String.raw`this\._serializers = \{\s*raw: \(0, ([\w$]+)\),\s*json: ${SERIALIZER},\s*binary: ${SERIALIZER},\s*"binary-utf8": ${SERIALIZER},\s*default: ${SERIALIZER}\s*\}`,
);

export function onlyRawSerialization(code) {
  const match = SERIALIZERS.exec(code);
  if (!match) {
    throw new Error('peerjs-for-embedding: PeerJS serializers not found; check this transform against the new PeerJS version');
  }
  const raw = match[1];
  const names = ['raw', 'json', 'binary', '"binary-utf8"', 'default'];
  return code.replace(SERIALIZERS, `this._serializers = { ${names.map((n) => `${n}: ${raw}`).join(', ')} }`);
}

const forEmbedding = (code) => onlyRawSerialization(withoutDefaultIceServers(code));

/** Rollup plugin. */
export const peerjsForEmbeddingRollup = () => ({
  name: 'peerjs-for-embedding',
  resolveId: (source) => (Object.hasOwn(STAND_INS, source) ? STAND_INS[source] : null),
  transform: (code, id) => (PEERJS_FILE.test(id) ? { code: forEmbedding(code), map: null } : null),
});

/** @web/dev-server plugin. */
export const peerjsForEmbeddingDevServer = () => ({
  name: 'peerjs-for-embedding',
  resolveImport: ({ source }) => (Object.hasOwn(DEV_STAND_INS, source) ? DEV_STAND_INS[source] : undefined),
  transform: (context) => (PEERJS_FILE.test(context.path) ? { body: forEmbedding(context.body) } : undefined),
});
