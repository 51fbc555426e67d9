import type { DataConnection, Peer } from 'peerjs';
import type { ChannelMessage } from '../channels/channel-messages.js';
import { Chat, CHAT_BURST, type ChatAuthor, type ChatRefusal } from '../channels/chat.js';
import { FileTransferError, FileTransfers, type TransferView } from '../channels/file-transfer.js';
import type { RoomConfig } from '../config.js';
import { RoomError } from '../errors.js';
import { en } from '../i18n/en.js';
import type { FileProgressDetail, ParticipantDetail, VideoChatRoomEventMap } from '../events.js';
import { DataMesh } from './data-mesh.js';
import type { RemoteMedia } from './session-state.js';

type ChannelEventName = 'chat-message' | 'file-offer' | 'file-progress' | 'file-received';

/** What the channels need from the session that owns them. */
export interface RoomChannelsHost {
  self(): ChatAuthor | undefined;
  /** A member of the room by id, or undefined for strangers (whose messages are dropped). */
  member(peerId: string): ParticipantDetail | undefined;
  /** The ids of everyone else in the room now. */
  members(): string[];
  remoteMedia(peerId: string, media: RemoteMedia): void;
  /** Chat or transfers changed. */
  changed(): void;
  /** The data link to a member closed or fell silent. */
  lost(peerId: string): void;
  /** The data link to a member is open. */
  opened(peerId: string): void;
  /** An answer to the person's action (message too long, file too large), shown for a while. */
  notice(error: RoomError): void;
  dispatch<K extends ChannelEventName>(name: K, detail: VideoChatRoomEventMap[K]['detail']): void;
}

/**
 * Everything that travels between members besides media: each side's
 * microphone/camera/screen state, chat, and files, over one data connection
 * per member.
 */
export class RoomChannels {
  readonly mesh: DataMesh;
  readonly chat = new Chat();
  readonly files: FileTransfers;
  #media: RemoteMedia = { audio: false, video: false, screen: false };

  constructor(
    peer: Peer,
    private readonly config: RoomConfig,
    private readonly host: RoomChannelsHost,
  ) {
    this.mesh = new DataMesh(peer, config.room, {
      open: (peerId) => {
        this.mesh.send(peerId, { t: 'state', ...this.#media });
        host.opened(peerId);
      },
      message: (peerId, message) => this.#onMessage(peerId, message),
      chunk: (peerId, stream, bytes) => this.files.onChunk(peerId, stream, bytes),
      lost: (peerId) => {
        this.files.peerGone(peerId);
        host.lost(peerId);
      },
    });
    this.files = new FileTransfers(
      this.mesh,
      {
        change: () => host.changed(),
        offer: (view) => host.dispatch('file-offer', { ...this.#fileDetail(view) }),
        progress: (view) => host.dispatch('file-progress', progressDetail(view)),
        received: (view, file) =>
          host.dispatch('file-received', { ...this.#fileDetail(view), sha256: view.sha256 ?? '', file, url: view.url ?? '' }),
      },
      // Read at each offer: the page may change `files` or `max-file-size` during the call.
      {
        get enabled() {
          return config.files;
        },
        get maxFileSize() {
          return config.maxFileSize;
        },
      },
    );
  }

  connect(peerId: string): void {
    this.mesh.connect(peerId);
  }

  isForThisRoom(connection: DataConnection): boolean {
    return this.mesh.isForThisRoom(connection);
  }

  accept(connection: DataConnection): void {
    this.mesh.accept(connection);
  }

  /** Tells everyone what we now send. */
  announceMedia(media: RemoteMedia): void {
    if (media.audio === this.#media.audio && media.video === this.#media.video && media.screen === this.#media.screen) return;
    this.#media = { ...media };
    this.mesh.broadcast({ t: 'state', ...media });
  }

  /** Sends a chat message to everyone; undefined when sent, else why not. */
  sendChat(text: string): ChatRefusal | undefined {
    const self = this.host.self();
    if (!self) return 'empty';
    const composed = this.chat.compose(text, self);
    if ('refused' in composed) return composed.refused;
    // Said to everyone in the room now, including those whose link is still opening.
    this.mesh.deliver(this.host.members(), composed.wire, CHAT_BURST);
    this.host.dispatch('chat-message', { ...composed.message, from: { ...composed.message.from } });
    this.host.changed();
    return undefined;
  }

  /** A message the person wrote: sent to everyone, or why not (as a notice too; nothing for an empty one). */
  sendMessage(text: string): RoomError | undefined {
    const refusal = this.sendChat(text);
    if (!refusal || refusal === 'empty') return undefined;
    const code = refusal === 'too-long' ? 'message-too-long' : 'message-rate-limited';
    const error = new RoomError(code, en.errors[code], false);
    this.host.notice(error);
    return error;
  }

  /** A file the person sends, to everyone or to one member; resolves once each has it, checked, else rejects with a `RoomError`. */
  async sendFile(file: Blob, peerId?: string): Promise<void> {
    if (file.size > this.config.maxFileSize) {
      const error = new RoomError('file-too-large', en.errors['file-too-large'], false);
      this.host.notice(error);
      throw error;
    }
    const members = this.host.members();
    const recipients = peerId ? [peerId] : members;
    if (peerId && !members.includes(peerId)) throw new RoomError('not-joined', `${en.errors['not-joined']} (${peerId})`, false);
    const name = 'name' in file && typeof file.name === 'string' ? file.name : 'file';
    try {
      await this.files.send(file, name, recipients);
    } catch (cause) {
      const reason = cause instanceof FileTransferError ? cause.reason : 'failed';
      const error = new RoomError('file-transfer-failed', `${en.errors['file-transfer-failed']} (${reason})`, false);
      if (reason !== 'cancelled') this.host.notice(error);
      throw error;
    }
  }

  /** A member left the room. */
  drop(peerId: string): void {
    this.files.peerGone(peerId);
    this.mesh.close(peerId);
  }

  close(): void {
    this.files.dispose();
    this.mesh.closeAll();
  }

  #onMessage(peerId: string, message: ChannelMessage): void {
    const from = this.host.member(peerId);
    if (!from) return;
    if (message.t === 'state')
      return this.host.remoteMedia(peerId, { audio: message.audio, video: message.video, screen: message.screen });
    if (message.t === 'chat') {
      if (!this.config.chat) return;
      const received = this.chat.receive(from, message);
      if (!received) return;
      this.host.dispatch('chat-message', { ...received, from: { ...received.from } });
      return this.host.changed();
    }
    this.files.onMessage(peerId, message);
  }

  #fileDetail(view: TransferView) {
    const from = this.host.member(view.peerId) ?? { id: view.peerId, displayName: '' };
    return {
      id: view.id,
      from: { id: from.id, displayName: from.displayName },
      name: view.name,
      size: view.size,
      type: view.type,
    };
  }
}

function progressDetail(view: TransferView): FileProgressDetail {
  const { id, direction, peerId, name, bytes, size, status } = view;
  return { id, direction, peerId, name, bytes, size, status };
}
