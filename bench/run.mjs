// `npm run bench [-- --quick] [-- --only=weight,first-frame,…] [-- --strict]`:
// every benchmark of issue #6, each against a baseline measured in this same
// run, written to bench/results.json and printed as a table. Needs a build
// (`npm run build`). Exits 1 when a figure could not be produced (the harness
// is broken); budgets only decide the exit code with --strict.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH } from '../scripts/chromium.mjs';
import { BENCH_DIR } from './lib.mjs';
import { scriptWeight } from './script-weight.mjs';
import { firstFrame } from './first-frame.mjs';
import { fileThroughput } from './file-throughput.mjs';
import { serverCapacity } from './server-capacity.mjs';
import { mesh } from './mesh.mjs';

const BENCHMARKS = [
  { id: 'weight', title: '1. script weight', run: scriptWeight },
  { id: 'first-frame', title: '2. time to first remote frame', run: firstFrame },
  { id: 'file', title: '3. file throughput', run: fileThroughput },
  { id: 'server', title: '4. server capacity', run: serverCapacity },
  { id: 'mesh', title: '5. mesh of 4 and uplink budget', run: mesh },
];

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const strict = args.includes('--strict');
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const log = (line) => console.log(line);
const unknown = (only ?? []).filter((id) => !BENCHMARKS.some((b) => b.id === id));
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${BENCHMARKS.map((b) => b.id).join(', ')}`);
  process.exit(2);
}

const started = Date.now();
const results = [];
const broken = [];
for (const bench of BENCHMARKS.filter((b) => !only || only.includes(b.id))) {
  log(`\n=== ${bench.title}${quick ? ' (quick)' : ''} ===`);
  const t0 = Date.now();
  try {
    const figures = await bench.run({ quick, log });
    if (!figures.length) throw new Error('produced no figure');
    for (const f of figures) {
      const produced = f.skipped || (typeof f.value === 'number' && Number.isFinite(f.value));
      if (!produced) broken.push(`${bench.title}: "${f.name}" has no number`);
      results.push({ group: bench.title, ...f });
    }
  } catch (error) {
    broken.push(`${bench.title}: ${error.stack ?? error}`);
    results.push({ group: bench.title, name: 'error', error: String(error.message ?? error) });
  }
  log(`  (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

const browserVersion = await chromium
  .launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox'] })
  .then(async (b) => [b.version(), await b.close()][0])
  .catch(() => 'unknown');
const report = {
  generatedAt: new Date().toISOString(),
  mode: quick ? 'quick' : 'full',
  machine: {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryBytes: os.totalmem(),
    node: process.version,
    chromium: browserVersion,
  },
  durationSeconds: Math.round((Date.now() - started) / 1000),
  figures: results,
};
const resultsFile = path.join(BENCH_DIR, 'results.json');
writeFileSync(resultsFile, `${JSON.stringify(report, null, 2)}\n`);

printTable(results);
const failedBudgets = results.filter((r) => r.pass === false);
log(
  `\n${results.filter((r) => r.pass === true).length} budgets met, ${failedBudgets.length} missed; results in ${path.relative(process.cwd(), resultsFile)} (${report.durationSeconds} s, ${report.mode})`,
);
if (broken.length) {
  console.error(`\nbench harness: ${broken.length} problem(s):\n  ${broken.join('\n  ')}`);
  process.exit(1);
}
// scripts/test.mjs reads this line: every figure produced a number (or said why it was skipped) and results.json is written.
log(`bench harness: ok, ${results.length} figures`);
process.exit(strict && failedBudgets.length ? 1 : 0);

function printTable(rows) {
  const cells = rows.map((r) => [
    r.group.split('.')[0] + '.',
    r.name,
    r.skipped ? `skipped: ${r.reason}` : r.error ? `ERROR: ${r.error}` : `${format(r.value)} ${r.unit}`,
    r.baseline === undefined ? '' : `${format(r.baseline)} ${r.unit}`,
    r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`,
    r.budget ?? '',
    r.pass === undefined ? '' : r.pass ? 'pass' : 'FAIL',
  ]);
  const header = ['#', 'figure', 'ours', 'baseline', 'ratio', 'budget', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) =>
    c
      .map((v, i) => v.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const c of cells) log(line(c));
  const notes = rows.filter((r) => r.note);
  if (notes.length) log(`\nnotes:\n${notes.map((r) => `  ${r.name.trim()}: ${r.note}`).join('\n')}`);
}

function format(n) {
  if (typeof n !== 'number') return String(n);
  return Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : String(n);
}
