// `runyard watch` as a user runs it: a real child process that prints a ready line,
// then one line per change, and stops cleanly on SIGINT or SIGTERM.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { CLI, runCli } from '../helpers/cli';
import { tempDir } from '../helpers/dirs';
import { makeRun, makeRuns, rewriteMetadata } from '../helpers/live-runs';
import { until } from '../helpers/poll';

interface Watcher {
  child: ChildProcessWithoutNullStreams;
  lines: string[];
  exited: Promise<number | null>;
}

const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

function watch(args: string[]): Watcher {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, RUNYARD_DIR: '' } });
  children.push(child);
  const lines: string[] = [];
  let buf = '';
  child.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split('\n');
    buf = parts.pop()!;
    lines.push(...parts);
  });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, lines, exited };
}

const events = (w: Watcher) =>
  w.lines
    .slice(1)
    .map((l) => JSON.parse(l) as { event: string; run_id: string | null; status: string | null; at: string });

describe('runyard watch', () => {
  test('--json prints ready with the run count, then added, changed and removed lines; SIGINT ends it cleanly', async () => {
    const dir = tempDir();
    makeRuns(dir, 3);
    const w = watch(['--dir', dir, 'watch', '--json']);
    await until('the ready line', () => w.lines.length >= 1);
    const ready = JSON.parse(w.lines[0]!);
    expect(ready).toMatchObject({ event: 'ready', runs: 3, mode: 'native' });
    makeRun(dir, 'run-new', 'initialising');
    await until('the added line', () => events(w).some((e) => e.event === 'added'));
    rewriteMetadata(dir, 'run-00001', (m) => (m.status = 'failed'));
    await until('the changed line', () => events(w).some((e) => e.event === 'changed'));
    fs.rmSync(path.join(dir, 'run-00002'), { recursive: true });
    await until('the removed line', () => events(w).some((e) => e.event === 'removed'));
    const byEvent = Object.fromEntries(events(w).map((e) => [e.event, e]));
    expect(byEvent.added).toMatchObject({ run_id: 'run-new', status: 'initialising' });
    expect(byEvent.changed).toMatchObject({ run_id: 'run-00001', status: 'failed' });
    expect(byEvent.removed).toMatchObject({ run_id: 'run-00002', status: null });
    for (const e of events(w)) expect(Number.isNaN(Date.parse(e.at))).toBe(false);
    w.child.kill('SIGINT');
    expect(await w.exited).toBe(0);
  });

  test('text mode with forced polling says so, reports a change, and stops on SIGTERM', async () => {
    const dir = tempDir();
    makeRuns(dir, 2);
    const w = watch(['--dir', dir, 'watch', '--watch', 'poll', '--poll-interval', '100']);
    await until('the ready line', () => w.lines.length >= 1);
    expect(w.lines[0]).toMatch(/^ready: 2 run\(s\) in .* \(polling every 100 ms\)/);
    rewriteMetadata(dir, 'run-00000', (m) => (m.status = 'completed'));
    await until('the change line', () => w.lines.some((l) => /changed\s+run-00000\s+completed/.test(l)));
    // A description written by someone else cannot clear the screen or forge a second line.
    rewriteMetadata(dir, 'run-00001', (m) => (m.description = 'sweep\u001b[2J\nfake  removed  run-00000'));
    const line = await until('the escaped line', () =>
      w.lines.find((l) => l.includes('run-00001') && l.includes('sweep')),
    );
    expect(line).toContain('sweep\\u001b[2J\\u000afake');
    expect(w.lines.some((l) => l.startsWith('fake'))).toBe(false);
    w.child.kill('SIGTERM');
    expect(await w.exited).toBe(0);
  });

  test('a wrong --watch value is a usage error', () => {
    const r = runCli(['--dir', tempDir(), 'watch', '--watch', 'sometimes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/auto, native or poll/);
  });
});
