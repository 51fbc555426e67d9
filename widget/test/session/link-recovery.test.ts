import { expect } from '@open-wc/testing';
import { LinkRecovery, RECONNECT_DELAY_MS, RECONNECT_FALLBACK_MS } from '../../src/session/link-recovery.js';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

function recoveryAs(selfId: string, present = new Set(['b', 'a'])) {
  const calls: { peerId: string; at: number }[] = [];
  const started = performance.now();
  const recovery = new LinkRecovery({
    selfId: () => selfId,
    stillHere: (peerId) => present.has(peerId),
    reconnect: (peerId) => calls.push({ peerId, at: performance.now() - started }),
  });
  return { recovery, calls, present };
}

describe('LinkRecovery', () => {
  it('the side with the smaller id calls again soon, once per loss', async () => {
    const { recovery, calls } = recoveryAs('a');
    recovery.lost('b');
    recovery.lost('b');
    await wait(RECONNECT_DELAY_MS + 150);
    expect(calls.map((c) => c.peerId)).to.deep.equal(['b']);
    expect(calls[0].at).to.be.at.least(RECONNECT_DELAY_MS - 20);
    recovery.stop();
  });

  it('the side with the larger id waits for that call and does not call if it comes', async () => {
    const { recovery, calls } = recoveryAs('b');
    recovery.lost('a');
    await wait(RECONNECT_DELAY_MS + 150);
    expect(calls).to.deep.equal([]);
    recovery.settled('a');
    await wait(RECONNECT_FALLBACK_MS - RECONNECT_DELAY_MS + 150);
    expect(calls).to.deep.equal([]);
  }).timeout(RECONNECT_FALLBACK_MS + 2000);

  it('the larger id calls itself when the other never does', async () => {
    const { recovery, calls } = recoveryAs('b');
    recovery.lost('a');
    await wait(RECONNECT_FALLBACK_MS + 150);
    expect(calls.map((c) => c.peerId)).to.deep.equal(['a']);
    recovery.stop();
  }).timeout(RECONNECT_FALLBACK_MS + 2000);

  it('gives up on a member who left, and ignores losses of strangers', async () => {
    const { recovery, calls, present } = recoveryAs('a');
    recovery.lost('z');
    recovery.lost('b');
    present.delete('b');
    await wait(RECONNECT_DELAY_MS + 150);
    expect(calls).to.deep.equal([]);
  });
});
