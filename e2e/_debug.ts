import { newTurnSecret, startCoturn } from '../scripts/coturn.mjs';
import { launchBrowser, openDemo, startServer, waitForMediaFromAll, waitForStatus } from './harness.js';
const secret = newTurnSecret();
const coturn = await startCoturn({ secret, port: 35999 });
const browser = await launchBrowser();
const { server, base } = await startServer({ turn: { secret, urls: ['turn:127.0.0.1:35999?transport=udp'], ttlSeconds: 3600 } });
const a = await openDemo(browser, base, { room: 'dbg', name: 'Ana', 'ice-transport': 'relay' });
const b = await openDemo(browser, base, { room: 'dbg', name: 'Ben', 'ice-transport': 'relay' });
await waitForStatus(a.page, 'joined'); await waitForStatus(b.page, 'joined');
for (let i = 0; i < 12; i++) {
  for (const p of [a, b]) {
    const s = await p.page.evaluate(async () => { const r = document.querySelector('video-chat-room')!; return { st: await r.getConnectionStats(), links: [...r.shadowRoot!.querySelectorAll('[data-peer-id]')].map(t => (t as HTMLElement).dataset.link) }; });
    console.log(i, JSON.stringify(s));
  }
  await new Promise(r => setTimeout(r, 500));
}
console.log(JSON.stringify(await a.events()), JSON.stringify(await b.events()));
await browser.close(); await server.close(); await coturn.stop(); process.exit(0);
