// Every case of the bad-input corpus (cases.ts), read the ways a user reads a runs
// directory: `runyard list` (a real child process; its warnings carry the directory's
// problems, its table the runs), `show`, `tree` and `index check` (the store functions those commands call,
// in-process, to keep 55 cases affordable; the last test runs the four commands as
// processes on one directory holding every run-level case at once), a LiveIndex, and
// the API (run.get, run.files, run.readFile and the case's own requests).
// Each case must (1) tell the user what is wrong, naming the file; (2) leave the good
// runs listed and readable; (3) write nothing: the whole tree, including a folder
// outside the runs directory, has the same inodes, sizes, modes, mtimes and ctimes
// before and after.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { nonRunEntries } from '../../../electron/api/open-dir';
import { checkIndex } from '../../../electron/store/index-maintenance';
import { StoreError } from '../../../electron/store/errors';
import { RunsDir } from '../../../electron/store/runs-dir';
import { buildLineage, lineageTrees } from '../../../shared/lineage';
import { printable } from '../../../electron/cli/output';
import { LiveIndex } from '../../../electron/live/live-index';
import type { Problem, RunRecord } from '../../../shared/types';
import { inProcess } from '../../helpers/api';
import { tempDir } from '../../helpers/dirs';

import { cacheHome, fsSnapshot, recordFigures, runyard, snapshotDiff, type Ran } from '../support';
import { BAD, CASES, GOOD_CHILD, GOOD_PARENT, goodRuns, type BadInputCase } from './cases';
import { until } from '../../helpers/poll';

const figures: Record<string, unknown> = {};
const timings: number[] = [];

beforeAll(() => {
  process.env.XDG_CACHE_HOME = cacheHome;
  process.env.RUNYARD_CACHE_DIR = 'off';
});
afterAll(() => {
  recordFigures('bad-input', {
    cases: CASES.length,
    with_a_problem_message: CASES.filter((c) => c.problem).length,
    with_command_output: CASES.filter((c) => c.output).length,
    tricky_but_valid_names: CASES.filter((c) => c.listed).length,
    with_api_checks: CASES.filter((c) => c.api).length,
    median_case_ms: timings.sort((a, b) => a - b)[Math.floor(timings.length / 2)],
    slowest_case_ms: Math.max(...timings),
    ...figures,
  });
});

const asLines = (r: Ran) => `${r.stdout}\n${r.stderr}`;

function expectNoCrash(label: string, r: Ran): void {
  expect(r.signal, `${label} was killed`).toBeNull();
  expect(r.stderr, `${label}: ${r.stderr}`).not.toMatch(/unexpected error|\n\s+at \S+ \(/);
  // Failures are one line: `runyard: <what>`.
  if (r.code !== 0) expect(r.stderr.trim().split('\n').filter((l) => !l.startsWith('runyard: warning:')), label).toHaveLength(1);
}

/** A line that names `file` and says `message`. */
function names(text: string, file: string, message: RegExp): boolean {
  return text.split('\n').some((line) => line.includes(`${file}: `) && message.test(line));
}

function uiShows(problems: Problem[], runs: RunRecord[], entries: { name: string }[], c: BadInputCase): boolean {
  const p = c.problem!;
  const all = [...problems, ...runs.flatMap((r) => r.problems)];
  return all.some((x) => x.file === p.file && p.message.test(x.message)) || entries.some((e) => e.name === p.file);
}

describe('bad-input corpus', () => {
  test('has at least 30 cases, each with something the user is shown', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
    for (const c of CASES) expect(Boolean(c.problem || c.output || c.listed || c.api), c.name).toBe(true);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  for (const c of CASES) {
    test(c.name, async () => {
      const t0 = performance.now();
      const root = tempDir('runyard-bad-');
      const dir = path.join(root, 'runs');
      const outside = path.join(root, 'outside');
      fs.mkdirSync(dir);
      fs.mkdirSync(outside);
      goodRuns(dir);
      c.make(dir, outside);
      const before = fsSnapshot(root);

      // ---- the CLI ----
      const cli = (args: string[]) => runyard(['--dir', dir, ...args]);
      const [list, output, listed] = await Promise.all([
        cli(['list']),
        c.output ? cli(c.output.command) : null,
        c.listed ? cli(c.listed.showArgs) : null,
      ]);
      expectNoCrash('list', list);
      expect(list.code, list.stderr).toBe(0);
      for (const [label, r] of [['output', output], ['show listed', listed]] as const) if (r) expectNoCrash(label, r);
      // The table shows ids cut to 8 characters.
      for (const id of [GOOD_PARENT, GOOD_CHILD]) expect(list.stdout).toContain(id.slice(0, 8));
      const store = new RunsDir(dir);
      const scanned = store.scan();
      const ids = scanned.runs.map((r) => r.run_id);
      // `tree` and `index check`, as the commands run them.
      expect(store.get(GOOD_PARENT).problems).toEqual([]);
      // `show BAD`: its problems, or the one-line refusal the command prints.
      let showBad = '';
      if (c.bad) {
        try {
          showBad = store.get(store.resolve(c.bad)).problems.map((p) => `${p.file}: ${p.message}`).join('\n');
        } catch (e) {
          expect(e).toBeInstanceOf(StoreError);
          showBad = (e as Error).message;
        }
      }
      const lineage = buildLineage(store.scan().runs);
      expect(lineageTrees(lineage, lineage.roots).find((n) => n.run_id === GOOD_PARENT)?.children.map((n) => n.run_id)).toEqual([GOOD_CHILD]);
      const check = checkIndex(store);
      if (!c.name.startsWith('index')) expect(check.readable).toBe(true);

      if (c.problem) {
        const cliText = [list.stderr, showBad].join('\n');
        // `list` marks a damaged run with "!" and points to `show`.
        if (c.problem.file.startsWith(`${BAD}/`)) expect(list.stdout).toMatch(/!\s+bad-run\s[\s\S]*see `runyard show RUN`/);
        expect(names(cliText, printable(c.problem.file), c.problem.message), `no line naming ${c.problem.file} and saying ${c.problem.message} in:\n${cliText}`).toBe(true);
        // A name with a newline cannot forge an output line of its own.
        expect(cliText).not.toMatch(/^runyard: all good/m);
      }
      if (c.output) expect(asLines(output!), c.output.command.join(' ')).toMatch(c.output.match);
      if (c.listed) {
        expect(ids).toContain(c.listed.id);
        expect(list.stdout).toContain(printable(c.listed.id.slice(0, 8)));
        expect(listed!.code, listed!.stderr).toBe(0);
        expect(listed!.stdout).toContain(`run_id: ${printable(c.listed.id)}\n`);
      }

      // ---- a LiveIndex: the same problem, shown in the UI ----
      const live = new LiveIndex(dir, { halfWrittenBoundMs: 150 });
      try {
        await live.start();
        expect(live.runs().map((r) => r.run_id)).toEqual(expect.arrayContaining([GOOD_PARENT, GOOD_CHILD]));
        if (c.problem) {
          await until(`the live index to show ${c.problem.file}`, () => uiShows(live.problems(), live.runs(), nonRunEntries(dir, new Set(live.runs().map((r) => r.run_id))), c), 5000);
        }
      } finally {
        await live.close();
      }

      // ---- the API ----
      const { call, backend } = inProcess();
      try {
        const opened = await call('dir.open', { dir });
        expect(opened.ok, JSON.stringify(opened)).toBe(true);
        const snapIds = opened.ok ? (opened.value as { runs: RunRecord[] }).runs.map((r) => r.run_id) : [];
        expect(snapIds).toEqual(expect.arrayContaining([GOOD_PARENT, GOOD_CHILD]));
        const detail: any = await call('run.get', { run_id: GOOD_PARENT });
        expect(detail.ok && detail.value.checkpoints[0].files).toHaveLength(1);
        expect((await call('run.files', { run_id: GOOD_PARENT, folder: '.' })).ok).toBe(true);
        expect(await call('run.readFile', { run_id: GOOD_PARENT, path: 'logs/simulation.log' })).toMatchObject({ ok: true, value: { text: 'day 1\nday 2\n' } });
        if (c.bad) {
          const bad = await call('run.get', { run_id: c.bad });
          // Details of a damaged run come back, or a typed error that says why; never an internal error.
          if (!bad.ok) expect(bad.error.code).not.toBe('internal');
        }
        const got = await c.api?.(call as never, dir);
        if (got) figures[c.name] = got;
      } finally {
        await backend.close();
      }

      expect(snapshotDiff(before, fsSnapshot(root))).toEqual([]);
      timings.push(Math.round(performance.now() - t0));
    }, 60_000);
  }
});

test('every run-level case at once: list, show, tree and index check as processes, nothing written', async () => {
  const root = tempDir('runyard-bad-all-');
  const dir = path.join(root, 'runs');
  const outside = path.join(root, 'outside');
  fs.mkdirSync(dir);
  fs.mkdirSync(outside);
  goodRuns(dir);
  // Cases that damage one run each get a folder of their own; the directory-level ones (index, current) cannot share.
  const together = CASES.filter((c) => !/^(index|`current`)|100k files/.test(c.name));
  together.forEach((c, i) => {
    const sub = path.join(root, `case-${i}`);
    fs.mkdirSync(sub);
    c.make(sub, outside);
    for (const name of fs.readdirSync(sub, { encoding: 'buffer' })) {
      const target = Buffer.concat([Buffer.from(`${dir}${path.sep}`), name.toString('latin1') === 'bad-run' ? Buffer.from(`bad-run-${i}`) : name]);
      if (!fs.existsSync(target)) fs.renameSync(Buffer.concat([Buffer.from(`${sub}${path.sep}`), name]), target);
    }
  });
  const before = fsSnapshot(root);
  const cli = (args: string[]) => runyard(['--dir', dir, ...args]);
  const [list, show, tree, check] = await Promise.all([cli(['list']), cli(['show', GOOD_PARENT]), cli(['tree']), cli(['index', 'check'])]);
  for (const [label, r] of [['list', list], ['show', show], ['tree', tree], ['index check', check]] as const) {
    expectNoCrash(label, r);
    // The index here lacks the damaged runs and keeps a removed one: `index check` says so with exit 1.
    expect(r.code, `${label}: ${r.stderr}`).toBe(label === 'index check' ? 1 : 0);
  }
  // `show` of damaged runs, as a user would look at them after `list` marks them with "!".
  const damaged = fs.readdirSync(dir).filter((n) => n.startsWith('bad-run-')).slice(0, 6);
  for (const r of await Promise.all(damaged.map((id) => cli(['show', id])))) {
    expectNoCrash('show damaged', r);
    expect(r.stdout + r.stderr).toMatch(/bad-run-\d+\/metadata\.json: |problems:|runyard: /);
  }
  expect(list.stdout).toContain(GOOD_PARENT.slice(0, 8));
  expect(list.stdout.split('\n').length).toBeGreaterThan(30);
  expect(show.stdout).toContain(`run_id: ${GOOD_PARENT}`);
  expect(tree.stdout).toContain(`── ${GOOD_CHILD.slice(0, 8)}`);
  expect(check.stdout).toMatch(/run\(s\) on disk but not in the index/);
  expect(snapshotDiff(before, fsSnapshot(root))).toEqual([]);
  figures.combined_directory = { cases: together.length, entries: fs.readdirSync(dir).length, list_ms: Math.round(list.ms) };
}, 60_000);
