/** Why the media server could not do what our server asked; `code` is what pages are told. */
export type MediaServerErrorCode =
  /** Janus does not answer on its URL (down, wrong URL, network). */
  | 'media-server-unreachable'
  /** Janus answered, and refused (wrong secret, missing plugin, bad request). */
  | 'media-server-refused';

export class MediaServerError extends Error {
  constructor(
    readonly code: MediaServerErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MediaServerError';
  }
}

/** Connection failures (no socket, closed socket, timeout) from janode, told apart from Janus's own answers. */
export function asMediaServerError(error: unknown, what: string): MediaServerError {
  if (error instanceof MediaServerError) return error;
  const message = error instanceof Error ? error.message : String(error);
  // Janus's own errors reach us as "<code> <reason>" (janode's format); anything else is the connection.
  const refused = /^\d{3} /.test(message) || /unexpected response/.test(message);
  return new MediaServerError(
    refused ? 'media-server-refused' : 'media-server-unreachable',
    `${what}: ${refused ? 'Janus refused' : 'Janus is unreachable'} (${message})`,
  );
}
