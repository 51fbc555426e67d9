// `node bench/candidate-pool-check.mjs [--rounds=30]`: whether Chromium's ICE
// candidate pool (RTCConfiguration.iceCandidatePoolSize) loses connections on
// this machine. Not a figure with a budget: the check behind the element's
// choice to make calls without a pool (widget/src/session/signaling.ts). Two
// pages each connect pairs of RTCPeerConnections to each other through the
// local coturn, three pairs at a time (the load of a join), with a pool of 1
// and without; a pair whose offerer is not ICE-connected within 4 s counts as
// lost. In the ninth session, two runs: 2 of 360 lost with the pool, 0 of 360 without.
// Needs a build of the server (`npm run build`).
import { newTurnSecret, startCoturn } from '../scripts/coturn.mjs';
import { freePort, launchBrowser, startBenchServer } from './lib.mjs';

const rounds = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 30);
const CONNECT_LIMIT_MS = 4000;

/** In a page: `rounds` times, three offerer/answerer pairs at once; how many never connected. */
async function connectPairs({ iceServers, poolSize, rounds, limitMs }) {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
  const config = { iceServers, iceCandidatePoolSize: poolSize };
  let lost = 0;
  let total = 0;
  const pair = async () => {
    const offerer = new RTCPeerConnection(config);
    let answerer;
    const early = [];
    offerer.onicecandidate = ({ candidate }) => {
      if (!candidate) return;
      if (answerer) answerer.addIceCandidate(candidate).catch(() => {});
      else early.push(candidate);
    };
    for (const track of stream.getTracks()) offerer.addTrack(track, stream);
    offerer.createDataChannel('chat');
    await offerer.setLocalDescription();
    answerer = new RTCPeerConnection(config);
    answerer.onicecandidate = ({ candidate }) => candidate && offerer.addIceCandidate(candidate).catch(() => {});
    await answerer.setRemoteDescription(offerer.localDescription);
    for (const candidate of early) answerer.addIceCandidate(candidate).catch(() => {});
    for (const track of stream.getTracks()) answerer.addTrack(track, stream);
    await answerer.setLocalDescription();
    await offerer.setRemoteDescription(answerer.localDescription);
    const connected = await new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), limitMs);
      const check = () => {
        if (!['connected', 'completed'].includes(offerer.iceConnectionState)) return;
        clearTimeout(timer);
        resolve(true);
      };
      offerer.addEventListener('iceconnectionstatechange', check);
      check();
    });
    total++;
    if (!connected) lost++;
    offerer.close();
    answerer.close();
  };
  for (let round = 0; round < rounds; round++) await Promise.all([pair(), pair(), pair()]);
  for (const track of stream.getTracks()) track.stop();
  return { lost, total };
}

const secret = newTurnSecret();
const coturn = await startCoturn({ secret, port: await freePort() });
const turn = { secret, urls: [`turn:127.0.0.1:${coturn.port}?transport=udp`], ttlSeconds: 3600 };
const { server, base } = await startBenchServer({ turn, demoDir: null });
const { iceServersFor } = await import('../build/peer-server/src/turn-credentials.js');
const browser = await launchBrowser();
const result = {};
try {
  for (const poolSize of [1, 0]) {
    const pages = await Promise.all(
      [0, 1].map(async () => {
        const page = await (await browser.newContext()).newPage();
        // A page of the server's origin: media devices are only there on http://127.0.0.1, not about:blank.
        await page.goto(`${base}/bench/baseline/peerjs-call.html`);
        return page;
      }),
    );
    const iceServers = iceServersFor('pool-check', server.options.stunUrls, turn);
    const counts = await Promise.all(
      pages.map((page) => page.evaluate(connectPairs, { iceServers, poolSize, rounds, limitMs: CONNECT_LIMIT_MS })),
    );
    result[`pool${poolSize}`] = counts.reduce((sum, c) => ({ lost: sum.lost + c.lost, total: sum.total + c.total }));
    await Promise.all(pages.map((page) => page.context().close()));
  }
} finally {
  await browser.close();
  await server.close();
  await coturn.stop();
}
console.log(
  `candidate pool check: not connected within ${CONNECT_LIMIT_MS / 1000} s: with a pool of 1 ${result.pool1.lost} of ${result.pool1.total}, without ${result.pool0.lost} of ${result.pool0.total}`,
);
console.log(JSON.stringify(result));
// Chromium can keep the process waiting on pages it has already closed.
process.exit(0);
