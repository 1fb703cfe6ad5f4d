import { describe, expect, it } from 'vitest';
import { parseFilter } from '../../shared/filter-parse';
import { appendChunk, findAll, prependChunk, windowFromChunk } from '../../shared/log-window';
import { numericColumns, parseCsv, xValues } from '../../shared/csv';
import { RunStore, FLASH_MS } from '../../renderer/state/runStore';
import { computeView, type RunView, type ViewInput } from '../../renderer/state/runView';
import { clickSelect, moveCursor } from '../../renderer/state/selection';
import type { RunRecord } from '../../shared/types';
import { makeRun, snapshot } from './fixtures';

/** A small deterministic PRNG so a failure can be replayed. */
function prng(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

describe('run store and view', () => {
  it('patches the sorted view for deltas exactly as a full recompute would', () => {
    const rnd = prng(7);
    const statuses = ['running', 'completed', 'failed'];
    const mk = (i: number): RunRecord =>
      makeRun({
        run_id: `r${String(i).padStart(5, '0')}`,
        description: `d${Math.floor(rnd() * 50)}`,
        status: statuses[Math.floor(rnd() * 3)]!,
        created_ms: Math.floor(rnd() * 1000),
        tags: rnd() < 0.5 ? ['sweep'] : [],
      });
    const store = new RunStore();
    store.loadSnapshot(snapshot(Array.from({ length: 500 }, (_, i) => mk(i))));
    const input: ViewInput = {
      filter: parseFilter('tag:sweep'),
      sort: { column: 'description', desc: false },
      sizes: new Map(),
      sizesVersion: 0,
    };
    let view: RunView = computeView(store, input, null);
    let next = 500;
    for (let round = 0; round < 40; round++) {
      const ids = view.rows.map((r) => r.run_id);
      const all = [...store.values()].map((e) => e.run.run_id);
      store.applyDelta({
        added: Array.from({ length: 3 }, () => mk(next++)),
        changed: all.slice(round * 5, round * 5 + 4).map((id) => ({
          ...store.get(id)!,
          description: `d${Math.floor(rnd() * 50)}`,
          tags: rnd() < 0.5 ? ['sweep'] : [],
        })),
        removed: ids.slice(0, 2),
        problems: [],
      });
      const patched = computeView(store, input, view);
      const full = computeView(store, input, null);
      expect(patched.rows.map((r) => r.run_id)).toEqual(full.rows.map((r) => r.run_id));
      expect(patched.statusCounts).toEqual(full.statusCounts);
      view = patched;
    }
  });

  it('re-sorts nothing when a delta touches no shown run, and keeps the same row array', () => {
    const store = new RunStore();
    store.loadSnapshot(
      snapshot([makeRun({ run_id: 'a', status: 'failed' }), makeRun({ run_id: 'b', status: 'completed' })]),
    );
    const input: ViewInput = {
      filter: parseFilter('status:failed'),
      sort: { column: 'created', desc: true },
      sizes: new Map(),
      sizesVersion: 0,
    };
    const v1 = computeView(store, input, null);
    store.applyDelta({
      added: [],
      changed: [],
      removed: [],
      problems: [{ file: '.run_index.json', message: 'corrupt' }],
    });
    const v2 = computeView(store, input, v1);
    expect(v2.rows).toBe(v1.rows);
    expect(store.getState().problems).toEqual([{ file: '.run_index.json', message: 'corrupt' }]);
  });

  it('highlights runs changed after loading for a short time only', () => {
    let now = 1000;
    const store = new RunStore(() => now);
    store.loadSnapshot(snapshot([makeRun({ run_id: 'a' })]));
    store.applyDelta({ added: [], changed: [makeRun({ run_id: 'a', status: 'failed' })], removed: [], problems: [] });
    expect(store.isFlashing('a')).toBe(true);
    now += FLASH_MS + 1;
    expect(store.isFlashing('a')).toBe(false);
    store.dispose();
  });
});

describe('selection', () => {
  const order = ['a', 'b', 'c', 'd'].map((run_id) => ({ run_id }));
  it('selects ranges from the anchor and moves with the keyboard', () => {
    let s = clickSelect({ ids: new Set(), anchor: null, cursor: null }, 'b', order, { toggle: false, range: false });
    s = clickSelect(s, 'd', order, { toggle: false, range: true });
    expect([...s.ids]).toEqual(['b', 'c', 'd']);
    s = moveCursor(s, order, -1, false);
    expect([...s.ids]).toEqual(['c']);
    s = moveCursor(s, order, -1, true);
    expect([...s.ids]).toEqual(['b', 'c']);
  });
});

describe('log window', () => {
  it('appends contiguous text, restarts on a gap or truncation, and stays bounded', () => {
    let w = windowFromChunk(100, 'héllo\n');
    expect(w.end).toBe(107);
    w = appendChunk(w, 107, 'world\n', false);
    expect(w.text).toBe('héllo\nworld\n');
    expect(appendChunk(w, 500, 'x\n', false)).toMatchObject({ start: 500, text: 'x\n' });
    expect(appendChunk(w, 113, 'y\n', true)).toMatchObject({ start: 113, text: 'y\n' });
    const line = 'a'.repeat(99) + '\n';
    let big = windowFromChunk(0, '');
    for (let i = 0; i < 5000; i++) big = appendChunk(big, big.end, line, false, 100_000);
    expect(big.text.length).toBeLessThanOrEqual(100_000);
    expect(big.end).toBe(500_000);
    expect(big.start).toBe(500_000 - big.text.length);
    expect(big.text.startsWith('a')).toBe(true);
  });

  it('prepends earlier pages without their partial first line, cutting the end when full', () => {
    const w = windowFromChunk(1000, 'line 3\nline 4\n');
    const p = prependChunk(w, 980, 'tial 1\nline 2 long\n');
    expect(p).toMatchObject({ start: 987, text: 'line 2 long\nline 3\nline 4\n', cutEnd: false });
    expect(prependChunk(windowFromChunk(5, 'z\n'), 0, 'first\n').text).toBe('first\nz\n');
    expect(findAll('Info INFO x info', 'info')).toEqual([0, 5, 12]);
  });
});

describe('csv preview', () => {
  it('parses quoted fields and finds numeric columns and the x axis', () => {
    const t = parseCsv('date,cases,"name, quoted"\n2020-03-01,1,"a ""b"""\n2020-03-02,,c\n2020-03-03,5', {
      complete: true,
    });
    expect(t.header).toEqual(['date', 'cases', 'name, quoted']);
    expect(t.rows[0]).toEqual(['2020-03-01', '1', 'a "b"']);
    expect(t.rows).toHaveLength(3);
    expect(numericColumns(t)).toEqual([1]);
    expect(xValues(t).kind).toBe('date');
    const cut = parseCsv('a;b\n1;2\n3;4\n5;', {});
    expect(cut.rows).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(cut.partial).toBe(true);
  });
});
