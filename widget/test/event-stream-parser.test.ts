import { expect } from '@open-wc/testing';
import { EventStreamParser } from '../../protocol/event-stream-parser.js';
import { parsePresenceEvent } from '../../protocol/room-protocol.js';

describe('EventStreamParser', () => {
  it('assembles events split across chunks and skips comments', () => {
    const parser = new EventStreamParser();
    expect(parser.push(': keep-alive\n\nevent: jo')).to.deep.equal([]);
    expect(parser.push('in\ndata: {"id":"a",')).to.deep.equal([]);
    expect(parser.push('"displayName":"A"}\r\n\r\nevent: leave\ndata: {"id":"a"}\n\n')).to.deep.equal([
      { event: 'join', data: '{"id":"a","displayName":"A"}' },
      { event: 'leave', data: '{"id":"a"}' },
    ]);
  });

  it('refuses an event that never ends', () => {
    const parser = new EventStreamParser();
    expect(() => parser.push(`data: ${'x'.repeat(300_000)}`)).to.throw(/too large/);
  });
});

describe('parsePresenceEvent', () => {
  it('keeps well-formed events and drops malformed ones', () => {
    expect(parsePresenceEvent('join', '{"id":"a","displayName":"A"}')).to.deep.equal({
      type: 'join',
      data: { id: 'a', displayName: 'A' },
    });
    expect(parsePresenceEvent('join', '{"id":1}')).to.equal(undefined);
    expect(parsePresenceEvent('join', 'not json')).to.equal(undefined);
    expect(
      parsePresenceEvent('welcome', '{"self":{"id":"a","displayName":""},"members":[{}],"maxParticipants":6,"iceServers":[]}'),
    ).to.equal(undefined);
    expect(parsePresenceEvent('unknown', '{}')).to.equal(undefined);
  });
});
