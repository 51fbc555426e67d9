#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_MAX_PARTICIPANTS, PEER_PATH } from '../../protocol/room-protocol.js';
import { DEFAULT_TURN_TTL_SECONDS, defaultServerOptions, type ServerOptions } from './options.js';
import {
  describeMediaServer,
  MEDIA_SERVER_FLAGS,
  MEDIA_SERVER_HELP,
  mediaServerOptionsFrom,
} from './media-server/media-server-options.js';
import { createServer } from './server.js';

const HELP = `video-chat-server: signaling, rooms and the <video-chat-room> bundle on one port.

Options (each also from the environment variable in brackets):
  --port N               port to listen on [PORT] (default ${defaultServerOptions.port})
  --host ADDR            address to bind [HOST] (default ${defaultServerOptions.host})
  --base-path P          serve everything under this path, e.g. /video [BASE_PATH] (default /)
  --max-room-size N      most people in a room [MAX_ROOM_SIZE] (default ${DEFAULT_MAX_PARTICIPANTS})
  --allowed-origins L    comma-separated origins allowed to join, or * [ALLOWED_ORIGINS] (default *)
  --alive-timeout MS     drop a PeerJS socket silent this long [ALIVE_TIMEOUT_MS] (default ${defaultServerOptions.aliveTimeoutMs})
  --stun-urls L          comma-separated STUN URLs for members [STUN_URLS]
  --turn-urls L          comma-separated TURN URLs (turn:/turns:) [TURN_URLS]
  --turn-secret S        coturn's static-auth-secret; members get short-lived credentials [TURN_SECRET]
                         (prefer the environment: flags show up in process lists)
  --turn-ttl S           seconds a TURN credential lasts [TURN_TTL_SECONDS] (default ${DEFAULT_TURN_TTL_SECONDS})
  --ice-servers JSON     extra STUN/TURN servers handed out as they are [ICE_SERVERS] (default [])
  --max-peers N          most signaling sockets open at once; more are refused [MAX_PEERS] (default ${defaultServerOptions.concurrentLimit})
                         (each member holds two file descriptors: raise ulimit -n to match)
  --tls-cert FILE        serve https and wss with this PEM certificate (chain) [TLS_CERT]
  --tls-key FILE         the certificate's PEM private key [TLS_KEY]
  --joins-per-minute N   joins and credential renewals per client IP [JOINS_PER_MINUTE] (default ${defaultServerOptions.joinsPerMinute})
  --room-token-secret S  joining needs a JWT (HS256) signed with S by your site [ROOM_TOKEN_SECRET]
                         (prefer the environment)
  --trust-proxy          behind a reverse proxy: client IP from X-Forwarded-For [TRUST_PROXY=1]
${MEDIA_SERVER_HELP}  --no-demo              do not serve the demo pages [NO_DEMO=1]
  --help                 this text
`;

function optionsFrom(argv: string[], env: NodeJS.ProcessEnv): Partial<ServerOptions> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'base-path': { type: 'string' },
      'max-room-size': { type: 'string' },
      'allowed-origins': { type: 'string' },
      'alive-timeout': { type: 'string' },
      'ice-servers': { type: 'string' },
      'stun-urls': { type: 'string' },
      'turn-urls': { type: 'string' },
      'turn-secret': { type: 'string' },
      'turn-ttl': { type: 'string' },
      'joins-per-minute': { type: 'string' },
      'max-peers': { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'trust-proxy': { type: 'boolean' },
      'room-token-secret': { type: 'string' },
      'no-demo': { type: 'boolean' },
      help: { type: 'boolean' },
      ...MEDIA_SERVER_FLAGS,
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  const pick = (flag: string | undefined, name: string) => flag ?? env[name];
  const list = (value: string | undefined) =>
    (value ?? '')
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
  const options: Partial<ServerOptions> = {};
  // Flags that take one value as it is (or as a number), each with its environment variable.
  const plain = [
    ['port', 'PORT', 'port', Number],
    ['host', 'HOST', 'host', String],
    ['base-path', 'BASE_PATH', 'basePath', String],
    ['max-room-size', 'MAX_ROOM_SIZE', 'maxRoomSize', Number],
    ['alive-timeout', 'ALIVE_TIMEOUT_MS', 'aliveTimeoutMs', Number],
    ['joins-per-minute', 'JOINS_PER_MINUTE', 'joinsPerMinute', Number],
    ['max-peers', 'MAX_PEERS', 'concurrentLimit', Number],
    ['room-token-secret', 'ROOM_TOKEN_SECRET', 'roomTokenSecret', String],
  ] as const;
  for (const [flag, name, key, parse] of plain) {
    const value = pick(values[flag], name);
    if (value !== undefined) Object.assign(options, { [key]: parse(value) });
  }
  const origins = pick(values['allowed-origins'], 'ALLOWED_ORIGINS');
  if (origins !== undefined) options.allowedOrigins = origins.trim() === '*' ? '*' : list(origins);
  const iceServers = pick(values['ice-servers'], 'ICE_SERVERS');
  if (iceServers !== undefined) {
    try {
      options.iceServers = JSON.parse(iceServers);
    } catch {
      throw new Error('--ice-servers must be a JSON array of RTCIceServer objects');
    }
  }
  if (values['no-demo'] || env.NO_DEMO === '1') options.demoDir = null;
  if (values['trust-proxy'] || env.TRUST_PROXY === '1') options.trustProxy = true;
  const stunUrls = pick(values['stun-urls'], 'STUN_URLS');
  if (stunUrls !== undefined) options.stunUrls = list(stunUrls);
  const turnSecret = pick(values['turn-secret'], 'TURN_SECRET');
  const turnUrls = list(pick(values['turn-urls'], 'TURN_URLS'));
  if (turnSecret || turnUrls.length) {
    if (!turnSecret || !turnUrls.length) throw new Error('TURN needs both --turn-secret and --turn-urls');
    const ttl = pick(values['turn-ttl'], 'TURN_TTL_SECONDS');
    options.turn = { secret: turnSecret, urls: turnUrls, ttlSeconds: ttl === undefined ? DEFAULT_TURN_TTL_SECONDS : Number(ttl) };
  }
  const tlsCert = pick(values['tls-cert'], 'TLS_CERT');
  const tlsKey = pick(values['tls-key'], 'TLS_KEY');
  if (tlsCert || tlsKey) {
    if (!tlsCert || !tlsKey) throw new Error('TLS needs both --tls-cert and --tls-key');
    const read = (file: string, what: string) => {
      try {
        return readFileSync(file);
      } catch (error) {
        throw new Error(`cannot read the TLS ${what} ${file}: ${(error as Error).message}`);
      }
    };
    options.tls = { cert: read(tlsCert, 'certificate'), key: read(tlsKey, 'key') };
  }
  Object.assign(options, mediaServerOptionsFrom(values, env));
  return options;
}

async function main(): Promise<void> {
  let server;
  try {
    server = createServer(optionsFrom(process.argv.slice(2), process.env));
  } catch (error) {
    // A certificate that does not match its key surfaces here too, from node:tls.
    process.stderr.write(`${(error as Error).message}\n\nRun with --help for the options.\n`);
    process.exit(2);
  }
  const address = await server.listen();
  const { options } = server;
  const shown = options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;
  const base = `${options.tls ? 'https' : 'http'}://${shown}:${address.port}${options.basePath.replace(/\/$/, '')}`;
  process.stdout.write(
    [
      `video-chat-server listening on ${options.host}:${address.port}`,
      `  signaling      ${base}${PEER_PATH}`,
      `  bundle         ${base}/video-chat-room.js`,
      `  max room size  ${options.maxRoomSize}`,
      `  origins        ${options.allowedOrigins === '*' ? '* (any site)' : options.allowedOrigins.join(', ')}`,
      `  alive timeout  ${options.aliveTimeoutMs} ms`,
      `  max peers      ${options.concurrentLimit} signaling sockets, messages up to ${options.signalingMaxPayloadBytes / 1024} KiB`,
      `  tls            ${options.tls ? 'on (https, wss)' : 'off: put a TLS proxy in front, or use --tls-cert/--tls-key'}`,
      `  stun           ${options.stunUrls.join(' ') || 'none'}`,
      `  turn           ${options.turn ? `${options.turn.urls.join(' ')} (credentials for ${options.turn.ttlSeconds} s)` : 'none: calls are direct only (LAN and open NATs)'}`,
      `  extra ice      ${options.iceServers.map((s) => s.urls).join(' ') || 'none'}`,
      `  room tokens    ${options.roomTokenSecret ? 'required (JWT, HS256)' : 'not required: rooms are open'}`,
      `  rate limit     ${options.joinsPerMinute} joins per IP per minute${options.trustProxy ? ' (client IP from X-Forwarded-For)' : ''}`,
      describeMediaServer(options.meshLimit, options.mediaServer),
      options.demoDir ? `\nDemo: open ${base}/ in two browser tabs.` : '',
      '',
    ].join('\n'),
  );
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

void main();
