import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createServer, type VideoChatServer } from '../peer-server/src/server.js';
import type { ServerOptions } from '../peer-server/src/options.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** Our server as deployed, except that its one client address (every page here is 127.0.0.1) may join often. */
export async function startServer(options: Partial<ServerOptions> = {}): Promise<{ server: VideoChatServer; base: string }> {
  const server = createServer({ port: 0, host: '127.0.0.1', joinsPerMinute: 10_000, ...options });
  const address = await server.listen();
  return { server, base: `http://${address.address}:${address.port}` };
}

export interface Person {
  context: BrowserContext;
  page: Page;
  /** Public events the element fired, in order. */
  events(): Promise<{ type: string; detail: any }[]>;
}

/** One person opening the demo page; resolves once it has loaded (it joins by itself). */
export function openDemo(
  browser: Browser,
  base: string,
  query: Record<string, string>,
  beforeLoad?: () => void,
): Promise<Person> {
  // Tests of the call skip the prejoin step unless they ask for it.
  return openPage(browser, `${base}/?${new URLSearchParams({ prejoin: 'off', ...query })}`, beforeLoad);
}

/** One person opening `url` in their own browser profile, with the element's events recorded in every frame. */
export async function openPage(browser: Browser, url: string, beforeLoad?: () => void): Promise<Person> {
  const context = await browser.newContext();
  const page = await context.newPage();
  if (beforeLoad) await page.addInitScript(beforeLoad);
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  await page.addInitScript(() => {
    const seen: { type: string; detail: unknown }[] = [];
    (window as any).__events = seen;
    const types = ['join', 'leave', 'participant-join', 'participant-leave', 'error', 'screenshare-start', 'screenshare-stop'];
    for (const type of [...types, 'chat-message', 'file-offer', 'file-progress', 'file-received']) {
      document.addEventListener(type, (e) => seen.push({ type, detail: (e as CustomEvent).detail }), true);
    }
  });
  await page.goto(url);
  return { context, page, events: () => page.evaluate(() => (window as any).__events) };
}

export async function waitForStatus(page: Page, status: string, timeout = 15_000): Promise<void> {
  await page.waitForFunction((s) => document.querySelector('video-chat-room')?.status === s, status, { timeout });
}

/** Remote tiles currently shown, by their participant's id. */
export function remoteTileIds(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...(document.querySelector('video-chat-room')?.shadowRoot?.querySelectorAll('[data-peer-id]') ?? [])].map(
      (tile) => (tile as HTMLElement).dataset.peerId!,
    ),
  );
}

/** A page of either driver: Playwright's (Chromium) or Puppeteer's (Firefox). */
export interface Evaluates {
  evaluate<R>(pageFunction: () => R | Promise<R>): Promise<R>;
}

/**
 * Waits until every remote connection has decoded video frames and received
 * audio bytes, and every remote `<video>` has painted a frame. Polls from
 * here: the check is async (getStats), and waitForFunction does not await a
 * predicate's promise.
 */
export async function waitForMediaFromAll(page: Evaluates, expectedPeers: number, timeout = 20_000): Promise<void> {
  const deadline = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    last = await page.evaluate(async () => {
      const room = document.querySelector('video-chat-room')!;
      const stats = await room.getConnectionStats();
      const videos = [...(room.shadowRoot?.querySelectorAll('[data-peer-id] video') ?? [])] as HTMLVideoElement[];
      return {
        connections: stats.length,
        flowing: stats.filter((s) => s.videoFramesDecoded > 0 && s.audioBytesReceived > 0).length,
        // Firefox counts a MediaStream's painted frames only in its own mozPaintedFrames.
        painted: videos.filter(
          (v) => v.videoWidth > 0 && (v.getVideoPlaybackQuality().totalVideoFrames || (v as any).mozPaintedFrames) > 0,
        ).length,
      };
    });
    const { connections, flowing, painted } = last as { connections: number; flowing: number; painted: number };
    if (connections === expectedPeers && flowing === expectedPeers && painted === expectedPeers) return;
    if (Date.now() > deadline) throw new Error(`media from ${expectedPeers} peers never arrived: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export interface HostSite {
  /** `http://localhost:PORT` (or `http://127.0.0.2:PORT`): not the video chat server's origin. */
  origin: string;
  close(): Promise<void>;
}

/**
 * Someone else's website: serves the given pages (path → body and headers)
 * from its own origin, for embedding tests.
 */
export async function startHostSite(
  pages: Record<string, { body: string; type?: string; headers?: Record<string, string> }>,
  /** `127.0.0.2` gives yet another origin (all of 127/8 is loopback, and a secure context). */
  address: '127.0.0.1' | '127.0.0.2' = '127.0.0.1',
): Promise<HostSite> {
  const { createServer } = await import('node:http');
  const server = createServer((req, res) => {
    const page = pages[new URL(req.url ?? '/', 'http://x').pathname];
    if (!page) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': page.type ?? 'text/html; charset=utf-8', ...page.headers }).end(page.body);
  });
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  const { port } = server.address() as import('node:net').AddressInfo;
  return {
    origin: `http://${address === '127.0.0.1' ? 'localhost' : address}:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A browser and one of our servers, the start of most scenarios. */
export async function startBrowserAndServer(
  options: Partial<ServerOptions> = {},
): Promise<{ browser: Browser; server: VideoChatServer; base: string }> {
  const browser = await launchBrowser();
  return { browser, ...(await startServer(options)) };
}

/** Closes whatever of these was started, in order. */
export async function closeAll(...things: ({ close(): Promise<void> } | undefined)[]): Promise<void> {
  for (const thing of things) await thing?.close();
}

/** People in one call on the demo page, each joined and receiving everyone else's media. */
export async function openCall(browser: Browser, base: string, room: string, names: string[]): Promise<Person[]> {
  const people: Person[] = [];
  for (const name of names) people.push(await openDemo(browser, base, { room, name }));
  for (const person of people) await waitForStatus(person.page, 'joined');
  for (const person of people) await waitForMediaFromAll(person.page, names.length - 1);
  return people;
}
