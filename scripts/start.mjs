// `npm start`: build, start coturn (dev config, loopback) when Debian's
// `turnserver` is installed, and Janus (sfu/, loopback) when Debian's `janus`
// is, then our server with the demo. Ctrl-C stops them all.
import { spawn, spawnSync } from 'node:child_process';
import { hasTurnserver, newTurnSecret, startCoturn } from './coturn.mjs';
import { hasJanus, startJanus } from './janus.mjs';

const built = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

const env = { ...process.env };
let coturn;
if (process.env.TURN_SECRET || process.env.TURN_URLS) {
  console.log('Using the TURN server from TURN_SECRET / TURN_URLS.');
} else if (hasTurnserver()) {
  const secret = newTurnSecret();
  for (const port of [3478, 3479, 3480]) {
    try {
      coturn = await startCoturn({ secret, port });
      break;
    } catch {
      console.warn(`coturn could not start on port ${port}; trying another.`);
    }
  }
  if (coturn) {
    // The secret goes to our server through its environment, never to a page.
    env.TURN_SECRET = secret;
    env.TURN_URLS = `turn:127.0.0.1:${coturn.port}?transport=udp,turn:127.0.0.1:${coturn.port}?transport=tcp`;
    console.log(`coturn (coturn/turnserver.dev.conf) relaying on 127.0.0.1:${coturn.port}.`);
  }
} else {
  console.log(
    'coturn is not installed (Debian: apt-get install coturn): calls will be direct only, which works on a LAN. ' +
      'See coturn/README.md to add a TURN server.',
  );
}

let janus;
if (process.env.JANUS_URL) {
  console.log(`Using the Janus at ${process.env.JANUS_URL}.`);
} else if (hasJanus()) {
  try {
    janus = await startJanus();
    // Secrets made for this run reach our server through its environment only.
    Object.assign(env, {
      JANUS_URL: janus.url,
      JANUS_ADMIN_URL: janus.adminUrl,
      JANUS_API_SECRET: janus.apiSecret,
      JANUS_ADMIN_SECRET: janus.adminSecret,
    });
    console.log(`Janus (sfu/) on ${janus.url}, its Admin API on ${janus.adminUrl}.`);
  } catch (error) {
    console.warn(`Janus could not start, rooms stay meshes: ${error.message.split('\n')[0]}`);
  }
} else {
  console.log('Janus is not installed (Debian: apt-get install janus): rooms stay meshes. See docs/large-rooms.md.');
}

const server = spawn(process.execPath, ['build/peer-server/src/cli.js', ...process.argv.slice(2)], { stdio: 'inherit', env });
const stop = async (code) => {
  await Promise.all([coturn?.stop(), janus?.stop()]);
  process.exit(code);
};
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => void stop(code ?? 0));
