import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { defaultServerOptions, validateServerOptions } from '../../src/options.js';
import { mediaServerOptionsFrom } from '../../src/media-server/media-server-options.js';

const run = promisify(execFile);
const CLI = ['--import', 'tsx', 'peer-server/src/cli.ts'];
const secrets = { JANUS_API_SECRET: 'api-secret-0123456789', JANUS_ADMIN_SECRET: 'admin-secret-0123456789' };

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; output: string }> {
  return run(process.execPath, [...CLI, ...args], { env: { ...process.env, ...env }, timeout: 20_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: error.stdout + error.stderr }),
  );
}

describe('media server options', () => {
  test('rooms stay meshes up to 6 people unless MESH_LIMIT says otherwise', () => {
    assert.equal(defaultServerOptions.meshLimit, 6);
    assert.equal(mediaServerOptionsFrom({}, { MESH_LIMIT: '3' }).meshLimit, 3);
    assert.equal(mediaServerOptionsFrom({ 'mesh-limit': '4' }, { MESH_LIMIT: '3' }).meshLimit, 4, 'the flag wins');
    assert.throws(() => validateServerOptions({ ...defaultServerOptions, meshLimit: 1 }), /mesh limit must be 2\.\.50, got 1/);
  });

  test('a Janus needs its Admin URL and both secrets, from the environment only', () => {
    const urls = { 'janus-url': 'ws://127.0.0.1:8188', 'janus-admin-url': 'ws://127.0.0.1:7188' };
    assert.throws(
      () => mediaServerOptionsFrom({ 'janus-url': urls['janus-url'] }, secrets),
      /both --janus-url and --janus-admin-url/,
    );
    assert.throws(() => mediaServerOptionsFrom(urls, {}), /JANUS_API_SECRET and JANUS_ADMIN_SECRET in the environment/);
    const { mediaServer } = mediaServerOptionsFrom(urls, { ...secrets, JANUS_PUBLIC_URL: 'wss://example.com/janus' });
    assert.deepEqual(mediaServer, {
      janusUrl: 'ws://127.0.0.1:8188',
      janusAdminUrl: 'ws://127.0.0.1:7188',
      janusPublicUrl: 'wss://example.com/janus',
      apiSecret: secrets.JANUS_API_SECRET,
      adminSecret: secrets.JANUS_ADMIN_SECRET,
      tokenTtlSeconds: 3600,
    });
    validateServerOptions({ ...defaultServerOptions, mediaServer });
  });

  test('bad media server options are refused with a line each', () => {
    const mediaServer = {
      janusUrl: 'http://127.0.0.1:8088/janus',
      janusAdminUrl: 'ws://127.0.0.1:7188',
      apiSecret: 'short',
      adminSecret: 'short',
      tokenTtlSeconds: 10,
    };
    assert.throws(
      () => validateServerOptions({ ...defaultServerOptions, mediaServer }),
      (error: Error) => {
        assert.match(error.message, /Janus URL must start with ws:\/\/ or wss:\/\/, got "http:/);
        assert.match(error.message, /JANUS_API_SECRET must be at least 16 characters/);
        assert.match(error.message, /JANUS_ADMIN_SECRET must differ from JANUS_API_SECRET/);
        assert.match(error.message, /token TTL must be at least 60 s/);
        return true;
      },
    );
  });

  test('the CLI documents the options, takes no secret as a flag, and says which Janus it uses without its secrets', async () => {
    const help = await cli(['--help']);
    for (const name of [
      'MESH_LIMIT',
      'JANUS_URL',
      'JANUS_PUBLIC_URL',
      'JANUS_ADMIN_URL',
      'JANUS_API_SECRET',
      'JANUS_ADMIN_SECRET',
    ]) {
      assert.match(help.output, new RegExp(name));
    }
    const flagSecret = await cli(['--janus-admin-secret', 'x'.repeat(20)]);
    assert.notEqual(flagSecret.code, 0);
    assert.match(flagSecret.output, /Unknown option '--janus-admin-secret'/);
    const noSecrets = await cli([
      '--port',
      '0',
      '--janus-url',
      'ws://127.0.0.1:8188',
      '--janus-admin-url',
      'ws://127.0.0.1:7188',
    ]);
    assert.equal(noSecrets.code, 2);
    assert.match(noSecrets.output, /JANUS_API_SECRET and JANUS_ADMIN_SECRET in the environment/);

    const child = spawn(process.execPath, [...CLI, '--port', '0', '--host', '127.0.0.1', '--no-demo'], {
      env: {
        ...process.env,
        ...secrets,
        JANUS_URL: 'ws://127.0.0.1:8188',
        JANUS_ADMIN_URL: 'ws://127.0.0.1:7188',
        MESH_LIMIT: '4',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    for (let i = 0; i < 200 && !/media server .*\n/.test(output); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    child.kill();
    assert.match(output, /media server +Janus at ws:\/\/127\.0\.0\.1:8188 \(pages: ws:\/\/127\.0\.0\.1:8188\), mesh limit 4/);
    assert.ok(!output.includes(secrets.JANUS_API_SECRET) && !output.includes(secrets.JANUS_ADMIN_SECRET), 'no secret printed');
  });
});
