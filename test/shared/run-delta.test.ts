// How a batch of changes becomes one delta.
import { describe, expect, test } from 'vitest';
import { applyDelta, DeltaAccumulator } from '../../shared/run-delta';
import type { RunRecord } from '../../shared/types';

const rec = (run_id: string, status = 'running') => ({ run_id, status }) as RunRecord;

describe('DeltaAccumulator', () => {
  test('reports each run once, by where it ends up compared with the start of the batch', () => {
    const acc = new DeltaAccumulator();
    acc.put('new', rec('new', 'initialising'), false);
    acc.put('new', rec('new', 'running'), true);
    acc.put('flash', rec('flash'), false);
    acc.put('flash', null, true);
    acc.put('replaced', null, true);
    acc.put('replaced', rec('replaced', 'failed'), false);
    acc.put('gone', null, true);
    acc.problem({ file: 'x/metadata.json', message: 'bad' });
    const d = acc.take();
    expect(d.added.map((r) => [r.run_id, r.status])).toEqual([['new', 'running']]);
    expect(d.changed.map((r) => [r.run_id, r.status])).toEqual([['replaced', 'failed']]);
    expect(d.removed).toEqual(['gone']);
    expect(d.problems).toHaveLength(1);
    expect(acc.empty).toBe(true);
  });

  test('applying deltas in order keeps a list equal to the source', () => {
    let list = [rec('a'), rec('b'), rec('c')];
    list = applyDelta(list, { added: [rec('d')], changed: [rec('b', 'failed')], removed: ['a'], problems: [] });
    expect(list.map((r) => `${r.run_id}:${r.status}`)).toEqual(['b:failed', 'c:running', 'd:running']);
  });
});
