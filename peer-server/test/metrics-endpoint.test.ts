import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startServer } from './helpers.js';

describe('who may read /metrics', () => {
  test('nobody by default: /metrics is not there', async () => {
    const { server, base } = await startServer();
    try {
      const response = await fetch(`${base}/metrics`);
      assert.equal(response.status, 404);
      assert.doesNotMatch(await response.text(), /vcr_/);
    } finally {
      await server.close();
    }
  });

  test('with --metrics-token, a request bearing it; any other gets 401', async () => {
    const token = 'scraper-token-0123456789';
    const { server, base } = await startServer({ metrics: { token } });
    try {
      for (const authorization of [undefined, 'Bearer wrong', `Bearer ${token}x`, token]) {
        const response = await fetch(`${base}/metrics`, { headers: authorization ? { authorization } : {} });
        assert.equal(response.status, 401, String(authorization));
        assert.doesNotMatch(await response.text(), /vcr_/);
      }
      const response = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(response.status, 200);
      assert.match(await response.text(), /^vcr_connected_peers 0$/m);
    } finally {
      await server.close();
    }
  });

  test('with --metrics-host, on that address only, not on the main port', async () => {
    const { server, base } = await startServer({ metrics: { listen: { host: '127.0.0.1', port: 0 } } });
    try {
      assert.equal((await fetch(`${base}/metrics`)).status, 404);
      const response = await fetch(`http://127.0.0.1:${server.metricsAddress?.port}/metrics`);
      assert.equal(response.status, 200);
      assert.match(await response.text(), /^vcr_joins_total 0$/m);
      assert.equal(
        (await fetch(`http://127.0.0.1:${server.metricsAddress?.port}/api/rooms/x/join`, { method: 'POST' })).status,
        404,
      );
    } finally {
      await server.close();
    }
  });
});
