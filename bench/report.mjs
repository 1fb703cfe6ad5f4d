// Printing results and keeping BENCHMARKS.md current. Each suite owns one marked
// section of the file, so a run of some suites (--quick, or a suite added later)
// rewrites only its own sections.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './measure.mjs';

export function machine() {
  return {
    cpus: os.availableParallelism?.() ?? os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    load: os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
  };
}

/** A row passes when its ratio is within target, or its value within limit. */
export function verdict(r) {
  if (r.target !== undefined && r.baseline) return r.value / r.baseline <= r.target ? 'pass' : 'FAIL';
  if (r.limit !== undefined) return r.value <= r.limit ? 'pass' : 'FAIL';
  return '';
}

const fmt = (r) =>
  r.unit === 'MB' || r.unit === 'KB' ? `${r.value.toFixed(0)} ${r.unit}` : `${Math.round(r.value)} ms`;

function ratio(r) {
  return r.baseline ? `${(r.value / r.baseline).toFixed(2)}×` : '';
}

function goal(r) {
  if (r.target !== undefined) return `≤ ${r.target.toFixed(1)}×`;
  if (r.limit !== undefined) return `≤ ${r.limit} ${r.unit ?? 'ms'}`;
  return '';
}

export function printRows(title, rows) {
  process.stdout.write(`\n${title}\n`);
  for (const r of rows) {
    process.stdout.write(
      `  ${r.name.padEnd(72)} ${fmt(r).padStart(9)} ${ratio(r).padStart(7)} ${goal(r).padStart(10)} ${verdict(r)}\n`,
    );
  }
}

export function markdownSection(title, rows, m) {
  const lines = [
    `### ${title}`,
    '',
    `Measured ${m.date} on ${m.cpus} CPUs (${m.cpuModel}), ${m.memGiB} GiB, Node ${m.node}; load average at the end: ${m.load}.`,
    '',
    '| measurement | value | ratio to baseline | target | |',
    '| --- | ---: | ---: | --- | --- |',
    ...rows.map((r) => `| ${r.name} | ${fmt(r)} | ${ratio(r)} | ${goal(r)} | ${verdict(r)} |`),
    '',
  ];
  return lines.join('\n');
}

const FILE = path.join(ROOT, 'BENCHMARKS.md');

export function writeSection(id, text) {
  let doc = fs.existsSync(FILE)
    ? fs.readFileSync(FILE, 'utf8')
    : '# Benchmarks\n\n`npm run bench` regenerates the marked sections below (`node bench/run.mjs --write`).\n';
  const start = `<!-- bench:${id} -->`;
  const end = `<!-- /bench:${id} -->`;
  const block = `${start}\n${text}${end}`;
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  doc = i >= 0 && j > i ? doc.slice(0, i) + block + doc.slice(j + end.length) : `${doc.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(FILE, doc);
}
