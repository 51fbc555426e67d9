import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { parse } from 'yaml';

const read = (path: string) => readFile(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('deploy files (no Docker engine here: checked as text)', () => {
  test('coturn/docker-compose.yml runs coturn ≥ 4.9.0 on host networking, and our server', async () => {
    const compose = parse(await read('coturn/docker-compose.yml'));
    const { coturn, server } = compose.services;
    const [, version] = /^coturn\/coturn:(\d+\.\d+\.\d+)/.exec(coturn.image) ?? [];
    assert.ok(version, `coturn image is pinned: ${coturn.image}`);
    const [major, minor] = version.split('.').map(Number);
    assert.ok(major > 4 || (major === 4 && minor >= 9), `coturn ${version} is older than 4.9.0`);
    assert.equal(coturn.network_mode, 'host');
    assert.ok(server.build, 'the server is built from the Dockerfile');
    // The secret comes from the environment, not from the file.
    assert.match(server.environment.TURN_SECRET, /^\$\{TURN_SECRET/);
    assert.ok(coturn.command.some((arg: string) => arg.startsWith('--static-auth-secret=${TURN_SECRET')));
  });

  test('the Dockerfile builds in stages and runs as a non-root user', async () => {
    const dockerfile = await read('Dockerfile');
    assert.ok((dockerfile.match(/^FROM /gm) ?? []).length >= 2);
    assert.match(dockerfile, /^USER node$/m);
    assert.match(dockerfile, /^CMD \["node", "build\/peer-server\/src\/cli.js"\]$/m);
  });

  test('the production coturn template keeps its secure defaults', async () => {
    const conf = await read('coturn/turnserver.conf');
    const active = conf.split('\n').filter((line) => line.trim() && !line.trim().startsWith('#'));
    for (const required of [
      'use-auth-secret',
      'fingerprint',
      'no-cli',
      'no-multicast-peers',
      'no-tcp-relay',
      'no-tlsv1',
      'no-tlsv1_1',
    ]) {
      assert.ok(active.includes(required), `missing ${required}`);
    }
    assert.ok(!active.includes('allow-loopback-peers'));
    assert.ok(!active.some((line) => line.startsWith('allowed-peer-ip')), 'no allowed-peer-ip: it would win over the denials');
    for (const range of [
      '10.0.0.0-',
      '172.16.0.0-',
      '192.168.0.0-',
      '127.0.0.0-',
      '100.64.0.0-',
      '169.254.0.0-',
      '::ffff:0.0.0.0-',
      'fc00::-',
      'fe80::-',
      '64:ff9b::-',
      '::-::ffff:ffff',
      'fec0::-',
      '2002::-',
      '2001::-',
    ]) {
      assert.ok(
        active.some((line) => line.startsWith(`denied-peer-ip=${range}`)),
        `no denied-peer-ip for ${range}`,
      );
    }
    for (const quota of ['user-quota=', 'total-quota=', 'max-bps=']) assert.ok(active.some((l) => l.startsWith(quota)));
  });
});

describe('versions', () => {
  test('the element reports the package version', async () => {
    const pkg = JSON.parse(await read('package.json'));
    assert.match(await read('widget/src/version.ts'), new RegExp(`VERSION = '${pkg.version.replace(/\./g, '\\.')}'`));
  });
});
