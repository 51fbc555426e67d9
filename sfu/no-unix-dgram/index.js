// janode imports unix-dgram for its UNIX-socket transport, which our server never
// uses (it reaches Janus over WebSockets). The real package compiles C++ with
// node-gyp on install, so a clean `npm ci` would need a compiler and Node's
// headers; package.json's `overrides` puts this module in its place.
export function createSocket() {
  throw new Error('the UNIX-socket transport to Janus is not available: use a ws:// or wss:// Janus URL');
}
