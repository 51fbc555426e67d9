import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import type { VideoChatRoomEventMap } from './events.js';
import type { VideoChatRoom } from './video-chat-room.js';

/** An on/off attribute: absent, "", "on" or "true" is on; "off" or "false" is off; a property may also be a boolean. */
type Switch = string | boolean | undefined;

/**
 * The attributes of `<video-chat-room>`, one documented property each (with
 * its range and default): the element's public configuration. The element
 * reads them into a checked configuration (`config.ts`) at each change.
 */
export class VideoChatRoomAttributes extends LitElement {
  // Attribute names are literals here so custom-elements.json can read them; a test pins them to ATTR.
  /** Required. The room to join: 1-64 letters, digits, ".", "_" or "-". */
  @property({ reflect: true }) room = '';
  /**
   * URL of the video chat server (http: or https:, no query).
   * @default the origin this script was loaded from
   */
  @property() server?: string;
  /** The name others see on your tile: up to 64 characters, trimmed. */
  @property({ attribute: 'display-name' }) displayName = '';
  /**
   * "off" (or `false`) joins with the microphone muted.
   * @default "on"
   */
  @property() audio: Switch;
  /**
   * "off" (or `false`) joins with the camera off.
   * @default "on"
   */
  @property() video: Switch;
  /**
   * A whole number from 2 to 50, accepted for pages written for older servers: it no longer sets the
   * room's cap, which is the server's `--max-room-size` or the room token's `maxParticipants` claim.
   * @default 6
   */
  @property({ attribute: 'max-participants' }) maxParticipants?: string | number;
  /**
   * "off" (or `false`) waits for `join()` or the Join button instead of joining on connect.
   * @default "on"
   */
  @property() autojoin: Switch;
  /**
   * "relay" sends everything through TURN, so no one learns anyone's IP address; or "all".
   * @default "all"
   */
  @property({ attribute: 'ice-transport' }) iceTransport?: 'all' | 'relay';
  /**
   * A JSON array of RTCIceServer objects (stun:, turn: or turns: URLs) used instead of the server's STUN/TURN list.
   * @default the server's list, with its current TURN credentials
   */
  @property({ attribute: 'ice-servers' }) iceServers?: string;
  /**
   * "off" (or `false`) hides the screen share button and refuses `toggleScreenshare()`.
   * @default "on"
   */
  @property() screenshare: Switch;
  /** A room token (JWT) from your site's backend, for servers started with a room token secret. */
  @property() token?: string;
  /**
   * "off" (or `false`) hides the chat and refuses `sendMessage()`.
   * @default "on"
   */
  @property() chat: Switch;
  /**
   * "off" (or `false`) refuses files in both directions and hides the file button.
   * @default "on"
   */
  @property() files: Switch;
  /**
   * Largest file sent or accepted: bytes, or a number with a kB, MB or GB suffix (powers of 1000); 1 byte to 10GB.
   * @default "1GB"
   */
  @property({ attribute: 'max-file-size' }) maxFileSize?: string | number;
  /**
   * "dark", "light", or "auto" to follow the visitor's system setting.
   * @default "dark"
   */
  @property({ reflect: true }) theme?: 'dark' | 'light' | 'auto';
  /**
   * "off" (or `false`) skips the step before joining (preview, microphone level, device pickers, name).
   * @default "on"
   */
  @property() prejoin: Switch;
  /**
   * Video uplink in kbit/s, a whole number from 100 to 100000, shared among the peers you send to (each gets an even
   * share; the picture is scaled down when a share is small). Read when joining.
   * @default 2500
   */
  @property({ attribute: 'max-bitrate' }) maxBitrate?: string | number;
  /**
   * Language of the element's text: en, es or zh-CN. Else the nearest ancestor's `lang`, else the page's; English when unknown.
   * @default the nearest ancestor's
   */
  @property() override lang = '';
}

/** Typed listeners for the element's own events (`e.detail` is known). */
export interface VideoChatRoomAttributes {
  addEventListener<K extends keyof VideoChatRoomEventMap>(
    type: K,
    listener: (this: VideoChatRoom, event: VideoChatRoomEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof VideoChatRoomEventMap>(
    type: K,
    listener: (this: VideoChatRoom, event: VideoChatRoomEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}
