import type { Peer } from 'peerjs';
import { PEER_PING_INTERVAL_MS } from '../../../protocol/room-protocol.js';
import { peerServerLocation, type RoomConfig } from '../config.js';
import { RoomError } from '../errors.js';
import { en } from '../i18n/en.js';
import type { SessionEnvironment } from './session-environment.js';

const PEER_OPEN_TIMEOUT_MS = 10_000;

export function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Opens this page's PeerJS socket to our server under a fresh id, with
 * `token` as the proof of owning it. Rejects with `server-unreachable`.
 */
export function openPeer(env: SessionEnvironment, config: RoomConfig, token: string): Promise<Peer> {
  const peer = env.createPeer(crypto.randomUUID(), {
    ...peerServerLocation(config.server),
    token,
    pingInterval: PEER_PING_INTERVAL_MS,
    // No candidate pool (iceCandidatePoolSize): it made relay-only calls connect about 5 % sooner, but in
    // Chromium 156 on a busy machine about 1 call in 100 then never gathered a candidate, and hung until
    // room-session's CONNECT_TIMEOUT_MS (bench/candidate-pool-check.mjs: 2 of 360 lost with it, 0 of 360 without).
    // max-bundle: a call's audio, video and data share one transport from its offer on, so the caller
    // gathers candidates (and, relay-only, makes a TURN allocation) once per call, not once per
    // m-section until the answer arrives; the extra allocations also competed with the one kept.
    config: { iceServers: config.iceServers ?? [], iceTransportPolicy: config.iceTransport, bundlePolicy: 'max-bundle' },
    debug: 0,
  } as ConstructorParameters<typeof Peer>[1]);
  return new Promise((resolve, reject) => {
    // Both listeners go once the socket opens: an error later in the visit
    // (a callee gone, the server lost) must not destroy the peer and its calls.
    const settle = () => {
      clearTimeout(timer);
      peer.off('open', opened);
      peer.off('error', fail);
    };
    const opened = () => {
      settle();
      resolve(peer);
    };
    const fail = () => {
      settle();
      peer.destroy();
      reject(new RoomError('server-unreachable', en.errors['server-unreachable']));
    };
    const timer = setTimeout(fail, PEER_OPEN_TIMEOUT_MS);
    peer.on('open', opened);
    peer.on('error', fail);
  });
}

/** Reconnects a PeerJS socket under its old id and token; rejects if the server does not answer. */
export function reopenPeer(peer: Peer): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: unknown) => {
      clearTimeout(timer);
      peer.off('open', opened);
      peer.off('error', failed);
      if (error) reject(error);
      else resolve();
    };
    const opened = () => done();
    const failed = (error: unknown) => done(error ?? new Error('reconnect failed'));
    const timer = setTimeout(() => done(new Error('reconnect timed out')), PEER_OPEN_TIMEOUT_MS);
    peer.on('open', opened);
    peer.on('error', failed);
    peer.reconnect();
  });
}
