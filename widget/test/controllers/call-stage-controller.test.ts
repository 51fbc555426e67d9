import { expect, waitUntil } from '@open-wc/testing';
import type { ReactiveControllerHost } from 'lit';
import { CallStageController } from '../../src/controllers/call-stage-controller.js';

function stageWithHost(load: () => Promise<string>) {
  const host = {
    updates: 0,
    due: false,
    addController() {},
    requestUpdate() {
      this.updates++;
    },
  };
  const controller = new CallStageController(host as unknown as ReactiveControllerHost & HTMLElement, {
    load,
    due: () => host.due,
  });
  return { host, controller };
}

describe('CallStageController', () => {
  it('loads the stage code once the call is due, once, and renders with it after', async () => {
    let loads = 0;
    const { host, controller } = stageWithHost(() => (loads++, Promise.resolve('code')));
    controller.hostUpdated();
    expect(loads, 'not before the call').to.equal(0);
    expect(controller.render((code) => code)).to.equal(undefined);
    host.due = true;
    controller.hostUpdated();
    controller.hostUpdated();
    await waitUntil(() => host.updates === 1, 'never asked for a render');
    expect(loads, 'loaded once').to.equal(1);
    expect(controller.render((code) => `${code}!`)).to.equal('code!');
    controller.hostUpdated();
    expect(loads, 'not again once loaded').to.equal(1);
  });

  it('tries again after a failed load', async () => {
    let loads = 0;
    const { host, controller } = stageWithHost(() =>
      ++loads === 1 ? Promise.reject(new Error('offline')) : Promise.resolve('code'),
    );
    host.due = true;
    controller.hostUpdated();
    await waitUntil(() => host.updates === 1, 'never asked to try again', { timeout: 5000 });
    expect(
      controller.render((code) => code),
      'nothing loaded yet',
    ).to.equal(undefined);
    controller.hostUpdated();
    await waitUntil(() => controller.render((code) => code) === 'code', 'the second load never rendered');
    expect(loads).to.equal(2);
  });
});
