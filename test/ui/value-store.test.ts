// The renderer's value cache and loader, the sort by a value column, and the CSV the
// table exports: pure pieces, with the fake backend for values.get.
import { describe, expect, it } from 'vitest';
import type { RunValues } from '../../shared/api/value-models';
import { parseFilter } from '../../shared/filter-parse';
import { toCsv } from '../../shared/csv';
import type { RunValue } from '../../shared/values';
import { RunStore } from '../../renderer/state/runStore';
import { computeView } from '../../renderer/state/runView';
import { ValueLoader } from '../../renderer/state/valueLoader';
import { ValueStore } from '../../renderer/state/valueStore';
import { tableCsv } from '../../renderer/table/exportCsv';
import { fakeBackend, makeRun, NOW, snapshot } from './fixtures';

const answer = (
  paths: string[],
  values: Record<string, Record<string, RunValue>>,
  missing: string[] = [],
): RunValues => ({
  paths,
  values,
  counts: {},
  missing,
  problems: [],
  more_problems: 0,
});

describe('value store', () => {
  it('keeps answers per run and path, forgets a run on change, and drops answers asked before that', () => {
    const vs = new ValueStore();
    const before = vs.stamp();
    vs.accept(['a', 'b'], answer(['config.beta'], { a: { 'config.beta': 0.1 } }));
    expect(vs.lookup('a', 'config.beta')).toBe(0.1);
    // b answered without a value: known missing, not unanswered.
    expect(vs.has('b', 'config.beta')).toBe(true);
    expect(vs.lookup('b', 'config.beta')).toBeUndefined();
    expect(vs.unanswered(['a', 'b', 'c'], ['config.beta'])).toEqual(['c']);
    vs.invalidate(['a']);
    expect(vs.lookup('a', 'config.beta')).toBeUndefined();
    expect(vs.unanswered(['a', 'b'], ['config.beta'])).toEqual(['a']);
    // An answer asked for before the run changed is stale for that run only.
    vs.accept(['a', 'c'], answer(['config.beta'], { a: { 'config.beta': 9 }, c: { 'config.beta': 3 } }), before);
    expect(vs.has('a', 'config.beta')).toBe(false);
    expect(vs.lookup('c', 'config.beta')).toBe(3);
    vs.clear();
    expect(vs.unanswered(['b', 'c'], ['config.beta'])).toEqual(['b', 'c']);
  });

  it('names a path no run has once answers are in, with the backend sentence', () => {
    const vs = new ValueStore();
    expect(vs.missing(['config.bta'])).toEqual([]);
    vs.accept(
      ['a'],
      answer(['config.bta'], {}, [
        "No run has a value for config.bta (in no run's config.yaml). Did you mean config.beta?",
      ]),
    );
    expect(vs.missing(['config.bta'])).toEqual([
      "No run has a value for config.bta (in no run's config.yaml). Did you mean config.beta?",
    ]);
  });

  it('loads every run in batches, one request at a time, with progress', async () => {
    const store = new RunStore(() => NOW);
    const runs = Array.from({ length: 2500 }, (_, i) => makeRun({ run_id: `r${String(i).padStart(4, '0')}` }));
    store.loadSnapshot(snapshot(runs));
    const vs = new ValueStore();
    const progress: string[] = [];
    vs.subscribe(() => {
      const l = vs.getState().loading;
      const text = l ? `${l.done}/${l.total}` : 'done';
      if (progress.at(-1) !== text) progress.push(text);
    });
    let inFlight = 0;
    let most = 0;
    const fake = fakeBackend({
      'values.get': async ({ paths, run_ids }) => {
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        return answer(
          paths,
          Object.fromEntries((run_ids ?? []).map((id) => [id, { [paths[0]!]: Number(id.slice(1)) }])),
        );
      },
    });
    const loader = new ValueLoader(fake.client, store, vs);
    loader.want(['config.beta']);
    loader.want(['config.beta']);
    await new Promise<void>((resolve) => {
      const off = vs.subscribe(() => {
        if (vs.getState().loading === null && vs.unanswered(['r2499'], ['config.beta']).length === 0) {
          off();
          resolve();
        }
      });
    });
    expect(fake.callsOf('values.get').map((c) => c.run_ids?.length)).toEqual([1000, 1000, 500]);
    expect(most).toBe(1);
    expect(progress).toEqual(['0/2500', '1000/2500', '2000/2500', 'done']);
    expect(vs.lookup('r2499', 'config.beta')).toBe(2499);
  });
});

describe('sorting and filtering by run values', () => {
  const runs = ['a', 'b', 'c', 'd', 'e'].map((id, i) => makeRun({ run_id: id, created_ms: NOW - i * 1000 }));
  const beta: Record<string, RunValue> = { a: 10, b: 9, c: '0.5', e: 100 };
  const lookup = (id: string, path: string) => (path === 'config.beta' ? beta[id] : undefined);
  const view = (sort: { column: string; desc: boolean }, filter = '') => {
    const store = new RunStore(() => NOW);
    store.loadSnapshot(snapshot(runs));
    const v = computeView(
      store,
      { filter: parseFilter(filter), sort, sizes: new Map(), sizesVersion: 0, values: lookup, valuesVersion: 1 },
      null,
    );
    return v.rows.map((r) => r.run_id);
  };

  it('sorts numbers as numbers (9 before 10, a numeric text too), with runs without a value last both ways', () => {
    expect(view({ column: 'config.beta', desc: false })).toEqual(['c', 'b', 'a', 'e', 'd']);
    expect(view({ column: 'config.beta', desc: true })).toEqual(['e', 'a', 'b', 'c', 'd']);
  });

  it('filters with the loaded values', () => {
    expect(view({ column: 'created', desc: true }, 'config.beta>9')).toEqual(['a', 'e']);
    expect(view({ column: 'created', desc: true }, '-config.beta>9')).toEqual(['b', 'c', 'd']);
  });
});

describe('CSV export', () => {
  it('quotes as RFC 4180 wants and ends records with CRLF', () => {
    expect(
      toCsv([
        ['a', 'b,c'],
        ['say "hi"', 'two\nlines'],
      ]),
    ).toBe('a,"b,c"\r\n"say ""hi""","two\nlines"\r\n');
  });

  it('writes the rows and columns as the table shows them, value columns by path', () => {
    const rows = [
      makeRun({ run_id: 'r2', description: 'beta 0.4, SEIR', tags: ['sweep', 'x'], created_at: '2026-11-20T10:00:00' }),
      makeRun({ run_id: 'r1', description: 'no "beta"', created_at: null }),
    ];
    const values = (id: string, path: string) =>
      path === 'config.beta'
        ? ({ r2: 0.4 } as Record<string, RunValue>)[id]
        : path === 'config.world'
          ? 'london, UK'
          : undefined;
    const text = tableCsv(rows, ['config.beta', 'id', 'description', 'tags', 'created', 'config.world'], {
      values,
      sizes: new Map(),
      now: NOW,
    });
    expect(text.split('\r\n')).toEqual([
      'config.beta,run_id,description,tags,created_at,config.world',
      '0.4,r2,"beta 0.4, SEIR","sweep,x",2026-11-20T10:00:00,"london, UK"',
      ',r1,"no ""beta""",,,"london, UK"',
      '',
    ]);
  });
});
