/**
 * The media-path seam: how this page's camera and microphone reach the others
 * in its room, and how theirs reach it. The session, its roster and its local
 * controls speak only to this interface, so none of them knows whether media
 * flows peer to peer or through a media server.
 *
 * Who is in the room is not the path's business: the roster decides that from
 * the server's presence events and tells the path (`join`, `expect`, `drop`).
 * The path answers with what it sees per participant: their remote stream and
 * the state of the link that carries it.
 *
 * Implementations:
 * - {@link PeerLinks} (`peer-links.ts`), the mesh: one PeerJS call per member,
 *   with the data connection that follows it, crossed calls settled, links
 *   re-made when they break.
 * - A media server path (an SFU such as Janus) plugs in here: `join` enters its
 *   room and subscribes to the members' feeds, `publish` sends one uplink
 *   whatever the number of members, and a participant's link state is that of
 *   their feed.
 */
export interface MediaPath {
  /**
   * Links to `peerIds`, the members who were there before us (and, after the
   * server was lost and regained, those whose link is not fully up): with
   * each, media both ways. Links to others come to us (`expect`).
   */
  join(peerIds: readonly string[]): void;
  /** `peerId` was just announced: their link to us is on its way. */
  expect(peerId: string): void;
  /** `peerId` left the room: their link and everything kept for it go. */
  drop(peerId: string): void;
  /**
   * Resolves once the links `join` just asked for are placed (the other side
   * has been asked), or after `timeoutMs` at the latest.
   */
  placed(peerIds: readonly string[], timeoutMs: number): Promise<void>;
  /** Links to these members went down with the network, which is back: make them again. */
  recover(peerIds: readonly string[]): void;

  /** Sends `stream` (camera and microphone) on every link, those there are and those to come. */
  publish(stream: MediaStream): void;
  /** Sends `track` in place of the current audio or video on every link, without renegotiating. */
  replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): void;
  /** Mutes (null: sends no audio at all) or unmutes (the microphone's track). */
  sendAudio(track: MediaStreamTrack | null): void;
  /** Total video uplink in kbit/s that this page's sending shares. */
  uplinkKbps: number;

  /** The connection that carries `peerId`'s media, for statistics and the relay check. */
  connectionTo(peerId: string): RTCPeerConnection | undefined;
  /** Ends every link, for good. */
  close(): void;
}

/** The state of one participant's link, as a path reports it. */
export type LinkState = 'connecting' | 'connected' | 'failed' | 'closed';

/** What a path reports, per participant. */
export interface MediaPathEvents {
  /** A remote stream to show for `peerId` (once per stream, not per track). */
  stream(peerId: string, stream: MediaStream): void;
  /** The link to `peerId` changed. */
  link(peerId: string, state: LinkState): void;
}
