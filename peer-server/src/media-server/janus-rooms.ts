import Janode, { type JanodeSession } from 'janode';
import VideoRoomPlugin, { type VideoRoomHandle } from 'janode/plugins/videoroom';
import { randomBytes } from 'node:crypto';
import { JanusConnection } from './janus-connection.js';
import { asMediaServerError } from './media-server-error.js';
import { JanusTokens } from './janus-tokens.js';
import type { MediaServerOptions } from './media-server-options.js';

/** What a member needs to join its room's VideoRoom, handed out like TURN credentials. */
export interface MediaServerGrant {
  url: string;
  /** The VideoRoom id: random, never our room's name. */
  room: string;
  pin: string;
  /** Janus token: every request of the page carries it; removed when the member leaves. */
  token: string;
  expiresAt: number;
  /** The publisher id this member joins with; others map feeds to people by it, from our roster. */
  feedId: string;
}

interface OpenRoom {
  janusRoom: string;
  /** Lets our server destroy the VideoRoom and kick its participants; never leaves our server. */
  secret: string;
  pin: string;
  members: Map<string, { token: string; feedId: string }>;
}

const randomId = (bytes: number) => randomBytes(bytes).toString('hex');

/**
 * The VideoRooms of our rooms that moved to the media server: one VideoRoom a
 * room, created with a random id, secret and pin, and destroyed once its last
 * member is released. Each member gets its own Janus token (a page that is not
 * a member cannot reach Janus at all), removed, and its feed kicked, when it leaves.
 */
export class JanusRooms {
  readonly #api: JanusConnection;
  readonly #admin: JanusConnection;
  readonly #tokens: JanusTokens;
  readonly #rooms = new Map<string, Promise<OpenRoom>>();
  #control: Promise<{ session: JanodeSession; handle: VideoRoomHandle }> | undefined;

  constructor(private readonly options: MediaServerOptions) {
    this.#api = new JanusConnection(options.janusUrl, options.apiSecret, false);
    this.#admin = new JanusConnection(options.janusAdminUrl, options.adminSecret, true);
    this.#tokens = new JanusTokens(this.#admin, options.tokenTtlSeconds);
  }

  /** Whether `room` has a VideoRoom now. */
  has(room: string): boolean {
    return this.#rooms.has(room);
  }

  /** Creates the VideoRoom for `room` unless it has one; callers at the same time share one creation. */
  open(room: string, maxPublishers: number): Promise<void> {
    let opening = this.#rooms.get(room);
    if (!opening) {
      opening = this.#create(maxPublishers);
      this.#rooms.set(room, opening);
      opening.catch(() => this.#rooms.get(room) === opening && this.#rooms.delete(room));
    }
    return opening.then(() => undefined);
  }

  /** A token and the VideoRoom's id and pin for `memberId`; `room` must be open. */
  async grant(room: string, memberId: string): Promise<MediaServerGrant> {
    const open = await this.#open(room);
    const { token, expiresAt } = await this.#tokens.issue();
    const previous = open.members.get(memberId);
    const feedId = previous?.feedId ?? randomId(8);
    open.members.set(memberId, { token, feedId });
    if (previous) await this.#tokens.revoke(previous.token);
    const url = this.options.janusPublicUrl ?? this.options.janusUrl;
    return { url, room: open.janusRoom, pin: open.pin, token, expiresAt, feedId };
  }

  /** `memberId` left: its token is removed and its feed kicked; the last one out destroys the VideoRoom. */
  async release(room: string, memberId: string): Promise<void> {
    const open = await this.#rooms.get(room)?.catch(() => undefined);
    const member = open?.members.get(memberId);
    if (!open || !member) return;
    open.members.delete(memberId);
    await this.#tokens.revoke(member.token);
    const { handle } = await this.#controlHandle();
    try {
      await handle.kick({ room: open.janusRoom, feed: member.feedId, secret: open.secret });
    } catch (error) {
      // A member that never joined the VideoRoom has nothing to kick (Janus 428, no such feed).
      if (!/\b428\b/.test((error as Error).message)) throw asMediaServerError(error, 'kicking a Janus feed');
    }
    if (open.members.size === 0) await this.close(room);
  }

  /** Destroys `room`'s VideoRoom (Janus hangs up everyone in it) and removes its members' tokens. */
  async close(room: string): Promise<void> {
    const open = await this.#rooms.get(room)?.catch(() => undefined);
    this.#rooms.delete(room);
    if (!open) return;
    for (const { token } of open.members.values()) await this.#tokens.revoke(token);
    open.members.clear();
    const { handle } = await this.#controlHandle();
    try {
      await handle.destroy({ room: open.janusRoom, secret: open.secret });
    } catch (error) {
      throw asMediaServerError(error, 'destroying a VideoRoom');
    }
  }

  /** Removes expired member tokens from Janus (also done every minute once tokens are issued); resolves with how many. */
  sweepTokens(): Promise<number> {
    return this.#tokens.sweep();
  }

  /** Closes our connections to Janus; VideoRooms stay until Janus's session for them times out. */
  async shutdown(): Promise<void> {
    this.#tokens.close();
    const control = await this.#control?.catch(() => undefined);
    this.#control = undefined;
    await control?.session.destroy().catch(() => undefined);
    await Promise.all([this.#api.close(), this.#admin.close()]);
  }

  async #open(room: string): Promise<OpenRoom> {
    const opening = this.#rooms.get(room);
    if (!opening) throw new Error(`room ${room} has no VideoRoom: open it first`);
    return opening;
  }

  async #create(maxPublishers: number): Promise<OpenRoom> {
    const { handle } = await this.#controlHandle();
    const open: OpenRoom = { janusRoom: randomId(16), secret: randomId(24), pin: randomId(12), members: new Map() };
    try {
      await handle.create({
        room: open.janusRoom,
        admin_key: this.options.apiSecret,
        secret: open.secret,
        pin: open.pin,
        // Not in Janus's public room list, and subscriptions need a publisher's private id.
        is_private: true,
        require_pvtid: true,
        permanent: false,
        max_publishers: maxPublishers,
        notify_joining: false,
        // VP8: simulcast in every browser that publishes it, and what a mesh call sends today.
        videocodec: 'vp8',
        audiocodec: 'opus',
      });
    } catch (error) {
      throw asMediaServerError(error, 'creating a VideoRoom');
    }
    return open;
  }

  /** One Janus session and VideoRoom handle of our server's, for creating, kicking and destroying. */
  #controlHandle(): Promise<{ session: JanodeSession; handle: VideoRoomHandle }> {
    this.#control ??= (async () => {
      const connection = await this.#api.get();
      try {
        const session = await connection.create();
        const handle = await session.attach(VideoRoomPlugin);
        const forget = () => {
          this.#control = undefined;
        };
        connection.once(Janode.EVENT.CONNECTION_CLOSED, forget);
        connection.once(Janode.EVENT.CONNECTION_ERROR, forget);
        session.once(Janode.EVENT.SESSION_DESTROYED, forget);
        return { session, handle };
      } catch (error) {
        throw asMediaServerError(error, 'opening a Janus session');
      }
    })();
    this.#control.catch(() => (this.#control = undefined));
    return this.#control;
  }
}
