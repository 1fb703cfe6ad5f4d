// Value columns (issue #17): adding a config column on 10k runs (first read, then from
// the reader's cache), a results column read from CSV tails, the column list, and a
// filter keystroke on a value column at 100k runs with the values loaded. The
// operations are bundled from source with esbuild and timed in this process.
import fs from 'node:fs';
import path from 'node:path';
import { DATA_DIR } from './generate.mjs';
import { bundleForBench } from './measure.mjs';

const VERSION = 1;

/** 10k runs with config.yaml (the module's JSON), run_params.json and results/summary.csv. */
function valuesDir(count, log) {
  const dir = path.join(DATA_DIR, `values-${count}-v${VERSION}`);
  if (fs.existsSync(path.join(dir, '.done'))) return dir;
  log(`  generating ${count} runs with config, params and results in ${dir}`);
  fs.rmSync(dir, { recursive: true, force: true });
  const old = (Date.now() - 3_600_000) / 1000;
  for (let i = 0; i < count; i++) {
    const id = `run-${String(i).padStart(6, '0')}`;
    const d = path.join(dir, id);
    fs.mkdirSync(path.join(d, 'results'), { recursive: true });
    fs.writeFileSync(
      path.join(d, 'metadata.json'),
      JSON.stringify(
        {
          run_id: id,
          created_at: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
          description: `sweep point ${i}`,
          status: 'completed',
          tags: ['sweep'],
          checkpoints: [],
        },
        null,
        2,
      ),
    );
    const config = {
      disease: { beta: Number((0.1 + (i % 50) / 100).toFixed(2)), gamma: 0.1, model: i % 2 ? 'SEIR' : 'SIR' },
      world: { region: 'London', people: 9_000_000 },
      policy: { lockdown: i % 3 === 0, start: '2020-03-23' },
    };
    fs.writeFileSync(path.join(d, 'config.yaml'), JSON.stringify(config, null, 2));
    fs.writeFileSync(path.join(d, 'run_params.json'), JSON.stringify({ seed: i, steps: 200 }, null, 2));
    let csv = 'day,infected,recovered\n';
    for (let t = 0; t < 200; t++) csv += `${t},${(i * 7 + t * 13) % 10_000},${t * 3}\n`;
    fs.writeFileSync(path.join(d, 'results', 'summary.csv'), csv);
    for (const f of ['config.yaml', 'run_params.json', 'results/summary.csv', 'results'])
      fs.utimesSync(path.join(d, f), old, old);
  }
  fs.writeFileSync(path.join(dir, '.done'), '');
  return dir;
}

const time = (fn) => {
  const t = performance.now();
  const value = fn();
  return { ms: performance.now() - t, value };
};

const record = (run_id) => ({
  run_id,
  description: '',
  status: 'completed',
  tags: ['sweep'],
  created_at: null,
  started_at: null,
  completed_at: null,
  created_ms: null,
  started_ms: null,
  completed_ms: null,
  parent_run_id: null,
  user: null,
  hostname: null,
  git_commit: null,
  checkpoints: [],
  extra: {},
  problems: [],
  unreadable: false,
  mtime_ms: 0,
});

export async function valuesSuite({ log }) {
  const ops = await bundleForBench('bench/values-entry.ts');
  const rows = [];
  const dir = valuesDir(10_000, log);
  const runs = fs
    .readdirSync(dir)
    .filter((n) => n.startsWith('run-'))
    .map(record);

  const reader = new ops.RunValueReader(dir);
  const first = time(() => ops.readRunValues(reader, runs, ['config.disease.beta']));
  if (first.value.counts['config.disease.beta'] !== runs.length)
    throw new Error('values bench: not every run gave config.disease.beta');
  rows.push({
    name: 'add a config column at 10k runs, first time (read + parse every config.yaml)',
    value: first.ms,
    unit: 'ms',
    limit: 2000,
  });
  const again = [0, 1, 2]
    .map(() => time(() => ops.readRunValues(reader, runs, ['config.disease.beta'])).ms)
    .sort((a, b) => a - b)[1];
  rows.push({ name: 'the same column again (cached: one stat per file)', value: again, unit: 'ms', limit: 300 });
  const results = time(() => ops.readRunValues(reader, runs, ['results.summary.infected']));
  rows.push({
    name: 'add a results column at 10k runs, first time (CSV tails)',
    value: results.ms,
    unit: 'ms',
    limit: 2000,
  });
  const cols = time(() => ops.valueColumns(new ops.RunValueReader(dir), runs));
  rows.push({ name: 'values.columns at 10k runs, first time (every file read)', value: cols.ms, unit: 'ms' });
  rows.push({
    name: 'values.columns at 10k runs, cached',
    value: time(() => ops.valueColumns(reader, runs)).ms,
    unit: 'ms',
  });

  // A keystroke at 100k runs: parse the text, judge every prepared run with loaded values.
  const n = 100_000;
  const prepared = Array.from({ length: n }, (_, i) =>
    ops.prepareRun({ ...record(`r${i}`), description: `sweep point ${i}`, tags: [`sweep-${i % 10}`] }),
  );
  const values = new Map(
    prepared.map((p, i) => [
      p.id,
      { 'config.disease.beta': 0.1 + (i % 50) / 100, 'results.summary.infected': String((i * 7) % 10_000) },
    ]),
  );
  const lookup = (id, p) => values.get(id)?.[p];
  const texts = [
    'config.disease.beta>0.3',
    'config.disease.beta>0.35 tag:sweep-1',
    'results.summary.infected<5000 -config.disease.beta=0.2 point',
  ];
  let worst = 0;
  for (const text of texts) {
    const ms = [0, 1, 2, 3, 4]
      .map(
        () =>
          time(() => {
            const f = ops.parseFilter(text);
            let kept = 0;
            for (const p of prepared) if (ops.matchRun(p, f, lookup)) kept++;
            return kept;
          }).ms,
      )
      .sort((a, b) => a - b)[2];
    worst = Math.max(worst, ms);
  }
  rows.push({
    name: 'a filter keystroke on value columns at 100k runs (values loaded; worst of 3 filters)',
    value: worst,
    unit: 'ms',
    limit: 100,
  });
  return rows;
}
