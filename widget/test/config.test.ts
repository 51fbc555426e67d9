import { expect } from '@open-wc/testing';
import { ATTR, parseConfig, peerServerLocation, roomsApiUrl } from '../src/config.js';
import '../src/index.js';

const DEFAULT_SERVER = 'https://chat.example.com';

describe('parseConfig', () => {
  it('accepts a room alone and fills in defaults', () => {
    const result = parseConfig({ room: 'team-standup' }, DEFAULT_SERVER);
    expect(result.ok).to.equal(true);
    if (!result.ok) return;
    expect(result.config.room).to.equal('team-standup');
    expect(result.config.server.href).to.equal('https://chat.example.com/');
    expect(result.config.audio).to.equal(true);
    expect(result.config.video).to.equal(true);
    expect(result.config.autojoin).to.equal(true);
    expect(result.config.maxParticipants).to.equal(6);
  });

  for (const [room, why] of [
    ['', 'is missing'],
    [null, 'is missing'],
    ['a'.repeat(65), 'is too long'],
    ['has space', 'characters'],
    ['../up', 'characters'],
    ['<script>', 'characters'],
  ] as const) {
    it(`refuses room ${JSON.stringify(room)} with invalid-room`, () => {
      const result = parseConfig({ room }, DEFAULT_SERVER);
      expect(result.ok).to.equal(false);
      if (result.ok) return;
      expect(result.error.code).to.equal('invalid-room');
      expect(result.error.message).to.contain(why);
    });
  }

  for (const server of ['not a url', 'ftp://example.com', 'https://example.com/?x=1', 'javascript:alert(1)']) {
    it(`refuses server ${JSON.stringify(server)} with invalid-server`, () => {
      const result = parseConfig({ room: 'r', server }, DEFAULT_SERVER);
      expect(result.ok).to.equal(false);
      if (!result.ok) expect(result.error.code).to.equal('invalid-server');
    });
  }

  it('reads on/off switches and refuses anything else', () => {
    const off = parseConfig({ room: 'r', audio: 'off', video: 'OFF', autojoin: 'false' }, DEFAULT_SERVER);
    expect(off.ok && [off.config.audio, off.config.video, off.config.autojoin]).to.deep.equal([false, false, false]);
    const on = parseConfig({ room: 'r', audio: '', video: 'on' }, DEFAULT_SERVER);
    expect(on.ok && [on.config.audio, on.config.video]).to.deep.equal([true, true]);
    const bad = parseConfig({ room: 'r', video: 'maybe' }, DEFAULT_SERVER);
    expect(!bad.ok && bad.error.code).to.equal('invalid-attribute');
  });

  it('checks max-participants', () => {
    const three = parseConfig({ room: 'r', maxParticipants: '3' }, DEFAULT_SERVER);
    expect(three.ok && three.config.maxParticipants).to.equal(3);
    for (const value of ['1', '2.5', 'ten', '51']) {
      const bad = parseConfig({ room: 'r', maxParticipants: value }, DEFAULT_SERVER);
      expect(!bad.ok && bad.error.code, value).to.equal('invalid-attribute');
    }
  });

  it('passes a room token through, trimmed, and treats an empty one as none', () => {
    const given = parseConfig({ room: 'r', token: ' header.payload.signature ' }, DEFAULT_SERVER);
    expect(given.ok && given.config.token).to.equal('header.payload.signature');
    const empty = parseConfig({ room: 'r', token: '' }, DEFAULT_SERVER);
    expect(empty.ok && empty.config.token).to.equal(undefined);
  });

  it('cleans the display name', () => {
    const result = parseConfig({ room: 'r', displayName: '  Front\u0000 desk  ' }, DEFAULT_SERVER);
    expect(result.ok && result.config.displayName).to.equal('Front desk');
  });
});

describe('server locations', () => {
  it('places PeerServer and the rooms API under the server URL', () => {
    expect(peerServerLocation(new URL('https://chat.example.com'))).to.deep.equal({
      host: 'chat.example.com',
      port: 443,
      secure: true,
      path: '/peerjs',
      key: 'peerjs',
    });
    const behindPath = new URL('http://localhost:9000/video/');
    expect(peerServerLocation(behindPath)).to.include({ port: 9000, secure: false, path: '/video/peerjs' });
    expect(roomsApiUrl(behindPath, 'a.b', 'join').href).to.equal('http://localhost:9000/video/api/rooms/a.b/join');
  });
});

describe('ICE attributes', () => {
  it('reads ice-transport and refuses other values', () => {
    const relay = parseConfig({ room: 'r', iceTransport: 'relay' }, DEFAULT_SERVER);
    expect(relay.ok && relay.config.iceTransport).to.equal('relay');
    const plain = parseConfig({ room: 'r' }, DEFAULT_SERVER);
    expect(plain.ok && plain.config.iceTransport).to.equal('all');
    const bad = parseConfig({ room: 'r', iceTransport: 'tor' }, DEFAULT_SERVER);
    expect(!bad.ok && bad.error.code).to.equal('invalid-attribute');
  });

  it('reads an ice-servers JSON list and says what is wrong with a bad one', () => {
    const given = parseConfig(
      { room: 'r', iceServers: '[{"urls":"turn:t.example:3478","username":"u","credential":"p"}]' },
      DEFAULT_SERVER,
    );
    expect(given.ok && given.config.iceServers).to.deep.equal([
      { urls: ['turn:t.example:3478'], username: 'u', credential: 'p' },
    ]);
    for (const [value, why] of [
      ['[{"urls":', 'not valid JSON'],
      ['{"urls":"stun:x"}', 'array'],
      ['[{"urls":"http://x"}]', 'stun:, turn: or turns:'],
      ['[{"urls":"turn:x","username":1}]', 'strings'],
    ]) {
      const bad = parseConfig({ room: 'r', iceServers: value }, DEFAULT_SERVER);
      expect(!bad.ok && bad.error.code, value).to.equal('invalid-attribute');
      expect(!bad.ok && bad.error.message, value).to.contain(why);
    }
  });
});

describe('attribute names', () => {
  it('the element observes exactly the attributes the configuration reads', () => {
    const observed = (customElements.get('video-chat-room') as unknown as { observedAttributes: string[] }).observedAttributes;
    expect([...observed].sort()).to.deep.equal(Object.values(ATTR).sort());
  });
});
