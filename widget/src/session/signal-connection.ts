import type { DataConnection, MediaConnection, Peer } from 'peerjs';
import type { IceServer, PresenceEvent } from '../../../protocol/room-protocol.js';
import { roomsApiUrl, type RoomConfig } from '../config.js';
import { RoomError } from '../errors.js';
import { IceServerKeeper } from './ice-server-keeper.js';
import { REJOIN_POLICY } from './reconnect-policy.js';
import type { SessionEnvironment } from './session-environment.js';
import { openPeer, randomToken, reopenPeer } from './signaling.js';
import { SocketPresence } from './socket-presence.js';

/** What a signal connection tells the session that made it. Nothing is told once it is closed. */
export interface SignalEvents {
  /** The room's presence events, the welcome first (and again after each rejoin). */
  presence(event: PresenceEvent): void;
  /** A call or data connection from another page, not yet vetted. */
  incoming(connection: MediaConnection | DataConnection): void;
  /** The PeerJS socket reported an error, or dropped; the calls go on. */
  trouble(): void;
  /** Whether the visit is joined, so that losing the server means rejoining. */
  joined(): boolean;
  /** The server went away while joined: rejoining starts. */
  rejoining(): void;
  /** Rejoining was refused for good (the room filled up, the token expired). */
  refused(error: RoomError): void;
  /** The browser went online again (waits between rejoin tries are cut short too). */
  online(): void;
  offline(): void;
}

/**
 * One join attempt's link to our server: the PeerJS socket (opened at once,
 * under a fresh id), the room membership over it, the STUN/TURN list it hands
 * out, and rejoining with the same identity when the server goes away.
 * Its lifetime is the attempt's: once {@link close}d (the person left, or
 * joined again), nothing of it acts or reports any more, so no caller has to
 * ask whether its attempt is still the current one.
 */
export class SignalConnection {
  readonly #token = randomToken();
  readonly #opening: Promise<Peer>;
  #closed = false;
  #peer: Peer | undefined;
  #presence: SocketPresence | undefined;
  #ice: IceServerKeeper | undefined;
  #listening = false;
  /** Cuts short the wait between two tries to rejoin. */
  #wake: (() => void) | undefined;

  constructor(
    private readonly env: SessionEnvironment,
    private readonly config: RoomConfig,
    private readonly events: SignalEvents,
  ) {
    this.#opening = openPeer(env, config, this.#token);
    // Failures are met by open(), once the caller is ready for them.
    this.#opening.catch(() => {});
  }

  /** Once closed, for good. */
  get closed(): boolean {
    return this.#closed;
  }

  /** The open PeerJS peer, once {@link open} resolved. */
  get peer(): Peer | undefined {
    return this.#peer;
  }

  /** The STUN/TURN servers in use: the page's own, or the server's with current credentials. */
  get iceServers(): IceServer[] {
    return this.#ice?.servers ?? [];
  }

  /** Resolves with the open peer (undefined if closed meanwhile); rejects with `server-unreachable`. */
  async open(): Promise<Peer | undefined> {
    const peer = await this.#opening;
    if (this.#closed) return void peer.destroy();
    this.#peer = peer;
    this.#ice = new IceServerKeeper(peer, async () => {
      const { renewIceServers } = await import('./member-api.js');
      const url = roomsApiUrl(this.config.server, this.config.room, 'credentials');
      return renewIceServers(url, { peerId: peer.id, token: this.#token }, this.env.fetch);
    });
    peer.on('call', (call) => this.events.incoming(call));
    peer.on('connection', (connection) => this.events.incoming(connection));
    peer.on('error', (error) => {
      // A callee that vanished between the server's word and our call: presence will remove it.
      if (error.type !== 'peer-unavailable') this.events.trouble();
    });
    peer.on('disconnected', () => this.events.trouble());
    return peer;
  }

  /** Joins the room on the server (again, after losing it); resolves once welcomed. Rejects with the server's refusal. */
  async enter(): Promise<void> {
    const peer = this.#peer;
    if (!peer || this.#closed) return;
    const presence = await SocketPresence.open(
      peer,
      {
        room: this.config.room,
        displayName: this.config.displayName,
        roomToken: this.config.token,
      },
      (event) => this.events.presence(event),
    );
    if (this.#closed) return presence.close();
    this.#presence = presence;
    void presence.closed.then(() => {
      if (!this.#closed && this.#presence === presence && this.events.joined()) void this.#rejoin();
    });
  }

  /** Uses `servers` for calls from now on; `renewing` keeps their TURN credentials fresh. */
  useIceServers(servers: IceServer[], renewing: boolean): void {
    this.#ice?.use(servers, renewing);
  }

  /** Tells the room our new display name. */
  rename(displayName: string): void {
    this.#presence?.rename(displayName);
  }

  /** From now on, tells of the browser going offline and online. */
  watchNetwork(): void {
    if (this.#listening || this.#closed) return;
    this.#listening = true;
    globalThis.addEventListener?.('online', this.#onOnline);
    globalThis.addEventListener?.('offline', this.#onOffline);
  }

  /** Leaves the room and closes the socket; a peer still opening is closed as it opens. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#ice?.stop();
    globalThis.removeEventListener?.('online', this.#onOnline);
    globalThis.removeEventListener?.('offline', this.#onOffline);
    this.#wake = undefined;
    this.#presence?.close();
    // Our own hang-up is not news: stop listening before destroying.
    this.#peer?.removeAllListeners();
    this.#peer?.destroy();
    if (!this.#peer) {
      void this.#opening.then(
        (p) => p.destroy(),
        () => {},
      );
    }
    this.#presence = this.#peer = this.#ice = undefined;
  }

  /** The device went offline since it was last online. */
  #wentOffline = false;

  readonly #onOnline = () => {
    // A socket that lived through the outage does not know whether it is dead
    // (the server lets it go after its alive timeout, and the page hears of
    // that only when TCP next retries, up to seconds later): a fresh one rejoins now.
    if (this.#wentOffline && this.#presence && this.#peer && !this.#peer.disconnected) this.#peer.disconnect();
    this.#wentOffline = false;
    this.#wake?.();
    this.events.online();
  };

  readonly #onOffline = () => {
    this.#wentOffline = true;
    this.events.offline();
  };

  /**
   * The server went away (restart, network blip) while calls go on peer to
   * peer: rejoin the room with the same identity, retrying with backoff,
   * until it works or the attempt ends.
   */
  async #rejoin(): Promise<void> {
    this.events.rejoining();
    for (let attempt = 0; ; attempt++) {
      // The network coming back ends the wait at once.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, REJOIN_POLICY.delayMs(attempt));
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = undefined;
      const peer = this.#peer;
      if (this.#closed || !peer) return;
      try {
        if (peer.disconnected) await reopenPeer(peer);
        await this.enter();
        return;
      } catch (error) {
        // A room that filled up or a token that expired meanwhile will not get better by retrying.
        if (error instanceof RoomError && error.code !== 'server-unreachable' && error.code !== 'peer-unverified') {
          return this.events.refused(error);
        }
      }
    }
  }
}
