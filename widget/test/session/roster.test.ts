import { expect } from '@open-wc/testing';
import type { Member } from '../../../protocol/room-protocol.js';
import type { MediaPath } from '../../src/session/media-path.js';
import { Roster } from '../../src/session/roster.js';
import { SessionStore } from '../../src/session/session-store.js';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const member = (id: string, displayName = id): Member => ({ id, displayName });

/** A media path that only records what the roster told it. */
function recordingPath() {
  const told: string[] = [];
  const path = {
    join: (ids: readonly string[]) => told.push(`join ${ids.join(',')}`),
    expect: (id: string) => told.push(`expect ${id}`),
    drop: (id: string) => told.push(`drop ${id}`),
  } as unknown as MediaPath;
  return { path, told };
}

function rosterWithFakes(graceMs = 60_000) {
  const target = new EventTarget();
  const events: string[] = [];
  for (const name of ['participant-join', 'participant-leave', 'error']) {
    target.addEventListener(name, (e) => events.push(`${name} ${JSON.stringify((e as CustomEvent).detail)}`));
  }
  const store = new SessionStore(target);
  const { path, told } = recordingPath();
  const roster = new Roster(store, () => path, graceMs);
  return { store, roster, told, events };
}

describe('Roster', () => {
  it('a join event adds the participant as connecting and tells the path a link is coming; our own is ignored', () => {
    const { store, roster, told, events } = rosterWithFakes();
    store.update({ status: 'joined', self: member('me') });
    roster.onPresence({ type: 'join', data: member('me') });
    roster.onPresence({ type: 'join', data: member('b', 'Bea') });
    expect(store.state.participants).to.deep.equal([{ id: 'b', displayName: 'Bea', link: 'connecting' }]);
    expect(told).to.deep.equal(['expect b']);
    expect(events).to.deep.equal(['participant-join {"id":"b","displayName":"Bea"}']);
  });

  it('before we are joined, participants are added without a participant-join (the join announces them)', () => {
    const { store, roster, events } = rosterWithFakes();
    store.update({ status: 'joining' });
    roster.add(member('b'));
    roster.add(member('b'));
    expect(store.state.participants.map((p) => p.id)).to.deep.equal(['b']);
    expect(events).to.deep.equal([]);
  });

  it('renames on update, and on leave drops the link and says who left', () => {
    const { store, roster, told, events } = rosterWithFakes();
    store.update({ status: 'joined' });
    roster.add(member('b', 'Bea'));
    roster.onPresence({ type: 'update', data: member('b', 'Beatriz') });
    expect(store.participant('b')?.displayName).to.equal('Beatriz');
    roster.onPresence({ type: 'leave', data: { id: 'b' } });
    expect(store.state.participants).to.deep.equal([]);
    expect(told).to.deep.equal(['drop b']);
    expect(events.at(-1)).to.equal('participant-leave {"id":"b","displayName":"Beatriz"}');
  });

  it('a link that fails is a notice once, naming the participant; a closed one loses its stream', () => {
    const { store, roster, events } = rosterWithFakes();
    store.update({ status: 'joined' });
    roster.add(member('b', 'Bea'));
    roster.setStream('b', new MediaStream());
    roster.setLink('b', 'failed');
    roster.setLink('b', 'failed');
    expect(events.filter((e) => e.startsWith('error'))).to.have.length(1);
    expect(store.state.notices[0].code).to.equal('connection-failed');
    expect(store.state.notices[0].message).to.contain('Bea');
    roster.setLink('b', 'closed');
    expect(store.participant('b')).to.include({ link: 'closed', stream: undefined });
    roster.setLink('nobody', 'connected');
    expect(store.state.participants).to.have.length(1);
  });

  it('after a rejoin, links everyone in the welcome again, and drops those who neither came back nor kept a live link', async () => {
    const { store, roster, told } = rosterWithFakes(80);
    store.update({ status: 'joined', self: member('me') });
    for (const id of ['kept', 'silent', 'back-later', 'gone']) roster.add(member(id));
    roster.setLink('kept', 'connected');
    roster.setLink('silent', 'failed');
    roster.rejoined({ self: member('me'), members: [member('silent'), member('new')], maxParticipants: 6, iceServers: [] });
    expect(told).to.deep.equal(['join silent,new']);
    expect(store.state.participants.map((p) => p.id)).to.include('new');
    // Rejoins within the grace period, so is seen since.
    roster.onPresence({ type: 'join', data: member('back-later') });
    await wait(150);
    expect(store.state.participants.map((p) => p.id).sort()).to.deep.equal(['back-later', 'kept', 'new', 'silent']);
    expect(told).to.include('drop gone');
  });

  it('closed, a pending grace period drops nobody', async () => {
    const { store, roster, told } = rosterWithFakes(30);
    store.update({ status: 'joined' });
    roster.add(member('b'));
    roster.rejoined({ self: member('me'), members: [], maxParticipants: 6, iceServers: [] });
    roster.close();
    await wait(80);
    expect(told).to.deep.equal(['join ']);
    expect(store.state.participants).to.have.length(1);
  });
});
