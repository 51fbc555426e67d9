import { expect } from '@open-wc/testing';
import { renewalDelayMs } from '../../src/session/member-api.js';

describe('renewalDelayMs', () => {
  const now = 1_700_000_000_000;
  it('renews at 80% of the shortest remaining credential lifetime', () => {
    const servers = [
      { urls: ['stun:s'] },
      { urls: ['turn:a'], username: `${now / 1000 + 1000}:peer`, credential: 'x' },
      { urls: ['turn:b'], username: `${now / 1000 + 5000}:peer`, credential: 'y' },
    ];
    expect(renewalDelayMs(servers, now)).to.equal(800_000);
  });
  it('never renews sooner than 30 s, and not at all without expiring credentials', () => {
    expect(renewalDelayMs([{ urls: 'turn:a', username: `${now / 1000 + 5}:p` }], now)).to.equal(30_000);
    expect(renewalDelayMs([{ urls: 'turn:a', username: 'static-user' }], now)).to.equal(undefined);
  });
});
