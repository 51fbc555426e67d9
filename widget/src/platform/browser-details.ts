/**
 * Stands in for `webrtc-adapter` in our build. PeerJS reads only
 * `browserDetails` from it (to refuse browsers without WebRTC); the real
 * adapter also rewrites `window.RTCPeerConnection` and friends as it loads,
 * which an embed must never do to a host page, and weighs ~10 kB gzip for
 * shims no current browser needs.
 */
function detect(userAgent: string): { browser: string; version: number | null } {
  const firefox = /Firefox\/(\d+)/.exec(userAgent);
  if (firefox) return { browser: 'firefox', version: Number(firefox[1]) };
  const chromium = /Chrom(?:e|ium)\/(\d+)/.exec(userAgent);
  if (chromium) return { browser: 'chrome', version: Number(chromium[1]) };
  // Safari, and every iOS browser (all WebKit): versioned by WebKit's build, as PeerJS expects.
  const webkit = /AppleWebKit\/(\d+)\./.exec(userAgent);
  if (webkit && typeof RTCPeerConnection === 'function') return { browser: 'safari', version: Number(webkit[1]) };
  return { browser: 'Not a supported browser.', version: null };
}

export default { browserDetails: detect(typeof navigator === 'undefined' ? '' : navigator.userAgent) };
