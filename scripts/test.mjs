// `npm test`: everything a fresh machine needs, then every suite, then one
// summary line. Suites: server and package (node:test), element
// (web-test-runner in Chromium), end to end (playwright-core and puppeteer-core,
// real server, Chromium and Firefox).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

function runQuietly(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`\n${command} ${args.join(' ')} failed (exit ${result.status}).`);
    process.exit(result.status ?? 1);
  }
}

/** Runs a suite, echoing its output, and reads its pass/fail counts from it. */
function runSuite(name, command, args, countsFrom) {
  return new Promise((resolve) => {
    console.log(`\n=== ${name} ===`);
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (chunk) => {
        output += chunk;
        (stream === child.stdout ? process.stdout : process.stderr).write(chunk);
      });
    }
    child.on('close', (code) => {
      const counts = countsFrom(output);
      // A suite that crashed or reported nothing is a failure, whatever it printed.
      const failed = code !== 0 && counts.failed === 0 ? 1 : counts.failed;
      resolve({ name, passed: counts.passed, failed, ran: counts.passed + counts.failed > 0, code });
    });
  });
}

const nodeCounts = (output) => ({
  passed: Number(/^# pass (\d+)/m.exec(output)?.[1] ?? 0),
  failed: Number(/^# fail (\d+)/m.exec(output)?.[1] ?? 0),
});
const wtrCounts = (output) => {
  const match = [...output.matchAll(/(\d+) passed, (\d+) failed/g)].at(-1);
  return { passed: Number(match?.[1] ?? 0), failed: Number(match?.[2] ?? 0) };
};

if (!existsSync('node_modules/.package-lock.json')) runQuietly('npm', ['ci', '--no-audit', '--no-fund']);
runQuietly('bash', ['scripts/ensure-system-packages.sh']);
runQuietly('npm', ['run', '--silent', 'typecheck']);
runQuietly('npm', ['run', '--silent', 'lint']);
runQuietly('npm', ['run', '--silent', 'build']);

const nodeTest = ['--import', 'tsx', '--test', '--test-force-exit', '--test-reporter=tap'];
const results = [];
results.push(await runSuite('server', process.execPath, [...nodeTest, ...glob('peer-server/test', '.test.ts')], nodeCounts));
results.push(await runSuite('package', process.execPath, [...nodeTest, ...glob('test', '.test.ts')], nodeCounts));
results.push(
  await runSuite(
    'element (Chromium)',
    process.execPath,
    ['node_modules/@web/test-runner/dist/bin.js', '--config', 'widget/web-test-runner.config.mjs'],
    wtrCounts,
  ),
);
results.push(
  await runSuite(
    'end to end (Chromium, Firefox)',
    process.execPath,
    [...nodeTest, '--test-concurrency=1', ...glob('e2e', '.test.ts')],
    nodeCounts,
  ),
);
// The benchmarks once, quickly: passes when every figure was produced, whatever the timings (budgets are `npm run bench`'s).
results.push(
  await runSuite('benchmarks (quick)', process.execPath, ['bench/run.mjs', '--quick'], (output) => {
    const ok = /^bench harness: ok/m.test(output);
    return { passed: ok ? 1 : 0, failed: ok ? 0 : 1 };
  }),
);

console.log('\n=== summary ===');
for (const r of results)
  console.log(`${r.name.padEnd(24)} ${r.passed} passed, ${r.failed} failed${r.ran ? '' : ' (ran no test)'}`);
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
const allRan = results.every((r) => r.ran);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && allRan ? 0 : 1);

function glob(dir, suffix) {
  const out = spawnSync('find', [dir, '-name', `*${suffix}`, '-type', 'f'], { encoding: 'utf8' });
  return out.stdout.split('\n').filter(Boolean).sort();
}
