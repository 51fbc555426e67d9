// The `sdp` package (used by PeerJS's webrtc-adapter) names `sdp.js` as its ES
// module, but that file only assigns `module.exports`. Adding the default
// export it lacks lets both rollup and the test runner's dev server load it.
const SDP_FILE = /[\\/]node_modules[\\/]sdp[\\/]sdp\.js$/;

export const isSdpModule = (path) => SDP_FILE.test(path);
export const sdpAsEsm = (code) => `${code}\nexport default SDPUtils;\n`;

/** Rollup plugin. */
export const sdpAsEsmRollup = () => ({
  name: 'sdp-as-esm',
  transform: (code, id) => (isSdpModule(id) ? { code: sdpAsEsm(code), map: null } : null),
});

/** @web/dev-server plugin. */
export const sdpAsEsmDevServer = () => ({
  name: 'sdp-as-esm',
  transform: (context) => (isSdpModule(context.path) ? { body: sdpAsEsm(context.body) } : undefined),
});
