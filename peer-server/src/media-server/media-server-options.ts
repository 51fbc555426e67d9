// Options for the media server: types, defaults, flags, validation. No janode here:
// the server loads it only when a media server is configured.

/** How our server reaches a Janus of the site owner's (see docs/large-rooms.md). */
export interface MediaServerOptions {
  /** Janus API over WebSocket as our server reaches it, e.g. `ws://127.0.0.1:8188`. */
  janusUrl: string;
  /** Janus API as pages reach it, e.g. `wss://example.com/janus` behind nginx; defaults to `janusUrl`. */
  janusPublicUrl?: string;
  /** Janus Admin API over WebSocket, e.g. `ws://127.0.0.1:7188`; never reachable from outside. */
  janusAdminUrl: string;
  /** Janus's `api_secret` (and the VideoRoom `admin_key`): our server's own requests carry it. */
  apiSecret: string;
  /** Janus's `admin_secret`, for adding and removing member tokens. */
  adminSecret: string;
  /** How long a member's Janus token lasts unless renewed, in seconds. */
  tokenTtlSeconds: number;
}

/** A member's Janus token lasts an hour unless renewed; it is removed at once when the member leaves. */
export const DEFAULT_JANUS_TOKEN_TTL_SECONDS = 3600;

/** Rooms up to this many people stay a mesh (every camera sent to every other page). */
export const DEFAULT_MESH_LIMIT = 6;

/** The CLI's flags for the media server, as `parseArgs` takes them. */
export const MEDIA_SERVER_FLAGS = {
  'mesh-limit': { type: 'string' },
  'janus-url': { type: 'string' },
  'janus-public-url': { type: 'string' },
  'janus-admin-url': { type: 'string' },
} as const;

export const MEDIA_SERVER_HELP = `  --mesh-limit N         rooms up to N people stay a mesh [MESH_LIMIT] (default ${DEFAULT_MESH_LIMIT})
  --janus-url URL        Janus API (ws:// or wss://) our server uses for larger rooms [JANUS_URL]
  --janus-public-url URL Janus API as pages reach it, e.g. wss://example.com/janus [JANUS_PUBLIC_URL]
                         (default: the --janus-url)
  --janus-admin-url URL  Janus Admin API, for member tokens; keep it off the internet [JANUS_ADMIN_URL]
                         Janus's secrets come from the environment only: JANUS_API_SECRET, JANUS_ADMIN_SECRET
`;

type Flags = { [K in keyof typeof MEDIA_SERVER_FLAGS]?: string };

/** Flags and environment → the media server's part of the server options. */
export function mediaServerOptionsFrom(
  flags: Flags,
  env: NodeJS.ProcessEnv,
): { meshLimit?: number; mediaServer?: MediaServerOptions } {
  const out: { meshLimit?: number; mediaServer?: MediaServerOptions } = {};
  const meshLimit = flags['mesh-limit'] ?? env.MESH_LIMIT;
  if (meshLimit !== undefined) out.meshLimit = Number(meshLimit);
  const janusUrl = flags['janus-url'] ?? env.JANUS_URL;
  const janusAdminUrl = flags['janus-admin-url'] ?? env.JANUS_ADMIN_URL;
  if (janusUrl === undefined && janusAdminUrl === undefined) return out;
  if (!janusUrl || !janusAdminUrl) throw new Error('a media server needs both --janus-url and --janus-admin-url');
  const apiSecret = env.JANUS_API_SECRET;
  const adminSecret = env.JANUS_ADMIN_SECRET;
  if (!apiSecret || !adminSecret) {
    throw new Error('a media server needs JANUS_API_SECRET and JANUS_ADMIN_SECRET in the environment');
  }
  const janusPublicUrl = flags['janus-public-url'] ?? env.JANUS_PUBLIC_URL;
  out.mediaServer = {
    janusUrl,
    janusAdminUrl,
    ...(janusPublicUrl ? { janusPublicUrl } : {}),
    apiSecret,
    adminSecret,
    tokenTtlSeconds: DEFAULT_JANUS_TOKEN_TTL_SECONDS,
  };
  return out;
}

/** What is wrong with the media server options, one readable line each. */
export function mediaServerProblems(meshLimit: number, mediaServer: MediaServerOptions | undefined): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(meshLimit) || meshLimit < 2 || meshLimit > 50) {
    problems.push(`mesh limit must be 2..50, got ${meshLimit}`);
  }
  if (!mediaServer) return problems;
  for (const [what, url] of [
    ['Janus URL', mediaServer.janusUrl],
    ['Janus public URL', mediaServer.janusPublicUrl],
    ['Janus Admin URL', mediaServer.janusAdminUrl],
  ] as const) {
    if (url !== undefined && !/^wss?:\/\/[^/\s]+/.test(url))
      problems.push(`${what} must start with ws:// or wss://, got "${url}"`);
  }
  if (mediaServer.apiSecret.length < 16) problems.push('JANUS_API_SECRET must be at least 16 characters');
  if (mediaServer.adminSecret.length < 16) problems.push('JANUS_ADMIN_SECRET must be at least 16 characters');
  if (mediaServer.apiSecret === mediaServer.adminSecret) {
    problems.push('JANUS_ADMIN_SECRET must differ from JANUS_API_SECRET (pages never see either; the admin one adds tokens)');
  }
  if (!Number.isInteger(mediaServer.tokenTtlSeconds) || mediaServer.tokenTtlSeconds < 60) {
    problems.push(`Janus token TTL must be at least 60 s, got ${mediaServer.tokenTtlSeconds}`);
  }
  return problems;
}

/** The CLI's startup line for the media server. */
export function describeMediaServer(meshLimit: number, mediaServer: MediaServerOptions | undefined): string {
  return mediaServer
    ? `  media server   Janus at ${mediaServer.janusUrl} (pages: ${mediaServer.janusPublicUrl ?? mediaServer.janusUrl}), mesh limit ${meshLimit}`
    : `  media server   none (mesh limit ${meshLimit})`;
}
