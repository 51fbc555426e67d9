import type { IceServer } from '../../../protocol/room-protocol.js';
import type { RoomConfig } from '../config.js';
import type { SessionEnvironment } from './session-environment.js';
import { openPeer, randomToken } from './signaling.js';
import { SocketPresence } from './socket-presence.js';

/**
 * (A chunk of its own: only the network check asks before joining.)
 * The STUN/TURN list our server hands a member, obtained without camera or
 * microphone by joining a private throwaway room for a moment: credentials
 * are only ever issued to room members.
 */
export async function fetchIceServers(env: SessionEnvironment, config: RoomConfig): Promise<IceServer[]> {
  const peer = await openPeer(env, config, randomToken());
  const room = `preflight-${randomToken().slice(0, 16)}`;
  let presence: SocketPresence | undefined;
  try {
    return await new Promise<IceServer[]>((resolve, reject) => {
      SocketPresence.open(peer, { room, displayName: '', maxParticipants: 2 }, (event) => {
        if (event.type === 'welcome') resolve(event.data.iceServers);
      }).then((opened) => (presence = opened), reject);
    });
  } finally {
    presence?.close();
    peer.destroy();
  }
}
