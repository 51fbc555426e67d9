import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
const read = (file: string) => readFile(path.join(root, file), 'utf8');

interface Declaration {
  tagName?: string;
  attributes?: { name: string }[];
  events?: { name: string }[];
  members?: { kind: string; name: string; privacy?: string; static?: boolean }[];
  cssParts?: { name: string }[];
  cssProperties?: { name: string }[];
}

async function manifestElement(file = 'custom-elements.json'): Promise<Declaration> {
  const manifest = JSON.parse(await readFile(path.isAbsolute(file) ? file : path.join(root, file), 'utf8'));
  return manifest.modules
    .flatMap((m: { declarations?: Declaration[] }) => m.declarations ?? [])
    .find((d: Declaration) => d.tagName === 'video-chat-room');
}

describe('the package', () => {
  test('custom-elements.json is current (regenerating it changes nothing)', async () => {
    // The analyzer takes --outdir relative to the project, even when absolute.
    const outdir = `.tmp/cem-check-${process.pid}`;
    await run('npx', ['cem', 'analyze', '--config', 'custom-elements-manifest.config.mjs', '--outdir', outdir, '--quiet'], {
      cwd: root,
    });
    try {
      assert.deepEqual(JSON.parse(await read(`${outdir}/custom-elements.json`)), JSON.parse(await read('custom-elements.json')));
    } finally {
      await rm(path.join(root, outdir), { recursive: true, force: true });
    }
  });

  test('the README documents every attribute, event, method, part and custom property of the manifest', async () => {
    const element = await manifestElement();
    const readme = await read('README.md');
    const methods = (element.members ?? []).filter((m) => m.kind === 'method' && !m.privacy && !m.static).map((m) => m.name);
    const names = [
      ...(element.attributes ?? []).map((a) => a.name),
      ...(element.events ?? []).map((e) => e.name),
      ...methods,
      ...(element.cssParts ?? []).map((p) => p.name),
      ...(element.cssProperties ?? []).map((p) => p.name),
    ];
    assert.ok(names.length > 30, `manifest lists ${names.length} names`);
    const missing = names.filter((name) => !readme.includes(`\`${name}`));
    assert.deepEqual(missing, []);
  });

  test('the tarball holds what users need and no sources or tests; installed, its types compile and its CLI runs', async () => {
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root });
    const files: string[] = JSON.parse(stdout)[0].files.map((f: { path: string }) => f.path);
    assert.ok(
      files.some((f) => /^dist\/chunks\/room-channels-[\w-]+\.js$/.test(f)),
      'the chunks the bundle loads (chat and files, languages…) are packed beside it',
    );
    for (const needed of [
      'dist/video-chat-room.js',
      'dist/types/widget/src/index.d.ts',
      'build/peer-server/src/cli.js',
      'build/peer-server/src/server.d.ts',
      'custom-elements.json',
      'README.md',
    ]) {
      assert.ok(files.includes(needed), `missing ${needed}`);
    }
    const unwanted = files.filter((f) => /(^|\/)(test|e2e|node_modules)\//.test(f) || (/\.ts$/.test(f) && !f.endsWith('.d.ts')));
    assert.deepEqual(unwanted, []);

    const work = await mkdtemp(path.join(tmpdir(), 'vcr-consumer-'));
    const { stdout: packed } = await run('npm', ['pack', '--ignore-scripts', '--pack-destination', work], { cwd: root });
    const tarball = path.join(work, packed.trim().split('\n').at(-1)!);
    await writeFile(path.join(work, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    await run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--ignore-scripts', tarball, `typescript@${(await import('typescript')).version}`],
      {
        cwd: work,
        timeout: 240_000,
      },
    );
    await writeFile(
      path.join(work, 'usage.ts'),
      `import { VideoChatRoom, ERROR_CODES, type ParticipantDetail } from 'video-chat-room';
       import { createServer } from 'video-chat-room/server';
       const room: VideoChatRoom = document.createElement('video-chat-room');
       room.room = 'team-standup';
       room.addEventListener('participant-join', (event) => {
         const who: ParticipantDetail = event.detail;
         console.log(who.displayName.toUpperCase());
       });
       room.addEventListener('error', (event) => console.log(event.detail.code, ERROR_CODES.includes(event.detail.code)));
       const on: boolean = room.toggleCamera(false);
       void room.toggleScreenshare().then((sharing: boolean) => sharing);
       const server = createServer({ port: 0, maxRoomSize: 4 });
       void server.listen().then((address) => address.port);
       void on;
      `,
    );
    await writeFile(
      path.join(work, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          lib: ['ES2022', 'DOM'],
          skipLibCheck: true,
          types: [],
        },
        files: ['usage.ts'],
      }),
    );
    await run(path.join(work, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], { cwd: work }).catch(
      (error: { stdout: string }) => {
        throw new Error(`usage.ts does not type-check:\n${error.stdout}`);
      },
    );
    const help = await run(path.join(work, 'node_modules/.bin/video-chat-server'), ['--help'], { cwd: work });
    assert.match(help.stdout, /video-chat-server/);
  });
});
