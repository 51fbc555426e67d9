import { expect, waitUntil } from '@open-wc/testing';
import type { ReactiveControllerHost } from 'lit';
import { SelfViewGate } from '../../src/controllers/self-view-gate.js';
import { INITIAL_STATE, type Participant, type SessionState } from '../../src/session/session-state.js';

function gateWithHost({ waitMs = 60_000, afterCallsMs = 30 } = {}) {
  const host = {
    updates: 0,
    addController() {},
    requestUpdate() {
      this.updates++;
    },
  };
  return { host, gate: new SelfViewGate(host as unknown as ReactiveControllerHost, waitMs, afterCallsMs) };
}

const member = (link: Participant['link'], id = 'b'): Participant => ({ id, displayName: id, link }) as Participant;
const state = (status: SessionState['status'], participants: Participant[] = []): SessionState => ({
  ...INITIAL_STATE,
  status,
  participants,
});

describe('SelfViewGate', () => {
  it('holds the self view while the join calls someone, and lets it show a moment after the call is up', async () => {
    const { gate, host } = gateWithHost();
    expect(gate.allows(state('idle')), 'before joining').to.equal(true);
    expect(gate.allows(state('joining')), 'joining').to.equal(false);
    expect(gate.allows(state('joined', [member('connecting')])), 'calling').to.equal(false);
    expect(gate.allows(state('joined', [member('connected')])), 'just connected').to.equal(false);
    await waitUntil(() => host.updates === 1, 'never asked for a render');
    expect(gate.allows(state('joined', [member('connected')])), 'a moment later').to.equal(true);
    // Once shown it stays, whoever connects later.
    expect(gate.allows(state('joined', [member('connected'), member('connecting', 'c')]))).to.equal(true);
  });

  it('lets it show at once when nobody is there to call, and holds it again on the next join', () => {
    const { gate } = gateWithHost();
    expect(gate.allows(state('joining'))).to.equal(false);
    expect(gate.allows(state('joined'))).to.equal(true);
    expect(gate.allows(state('left'))).to.equal(true);
    expect(gate.allows(state('joining')), 'the next join').to.equal(false);
  });

  it('lets it show after the wait when a call takes long, asking for a render', async () => {
    const { gate, host } = gateWithHost({ waitMs: 50 });
    gate.allows(state('joining'));
    expect(gate.allows(state('joined', [member('connecting')]))).to.equal(false);
    await waitUntil(() => host.updates === 1, 'never asked for a render');
    expect(gate.allows(state('joined', [member('connecting')]))).to.equal(true);
  });

  it('shows it at once when the element is moved during the wait', () => {
    const { gate } = gateWithHost();
    gate.allows(state('joining'));
    expect(gate.allows(state('joined', [member('connecting')]))).to.equal(false);
    gate.hostDisconnected();
    expect(gate.allows(state('joined', [member('connecting')])), 'after the move').to.equal(true);
  });
});
