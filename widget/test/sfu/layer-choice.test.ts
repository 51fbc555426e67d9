import { expect } from '@open-wc/testing';
import type { JanusSession, PluginAnswer } from '../../src/sfu/janus-session.js';
import { changedLayers, chooseLayers, type TileView } from '../../src/sfu/layer-choice.js';
import { VideoRoomSubscriber } from '../../src/sfu/videoroom-subscriber.js';

const tile = (feedId: string, overrides: Partial<TileView> = {}): TileView => ({
  feedId,
  visible: true,
  heightPx: 360,
  speaking: false,
  pinned: false,
  ...overrides,
});

describe('chooseLayers', () => {
  it('gives each tile the smallest layer at least about as tall as the tile', () => {
    const layers = chooseLayers([
      tile('thumb', { heightPx: 90 }),
      tile('small', { heightPx: 200 }),
      tile('grid', { heightPx: 300 }),
      tile('large', { heightPx: 500 }),
      tile('huge', { heightPx: 1400 }),
    ]);
    expect(Object.fromEntries(layers)).to.deep.equal({ thumb: 0, small: 0, grid: 1, large: 2, huge: 2 });
  });

  it('sends the active speaker and a pinned tile the top layer, however small they are shown', () => {
    const layers = chooseLayers([
      tile('speaker', { heightPx: 90, speaking: true }),
      tile('pinned', { heightPx: 90, pinned: true }),
    ]);
    expect(Object.fromEntries(layers)).to.deep.equal({ speaker: 2, pinned: 2 });
  });

  it('sends a tile that is not visible no video at all, even the speaker', () => {
    const layers = chooseLayers([tile('away', { visible: false }), tile('speaker-away', { visible: false, speaking: true })]);
    expect(Object.fromEntries(layers)).to.deep.equal({ away: null, 'speaker-away': null });
  });

  it('takes the top of a shorter ladder when a publisher sends fewer layers', () => {
    const layers = chooseLayers([tile('a', { heightPx: 1000 }), tile('b', { heightPx: 100, pinned: true })], [180, 360]);
    expect(Object.fromEntries(layers)).to.deep.equal({ a: 1, b: 1 });
  });
});

describe('changedLayers', () => {
  it('keeps only the tiles whose layer changed, and new tiles', () => {
    const before = new Map([
      ['a', 0 as const],
      ['b', 2 as const],
      ['c', null],
    ]);
    const after = new Map([
      ['a', 0 as const],
      ['b', 1 as const],
      ['c', null],
      ['d', 2 as const],
    ]);
    expect(Object.fromEntries(changedLayers(before, after))).to.deep.equal({ b: 1, d: 2 });
  });
});

/** A Janus session that records the messages sent and answers a subscriber join with two feeds. */
function fakeSession(): { session: JanusSession; sent: Record<string, unknown>[] } {
  const sent: Record<string, unknown>[] = [];
  const session = {
    async attach() {
      return 7;
    },
    async message(_handle: number, body: Record<string, unknown>): Promise<PluginAnswer> {
      sent.push(body);
      if (body.request === 'join') {
        return {
          data: {
            videoroom: 'attached',
            streams: [
              { mid: '0', type: 'audio', feed_id: 'ana', active: true },
              { mid: '1', type: 'video', feed_id: 'ana', active: true },
              { mid: '2', type: 'audio', feed_id: 'ben', active: true },
              { mid: '3', type: 'video', feed_id: 'ben', active: true },
              { mid: '4', type: 'video', feed_id: 'gone', active: false },
              { mid: 5, type: 'video', feed_id: 'malformed' },
            ],
          },
        };
      }
      return { data: { videoroom: 'event', configured: 'ok' } };
    },
    async detach() {},
  };
  return { session: session as unknown as JanusSession, sent };
}

describe('VideoRoomSubscriber layers', () => {
  it("asks Janus for a substream per feed's video, pauses hidden ones and resumes them", async () => {
    const { session, sent } = fakeSession();
    const subscriber = new VideoRoomSubscriber(session, { room: 'r', pin: 'p', privateId: 1 }, {});
    await subscriber.subscribe(['ana', 'ben']);
    expect(subscriber.feeds).to.deep.equal(['ana', 'ben'], 'inactive and malformed streams are left out');
    expect(sent[0]).to.include({ request: 'join', ptype: 'subscriber', private_id: 1 });

    await subscriber.setLayers(
      new Map([
        ['ana', 0 as const],
        ['ben', null],
      ]),
    );
    expect(sent.at(-1)).to.deep.equal({
      request: 'configure',
      streams: [
        { mid: '1', substream: 0 },
        { mid: '3', send: false },
      ],
    });
    await subscriber.setLayers(new Map([['ben', 2 as const]]));
    expect(sent.at(-1)).to.deep.equal({ request: 'configure', streams: [{ mid: '3', substream: 2, send: true }] });
    const count = sent.length;
    await subscriber.setLayers(new Map([['nobody', 1 as const]]));
    expect(sent.length).to.equal(count, 'nothing sent for a feed it does not receive');
    await subscriber.close();
  });
});
