// How the suite starts Debian's stock Firefox: over WebDriver BiDi with
// puppeteer-core (Playwright drives only its own patched Firefox), headless,
// with fake camera and microphone and no permission prompts.
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

const FIREFOX_PREFS = {
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  'media.autoplay.default': 0,
  'media.autoplay.block-webaudio': false,
  // Firefox leaves loopback addresses out of ICE by default, and the suite's coturn listens on 127.0.0.1.
  'media.peerconnection.ice.loopback': true,
  // Screen sharing without a picker (the fake device answers getDisplayMedia too).
  'media.getdisplaymedia.enabled': true,
  'permissions.default.camera': 1,
  'permissions.default.microphone': 1,
  // A closed network: no update checks, telemetry or remote settings.
  'app.update.enabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.enabled': false,
  'browser.shell.checkDefaultBrowser': false,
};

export function launchFirefox(): Promise<Browser> {
  return puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    extraPrefsFirefox: FIREFOX_PREFS,
  });
}

/**
 * One person opening `url` in Firefox, with the element's events recorded as
 * the harness does for Chromium (`window.__events`).
 */
export async function openFirefoxPage(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage();
  page.on('pageerror', (error) => console.error(`[firefox page error] ${String(error)}`));
  await page.evaluateOnNewDocument(() => {
    const seen: { type: string; detail: unknown }[] = [];
    (window as any).__events = seen;
    const types = ['join', 'leave', 'participant-join', 'participant-leave', 'error', 'screenshare-start', 'screenshare-stop'];
    for (const type of [...types, 'chat-message', 'file-offer', 'file-progress', 'file-received']) {
      document.addEventListener(type, (e) => seen.push({ type, detail: (e as CustomEvent).detail }), true);
    }
  });
  await page.goto(url);
  return page;
}
