import { expect } from '@open-wc/testing';
import type { ReactiveControllerHost } from 'lit';
import { parseConfig, type ConfigResult, type RoomConfig } from '../../src/config.js';
import { RoomController } from '../../src/controllers/room-controller.js';
import { es } from '../../src/i18n/es.js';
import type { RoomSession } from '../../src/session/room-session.js';
import { INITIAL_STATE, type SessionState } from '../../src/session/session-state.js';

/** A session that records what it is asked and changes state when told. */
class FakeSession extends EventTarget {
  state: SessionState = INITIAL_STATE;
  readonly asked: string[] = [];
  constructor(readonly config: RoomConfig) {
    super();
  }
  async join() {
    this.asked.push('join');
    this.state = { ...this.state, status: 'joined' };
  }
  leave() {
    this.asked.push('leave');
    if (this.state.status === 'joined') this.state = { ...this.state, status: 'left' };
  }
  async rename(name: string) {
    this.asked.push(`rename ${name}`);
  }
  setMicrophone(on: boolean) {
    this.asked.push(`microphone ${on}`);
  }
  setCamera(on: boolean) {
    this.asked.push(`camera ${on}`);
  }
}

/** A host element that is not rendered: the controller's lifecycle is driven by hand. */
function controllerWithFakes(strings = () => es) {
  const host = document.createElement('div') as unknown as ReactiveControllerHost & HTMLElement & { updates: number };
  host.updates = 0;
  host.addController = () => {};
  host.requestUpdate = () => void host.updates++;
  const sessions: FakeSession[] = [];
  const room = new RoomController(host, strings, (config) => {
    const session = new FakeSession(config);
    sessions.push(session);
    return session as unknown as RoomSession;
  });
  const emitted: { type: string; detail: unknown }[] = [];
  for (const type of ['error', 'join', 'chat-message']) {
    host.addEventListener(type, (e) => emitted.push({ type, detail: (e as CustomEvent).detail }));
  }
  return { host, room, sessions, emitted };
}

const configured = (attributes: Record<string, string>): ConfigResult => parseConfig(attributes, 'http://127.0.0.1:9');
const tick = () => new Promise((r) => setTimeout(r));

describe('RoomController', () => {
  it('joins once the host is on the page and has rendered, when autojoin is on and the prejoin step off', async () => {
    const { room, sessions } = controllerWithFakes();
    room.configure(configured({ room: 'r', prejoin: 'off' }), true);
    room.hostConnected();
    expect(sessions, 'nothing before the first render').to.have.length(0);
    room.hostUpdated();
    await tick();
    expect(sessions[0].asked).to.deep.equal(['join']);
    expect(room.state.status).to.equal('joined');
  });

  it('with the prejoin step (or autojoin off) waits for join()', async () => {
    for (const [attributes, autojoin] of [[{ room: 'r' }, true] as const, [{ room: 'r', prejoin: 'off' }, false] as const]) {
      const { room, sessions } = controllerWithFakes();
      room.configure(configured(attributes), autojoin);
      room.hostConnected();
      room.hostUpdated();
      await tick();
      expect(sessions, JSON.stringify(attributes)).to.have.length(0);
      expect(room.joinRequested).to.equal(false);
    }
  });

  it('changes the name, microphone and camera of the call in place; another room is a new session, joined again', async () => {
    const { room, sessions } = controllerWithFakes();
    room.configure(configured({ room: 'r', prejoin: 'off' }), true);
    await room.join();
    room.configure(configured({ room: 'r', prejoin: 'off', displayName: 'Ana', audio: 'off', video: 'off' }), true);
    expect(sessions).to.have.length(1);
    expect(sessions[0].asked).to.include.members(['rename Ana', 'microphone false', 'camera false']);
    room.configure(configured({ room: 'other', prejoin: 'off' }), true);
    await tick();
    expect(sessions[0].asked.at(-1)).to.equal('leave');
    expect(sessions).to.have.length(2);
    expect(sessions[1].config.room).to.equal('other');
    expect(sessions[1].asked).to.deep.equal(['join']);
  });

  it('keeps the call when the host is merely moved, and leaves when it is removed', async () => {
    const { room, sessions } = controllerWithFakes();
    room.configure(configured({ room: 'r', prejoin: 'off' }), true);
    await room.join();
    room.hostDisconnected();
    room.hostConnected();
    await tick();
    expect(sessions[0].asked).to.deep.equal(['join']);
    room.hostDisconnected();
    await tick();
    expect(sessions[0].asked).to.deep.equal(['join', 'leave']);
  });

  it("re-emits the session's events from the host, error messages in the element's language", async () => {
    const { room, sessions, emitted } = controllerWithFakes();
    room.configure(configured({ room: 'r', prejoin: 'off' }), true);
    await room.join();
    sessions[0].dispatchEvent(new CustomEvent('join', { detail: { room: 'r', self: { id: 'a', displayName: '' } } }));
    sessions[0].dispatchEvent(
      new CustomEvent('error', { detail: { code: 'room-full', message: 'The room is full.', fatal: true } }),
    );
    expect(emitted.map((e) => e.type)).to.deep.equal(['join', 'error']);
    expect((emitted[1].detail as { message: string }).message).to.equal(es.errors['room-full']);
  });

  it('a bad configuration is reported once someone tries to join, once, as fatal', async () => {
    const { room, sessions, emitted } = controllerWithFakes();
    room.configure(configured({ room: 'no spaces' }), true);
    expect(emitted, 'quiet while the page sets attributes').to.deep.equal([]);
    await room.join();
    room.configure(configured({ room: 'no spaces' }), true);
    expect(emitted.map((e) => [e.type, (e.detail as { code: string }).code])).to.deep.equal([['error', 'invalid-room']]);
    expect(room.state.status).to.equal('error');
    expect(sessions).to.have.length(0);
  });
});
