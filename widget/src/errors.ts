/**
 * Every error `<video-chat-room>` reports, by stable code. Pages match on the
 * code; people read the message from `i18n/`.
 */
export const ERROR_CODES = [
  'invalid-room',
  'invalid-server',
  'invalid-attribute',
  'insecure-context',
  'mixed-content',
  'iframe-permissions',
  'webrtc-unsupported',
  'permission-denied',
  'no-devices',
  'device-in-use',
  'camera-lost',
  'microphone-lost',
  'server-unreachable',
  'room-full',
  'peer-unverified',
  'origin-not-allowed',
  'token-rejected',
  'signaling-lost',
  'connection-failed',
  'turn-unreachable',
  'turn-auth-failed',
  'rate-limited',
  'autoplay-blocked',
  'not-joined',
  'chat-disabled',
  'message-too-long',
  'message-rate-limited',
  'files-disabled',
  'file-too-large',
  'file-transfer-failed',
  'network-offline',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export function isErrorCode(value: unknown): value is ErrorCode {
  return (ERROR_CODES as readonly unknown[]).includes(value);
}

/**
 * An error as a value. `fatal` errors end the join (the element shows them in
 * place of the call); the others are notices while the call goes on.
 */
export class RoomError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fatal = true,
  ) {
    super(message);
    this.name = 'RoomError';
  }
}
