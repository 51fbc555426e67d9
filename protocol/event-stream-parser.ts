/** One event of a `text/event-stream` body. */
export interface StreamEvent {
  event: string;
  data: string;
}

/**
 * Incremental `text/event-stream` parser (the subset our server writes:
 * `event:`, `data:` and comment lines). Fed text chunks as they arrive, it
 * returns the events completed so far. Used instead of `EventSource` because a
 * join is a POST whose refusal carries an HTTP status and a JSON body.
 */
export class EventStreamParser {
  #buffer = '';
  #event = '';
  #data: string[] = [];

  /** Largest event we accept; anything bigger is a broken or hostile stream. */
  static readonly MAX_EVENT_CHARS = 256 * 1024;

  push(chunk: string): StreamEvent[] {
    this.#buffer += chunk;
    if (this.#buffer.length > EventStreamParser.MAX_EVENT_CHARS) {
      throw new Error('event stream: event too large');
    }
    const events: StreamEvent[] = [];
    let newline: number;
    while ((newline = this.#buffer.search(/\r\n|\n|\r/)) !== -1) {
      const line = this.#buffer.slice(0, newline);
      const width = this.#buffer.startsWith('\r\n', newline) ? 2 : 1;
      this.#buffer = this.#buffer.slice(newline + width);
      if (line === '') {
        if (this.#data.length) events.push({ event: this.#event || 'message', data: this.#data.join('\n') });
        this.#event = '';
        this.#data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') this.#event = value;
      else if (field === 'data') this.#data.push(value);
    }
    return events;
  }
}
