import { expect } from '@open-wc/testing';
import type { ReactiveControllerHost } from 'lit';
import { SelfViewGate } from '../src/session/self-view-gate.js';
import { INITIAL_STATE, type Participant, type SessionState } from '../src/session/session-state.js';

function gateWithHost(waitMs = 60_000) {
  const host = {
    updates: 0,
    addController() {},
    requestUpdate() {
      this.updates++;
    },
  };
  return { host, gate: new SelfViewGate(host as unknown as ReactiveControllerHost, waitMs) };
}

const member = (link: Participant['link']): Participant => ({ id: 'b', displayName: 'B', link }) as Participant;
const state = (status: SessionState['status'], participants: Participant[] = []): SessionState => ({
  ...INITIAL_STATE,
  status,
  participants,
});

describe('SelfViewGate', () => {
  it('holds the self view while the join calls someone, and lets it show once the call is up', () => {
    const { gate } = gateWithHost();
    expect(gate.allows(state('idle')), 'before joining').to.equal(true);
    expect(gate.allows(state('joining')), 'joining').to.equal(false);
    expect(gate.allows(state('joined', [member('connecting')])), 'calling').to.equal(false);
    expect(gate.allows(state('joined', [member('connected')])), 'call up').to.equal(true);
    // Once shown it stays, whoever connects later.
    expect(gate.allows(state('joined', [member('connected'), { ...member('connecting'), id: 'c' }]))).to.equal(true);
  });

  it('lets it show at once when nobody is there to call, and again on the next join', () => {
    const { gate } = gateWithHost();
    expect(gate.allows(state('joining'))).to.equal(false);
    expect(gate.allows(state('joined'))).to.equal(true);
    expect(gate.allows(state('left'))).to.equal(true);
    expect(gate.allows(state('joining')), 'the next join').to.equal(false);
  });

  it('lets it show after the wait when a call takes long, asking for a render', async () => {
    const { gate, host } = gateWithHost(50);
    gate.allows(state('joining'));
    expect(gate.allows(state('joined', [member('connecting')]))).to.equal(false);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(host.updates).to.equal(1);
    expect(gate.allows(state('joined', [member('connecting')]))).to.equal(true);
  });
});
