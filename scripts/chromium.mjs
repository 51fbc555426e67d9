// How every test here starts Chromium: Debian's build, headless as root, with
// a fake camera and microphone, and quiet on a closed network.
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Chromium keeps only the last --disable-features it is given. Playwright
// passes its own list first (the test runner's Puppeteer merges ours into
// its own), so ours repeats Playwright's (as of playwright-core 1.6x; check it
// when upgrading) and adds the omnibox popup's WebUI, which headless Chromium
// 156 still preloads and animates, costing a quarter of a core in every
// browser we start (seen in a trace: a caret animation in chrome://omnibox-popup).
const DISABLED_FEATURES = [
  // Playwright's own.
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'Translate',
  // Ours: no browser UI renderer burning CPU beside the pages under test.
  'PreloadTopChromeWebUI',
  'WebUIOmniboxPopup',
  'WebUIOmniboxAimPopup',
  'WebUIOmniboxFullPopup',
];

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
  // Pages in background tabs must keep their timers: each page is one person's foreground tab.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
  `--disable-features=${DISABLED_FEATURES.join(',')}`,
];
