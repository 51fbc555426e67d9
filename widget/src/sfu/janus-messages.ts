// What arrives from Janus, checked before use: Janus is a server of the site
// owner's, but its answers still come over the network.

export interface JanusJsep {
  type: 'offer' | 'answer';
  sdp: string;
}

/** One message from Janus, after the checks below. */
export interface JanusMessage {
  janus: string;
  transaction?: string;
  session_id?: number;
  /** The handle an event is for. */
  sender?: number;
  data?: Record<string, unknown>;
  error?: { code: number; reason: string };
  plugindata?: { plugin: string; data: Record<string, unknown> };
  jsep?: JanusJsep;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A parsed Janus message, or the reason it is not one. */
export function parseJanusMessage(text: unknown): JanusMessage | { invalid: string } {
  if (typeof text !== 'string' || text.length > 1_000_000) return { invalid: 'not a text frame of sane size' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { invalid: 'not JSON' };
  }
  if (!isObject(value) || typeof value.janus !== 'string') return { invalid: 'no "janus" field' };
  const { transaction, sender, session_id, data, error, plugindata, jsep } = value;
  if (transaction !== undefined && typeof transaction !== 'string') return { invalid: 'transaction is not a string' };
  if (sender !== undefined && typeof sender !== 'number') return { invalid: 'sender is not a number' };
  if (session_id !== undefined && typeof session_id !== 'number') return { invalid: 'session_id is not a number' };
  if (data !== undefined && !isObject(data)) return { invalid: 'data is not an object' };
  if (error !== undefined && !(isObject(error) && typeof error.code === 'number' && typeof error.reason === 'string')) {
    return { invalid: 'malformed error' };
  }
  if (plugindata !== undefined && !(isObject(plugindata) && typeof plugindata.plugin === 'string' && isObject(plugindata.data))) {
    return { invalid: 'malformed plugindata' };
  }
  if (
    jsep !== undefined &&
    !(isObject(jsep) && (jsep.type === 'offer' || jsep.type === 'answer') && typeof jsep.sdp === 'string')
  ) {
    return { invalid: 'malformed jsep' };
  }
  return value as unknown as JanusMessage;
}

/** A VideoRoom stream as Janus lists it in `attached`/`updated` events (subscriber side). */
export interface SubscribedStream {
  mid: string;
  type: 'audio' | 'video' | 'data';
  feedId: string;
  active: boolean;
}

/** The streams of a subscriber event; entries that do not check out are left out. */
export function subscribedStreams(data: Record<string, unknown>): SubscribedStream[] {
  if (!Array.isArray(data.streams)) return [];
  const streams: SubscribedStream[] = [];
  for (const entry of data.streams as unknown[]) {
    if (!isObject(entry) || typeof entry.mid !== 'string') continue;
    if (entry.type !== 'audio' && entry.type !== 'video' && entry.type !== 'data') continue;
    const feed = entry.feed_id;
    if (typeof feed !== 'string' && typeof feed !== 'number') continue;
    streams.push({ mid: entry.mid, type: entry.type, feedId: String(feed), active: entry.active !== false });
  }
  return streams;
}

/** A publisher as the VideoRoom announces it: its feed id and whether it sends video yet. */
export interface AnnouncedFeed {
  feedId: string;
  hasMedia: boolean;
}

/** Publishers listed in a `joined` or publisher `event` message. */
export function announcedFeeds(data: Record<string, unknown>): AnnouncedFeed[] {
  if (!Array.isArray(data.publishers)) return [];
  const feeds: AnnouncedFeed[] = [];
  for (const entry of data.publishers as unknown[]) {
    if (!isObject(entry) || (typeof entry.id !== 'string' && typeof entry.id !== 'number')) continue;
    feeds.push({ feedId: String(entry.id), hasMedia: Array.isArray(entry.streams) && entry.streams.length > 0 });
  }
  return feeds;
}

/** A feed that stopped publishing or left, from a publisher `event` message. */
export function departedFeed(data: Record<string, unknown>): string | undefined {
  for (const key of ['unpublished', 'leaving', 'kicked'] as const) {
    const value = data[key];
    // `leaving: "ok"` and `unpublished: "ok"` are about this handle itself, not another feed.
    if ((typeof value === 'string' && value !== 'ok') || typeof value === 'number') return String(value);
  }
  return undefined;
}
