import { expect } from '@open-wc/testing';
import { decodeChunk, encodeChunk, parseChannelMessage, type ChannelMessage } from '../../src/channels/channel-messages.js';
import { Chat, CHAT_BURST } from '../../src/channels/chat.js';
import { sanitiseFileName } from '../../src/channels/file-name.js';
import {
  FILE_OFFER_BURST,
  FINISHED_TRANSFERS_KEPT,
  FileTransfers,
  type FilePort,
  type TransferView,
} from '../../src/channels/file-transfer.js';
import { Sha256 } from '../../src/channels/sha256.js';

function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(length);
  for (let at = 0; at < length; at += 65_536) crypto.getRandomValues(bytes.subarray(at, at + 65_536));
  return bytes;
}

async function webCryptoHex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

describe('Sha256', () => {
  it('matches Web Crypto for lengths around the block edges, fed in uneven pieces', async () => {
    for (const length of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000, 70_000]) {
      const bytes = randomBytes(length);
      const hash = new Sha256();
      for (let at = 0; at < length; at += 37) hash.update(bytes.subarray(at, at + 37));
      expect(hash.hex(), `length ${length}`).to.equal(await webCryptoHex(bytes));
    }
  });

  it('gives the known digest of "abc"', () => {
    expect(new Sha256().update(new TextEncoder().encode('abc')).hex()).to.equal(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});

describe('parseChannelMessage', () => {
  it('accepts each well-formed message', () => {
    const good: ChannelMessage[] = [
      { t: 'state', audio: true, video: false, screen: false },
      { t: 'chat', id: 'abc', text: 'hi', sentAt: 1 },
      { t: 'file-offer', id: 'f1', stream: 3, name: 'a.txt', size: 10, mime: 'text/plain' },
      { t: 'file-end', id: 'f1', sha256: 'a'.repeat(64) },
      { t: 'file-cancel', id: 'f1', reason: 'cancelled' },
      { t: 'file-ack', id: 'f1', ok: true },
      { t: 'ping' },
    ];
    for (const message of good) expect(parseChannelMessage(JSON.stringify(message))).to.deep.equal({ message });
  });

  for (const [frame, why] of [
    ['not json', 'not JSON'],
    ['[1,2]', 'not an object'],
    ['{"t":"__proto__"}', 'unknown type'],
    ['{"t":"eval","code":"alert(1)"}', 'unknown type'],
    ['{"t":"chat","id":"a","text":"","sentAt":1}', 'malformed chat'],
    [JSON.stringify({ t: 'chat', id: 'a', text: 'x'.repeat(2001), sentAt: 1 }), 'malformed chat'],
    ['{"t":"chat","id":"<b>","text":"x","sentAt":1}', 'malformed chat'],
    ['{"t":"file-offer","id":"a","stream":-1,"name":"x","size":1,"mime":"a/b"}', 'malformed file-offer'],
    ['{"t":"file-end","id":"a","sha256":"xyz"}', 'malformed file-end'],
    ['{"t":"state","audio":"yes","video":true,"screen":false}', 'malformed state'],
    [`{"t":"chat","pad":"${'x'.repeat(20_000)}"}`, 'text frame'],
  ] as const) {
    it(`drops ${frame.slice(0, 40)}… (${why})`, () => {
      const parsed = parseChannelMessage(frame);
      expect('dropped' in parsed && parsed.dropped).to.contain(why);
    });
  }

  it('round-trips a binary chunk with its stream number', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const decoded = decodeChunk(encodeChunk(70_000, bytes));
    expect(decoded?.stream).to.equal(70_000);
    expect([...decoded!.bytes]).to.deep.equal([1, 2, 3]);
    expect(decodeChunk(new ArrayBuffer(4))).to.equal(undefined);
  });
});

describe('sanitiseFileName', () => {
  for (const [given, expected] of [
    ['report.pdf', 'report.pdf'],
    ['../../etc/passwd', '_.._etc_passwd'],
    ['C:\\Windows\\evil.exe', 'C__Windows_evil.exe'],
    ['photo\u202Egnp.exe', 'photo_gnp.exe'],
    ['<img src=x onerror=alert(1)>.png', '_img src=x onerror=alert(1)_.png'],
    ['...hidden', 'hidden'],
    ['CON.txt', '_CON.txt'],
    ['', 'file'],
    ['\u0000\u0001', '__'],
  ] as const) {
    it(`${JSON.stringify(given)} → ${JSON.stringify(expected)}`, () => {
      expect(sanitiseFileName(given)).to.equal(expected);
    });
  }

  it('shortens long names and keeps the extension', () => {
    const name = sanitiseFileName(`${'a'.repeat(500)}.tar.gz`);
    expect([...name].length).to.equal(120);
    expect(name.endsWith('.gz')).to.equal(true);
  });

  it('takes non-strings as "file"', () => {
    expect(sanitiseFileName({ toString: () => 'x' })).to.equal('file');
  });
});

describe('Chat', () => {
  const ana = { id: 'ana', displayName: 'Ana' };

  it('keeps markup as text and strips bidirectional overrides', () => {
    const chat = new Chat();
    const result = chat.compose('  <img src=x onerror=alert(1)>\u202E  ', ana);
    expect('message' in result && result.message.text).to.equal('<img src=x onerror=alert(1)>');
  });

  it('refuses empty and over-long messages, and a flood after the burst', () => {
    const chat = new Chat();
    expect(chat.compose('   ', ana)).to.deep.equal({ refused: 'empty' });
    expect(chat.compose('x'.repeat(2001), ana)).to.deep.equal({ refused: 'too-long' });
    const results = Array.from({ length: CHAT_BURST + 3 }, (_, i) => chat.compose(`m${i}`, ana));
    expect(results.filter((r) => 'refused' in r && r.refused === 'rate-limited').length).to.be.at.least(2);
  });

  it('drops a peer over its rate and repeats, and keeps only id and name of the author', () => {
    const chat = new Chat();
    const ben = { id: 'ben', displayName: 'Ben', stream: {}, link: 'connected' } as unknown as {
      id: string;
      displayName: string;
    };
    const received = Array.from({ length: 30 }, (_, i) => chat.receive(ben, { t: 'chat', id: `m${i}`, text: 'x', sentAt: 1 }));
    expect(received.filter(Boolean).length).to.be.within(CHAT_BURST, CHAT_BURST + 2);
    expect(received[0]?.from).to.deep.equal({ id: 'ben', displayName: 'Ben' });
  });
});

/** Two FileTransfers wired to each other as two pages' data connections would be. */
function pair(limits = { enabled: true, maxFileSize: 1e9 }) {
  const log: { side: string; event: string; view: TransferView }[] = [];
  const received: File[] = [];
  let tamper = false;
  const sides: Record<string, FileTransfers> = {};
  const port = (self: string, other: string): FilePort => ({
    send: (_peer, message) => {
      queueMicrotask(() => sides[other].onMessage(self, structuredClone(message)));
      return true;
    },
    sendChunk: (_peer, stream, bytes) => {
      const copy = bytes.slice();
      if (tamper) copy[0] ^= 1;
      queueMicrotask(() => sides[other].onChunk(self, stream, copy));
      return true;
    },
    writable: async () => true,
    whenOpen: async () => true,
    maxChunkBytes: () => 16 * 1024,
  });
  const events = (side: string) => ({
    change: () => {},
    offer: (view: TransferView) => log.push({ side, event: 'offer', view }),
    progress: (view: TransferView) => log.push({ side, event: 'progress', view }),
    received: (view: TransferView, file: File) => {
      log.push({ side, event: 'received', view });
      received.push(file);
    },
  });
  sides.a = new FileTransfers(port('a', 'b'), events('a'), { enabled: true, maxFileSize: 1e9 });
  sides.b = new FileTransfers(port('b', 'a'), events('b'), limits);
  return { a: sides.a, b: sides.b, log, received, tamper: () => (tamper = true) };
}

describe('FileTransfers', () => {
  it('delivers a file whole, verified, with progress that only goes up', async () => {
    const { a, log, received } = pair();
    const bytes = randomBytes(3 * 1024 * 1024 + 123);
    await a.send(new Blob([bytes]), 'data.bin', ['b']);
    expect(received.length).to.equal(1);
    expect(received[0].name).to.equal('data.bin');
    expect(await webCryptoHex(new Uint8Array(await received[0].arrayBuffer()))).to.equal(await webCryptoHex(bytes));
    const done = log.find((l) => l.event === 'received')!.view;
    expect(done.sha256).to.equal(await webCryptoHex(bytes));
    expect(done.url).to.match(/^blob:/);
    const sent = log.filter((l) => l.side === 'a' && l.event === 'progress').map((l) => l.view.bytes);
    expect(sent).to.deep.equal([...sent].sort((x, y) => x - y));
    expect(a.views[0].status).to.equal('done');
  });

  it("refuses a file over the receiver's limit, and any file when files are off", async () => {
    const small = pair({ enabled: true, maxFileSize: 100 });
    let error = await small.a.send(new Blob([new Uint8Array(101)]), 'big', ['b']).catch((e: Error) => e);
    expect(error).to.have.property('reason', 'too-large');
    const off = pair({ enabled: false, maxFileSize: 1e9 });
    error = await off.a.send(new Blob([new Uint8Array(1)]), 'x', ['b']).catch((e: Error) => e);
    expect(error).to.have.property('reason', 'disabled');
    expect(off.received.length).to.equal(0);
  });

  it("does not offer a file whose bytes do not match the sender's hash", async () => {
    const { a, b, received, tamper } = pair();
    tamper();
    const error = await a.send(new Blob([new Uint8Array(50_000)]), 'x', ['b']).catch((e: Error) => e);
    expect(error).to.have.property('reason', 'corrupt');
    expect(received.length).to.equal(0);
    expect(b.views[0].status).to.equal('failed');
    expect(b.views[0].url).to.equal(undefined);
  });

  it('cancels from the receiving side and the sender stops', async () => {
    const { a, b, log } = pair();
    const sending = a.send(new Blob([new Uint8Array(8 * 1024 * 1024)]), 'x', ['b']).catch((e: Error) => e);
    await new Promise((r) => setTimeout(r, 0));
    const offer = log.find((l) => l.side === 'b' && l.event === 'offer')!.view;
    expect(b.cancel(offer.id)).to.equal(true);
    expect(await sending).to.have.property('reason', 'cancelled');
    expect(a.views[0].status).to.equal('cancelled');
    expect(a.views[0].bytes).to.be.below(8 * 1024 * 1024);
  });

  it('ends transfers with a member who leaves', async () => {
    const { a } = pair();
    const sending = a.send(new Blob([new Uint8Array(8 * 1024 * 1024)]), 'x', ['b']).catch((e: Error) => e);
    a.peerGone('b');
    expect(await sending).to.have.property('reason', 'left');
  });

  it('hands over a received file as bytes to download, never as the type its sender claims', async () => {
    const { a, log, received } = pair();
    const page = '<script>localStorage.stolen = 1</script>';
    await a.send(new Blob([page], { type: 'text/html' }), 'invite.html', ['b']);
    expect(received[0].type).to.equal('application/octet-stream');
    const view = log.find((l) => l.event === 'received')!.view;
    expect(view.type).to.equal('text/html');
    const served = await (await fetch(view.url!)).blob();
    expect(served.type).to.equal('application/octet-stream');
  });

  it('refuses a flood of file offers from one peer after a burst', () => {
    const refusals: string[] = [];
    const offered: TransferView[] = [];
    const port: FilePort = {
      send: (_peer, message) => (message.t === 'file-cancel' && refusals.push(message.id), true),
      sendChunk: () => true,
      writable: async () => true,
      whenOpen: async () => true,
      maxChunkBytes: () => 16 * 1024,
    };
    const events = { change: () => {}, offer: (v: TransferView) => offered.push(v), progress: () => {}, received: () => {} };
    const b = new FileTransfers(port, events, { enabled: true, maxFileSize: 1e9 });
    for (let i = 0; i < 200; i++) {
      b.onMessage('mallory', { t: 'file-offer', id: `offer-${i}`, stream: i + 1, name: 'x', size: 10, mime: 'a/b' });
      b.onMessage('mallory', { t: 'file-cancel', id: `offer-${i}`, reason: 'cancelled' });
    }
    expect(offered.length).to.be.within(FILE_OFFER_BURST, FILE_OFFER_BURST + 2);
    expect(refusals.length).to.equal(200 - offered.length);
  });

  it(`keeps at most ${FINISHED_TRANSFERS_KEPT} finished transfers in view`, async () => {
    // The receiver takes a burst and refuses the rest (its offer rate): either way each ends, and the list stays bounded.
    const { a, b } = pair();
    const outcomes = [];
    for (let i = 0; i < FINISHED_TRANSFERS_KEPT + 5; i++)
      outcomes.push(
        await a.send(new Blob([`file ${i}`]), `f${i}.txt`, ['b']).then(
          () => 'done',
          () => 'refused',
        ),
      );
    expect(outcomes.filter((o) => o === 'done').length).to.be.within(FILE_OFFER_BURST, FILE_OFFER_BURST + 2);
    expect(a.views.length).to.equal(FINISHED_TRANSFERS_KEPT);
    expect(a.views.every((v) => v.status === 'done' || v.status === 'cancelled')).to.equal(true);
    expect(a.views.at(-1)!.name).to.equal(`f${FINISHED_TRANSFERS_KEPT + 4}.txt`);
    expect(b.views.filter((v) => v.status === 'done').length).to.be.within(FILE_OFFER_BURST, FILE_OFFER_BURST + 2);
  });
});
