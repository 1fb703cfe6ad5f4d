// values.columns and values.get through the backend, on a sweep the Python module wrote,
// and the per-folder column choice in the settings.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { Settings } from '../../shared/api/models';
import type { RunValues, ValueColumns } from '../../shared/api/value-models';
import type { ApiResult } from '../../shared/api/result';
import { inProcess } from '../helpers/api';
import { tempDir } from '../helpers/dirs';
import { describeWithReference } from '../helpers/reference';
import { writeSweep } from '../helpers/sweep';

const value = <T>(r: ApiResult<unknown>): T => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value as T;
};

describeWithReference('value columns through the API', () => {
  it('lists the keys a sweep varies first, and gets values per run with problems naming the file', async () => {
    const { dir, ids } = writeSweep(path.join(tempDir(), 'runs'));
    const byBeta = Object.fromEntries(Object.entries(ids).map(([id, b]) => [b, id]));
    // One run's config is broken by hand: its values are missing, the others still come.
    fs.writeFileSync(path.join(dir, byBeta[0.55]!, 'config.yaml'), 'disease: {beta: 0.55\n');
    const { call, backend } = inProcess();
    try {
      expect(value(await call('dir.open', { dir }))).toBeTruthy();
      const cols = value<ValueColumns>(await call('values.columns', {}));
      expect(cols.runs).toBe(4);
      const config = cols.sources.find((s) => s.source === 'config')!.keys;
      expect(config.map((k) => [k.path, k.count, k.varying])).toEqual([
        ['config.disease.beta', 3, true],
        ['config.disease.model', 3, true],
        ['config.world', 3, false],
      ]);
      const params = cols.sources.find((s) => s.source === 'params')!.keys.map((k) => k.path);
      expect(params).toEqual(['params.seed', 'params.steps']);
      const results = cols.sources.find((s) => s.source === 'results')!.keys.map((k) => k.path);
      expect(results).toEqual(['results.summary.infected', 'results.summary.day', 'results.summary.note']);
      expect(cols.problems.map((p) => p.file)).toEqual([`${byBeta[0.55]}/config.yaml`]);

      const got = value<RunValues>(
        await call('values.get', {
          paths: [
            'config.disease.beta',
            'results.summary.infected',
            'results.summary.note',
            'meta.status',
            'params.sede',
          ],
        }),
      );
      expect(got.values[byBeta[0.25]!]).toEqual({
        'config.disease.beta': 0.25,
        'results.summary.infected': 252,
        'results.summary.note': 'peak, day 2',
        'meta.status': 'completed',
      });
      expect(got.values[byBeta[0.55]!]).toEqual({
        'results.summary.infected': 552,
        'results.summary.note': 'peak, day 2',
        'meta.status': 'completed',
      });
      expect(got.counts['config.disease.beta']).toBe(3);
      expect(got.missing).toEqual([
        "No run has a value for params.sede (in no run's run_params.json). Did you mean params.seed?",
      ]);
      expect(got.problems[0]!.message).toContain(`${byBeta[0.55]}/config.yaml: cannot be parsed as YAML or JSON`);

      const some = value<RunValues>(await call('values.get', { paths: ['params.seed'], run_ids: [byBeta[0.1]!] }));
      expect(Object.keys(some.values)).toEqual([byBeta[0.1]]);
      const bad = await call('values.get', { paths: ['beta'] });
      expect(bad).toMatchObject({
        ok: false,
        error: {
          code: 'invalid',
          message: expect.stringContaining('config.KEY, params.KEY, meta.KEY or results.FILE.COLUMN'),
        },
      });
    } finally {
      await backend.close();
    }
  });

  it('remembers the columns of each runs folder, with dotted value paths', async () => {
    const dir = tempDir();
    const { call, backend } = inProcess({ transport: 'ipc' });
    try {
      const long = `config.${'very_long_section.'.repeat(10)}beta`;
      const s = value<Settings>(
        await call('settings.set', { dirColumns: { dir, columns: ['status', long, 'results.summary.infected'] } }),
      );
      expect(s.columnsByDir?.[dir]).toEqual(['status', long, 'results.summary.infected']);
      expect(s.columns).toEqual([]);
      const cleared = value<Settings>(await call('settings.set', { dirColumns: { dir, columns: [] } }));
      expect(cleared.columnsByDir?.[dir]).toBeUndefined();
    } finally {
      await backend.close();
    }
  });

  it('remembers column widths and named views per runs folder, and a serve refuses another folder', async () => {
    const dir = tempDir();
    const { call, backend } = inProcess({ transport: 'ipc' });
    try {
      const s = value<Settings>(
        await call('settings.set', {
          dirColumns: { dir, columns: ['id', 'config.beta'], widths: { 'config.beta': 140 } },
        }),
      );
      expect(s.columnWidthsByDir?.[dir]).toEqual({ 'config.beta': 140 });
      const view = {
        name: 'High beta',
        filter: 'config.beta>0.3',
        columns: ['id', 'config.beta'],
        sort: '-config.beta',
      };
      const v = value<Settings>(await call('settings.set', { dirViews: { dir, views: [view] } }));
      expect(v.viewsByDir?.[dir]).toEqual([view]);
      // Setting the columns again without widths keeps the widths.
      const again = value<Settings>(await call('settings.set', { dirColumns: { dir, columns: ['id'] } }));
      expect(again.columnWidthsByDir?.[dir]).toEqual({ 'config.beta': 140 });
      const tooNarrow = await call('settings.set', { dirColumns: { dir, columns: ['id'], widths: { id: 3 } } });
      expect(tooNarrow.ok).toBe(false);
      const cleared = value<Settings>(await call('settings.set', { dirViews: { dir, views: [] } }));
      expect(cleared.viewsByDir?.[dir]).toBeUndefined();
    } finally {
      await backend.close();
    }
    const served = inProcess({ transport: 'websocket' });
    try {
      const other = tempDir();
      const refused = await served.call('settings.set', {
        dirViews: { dir: other, views: [{ name: 'x', filter: '', columns: [], sort: '' }] },
      });
      expect(refused.ok).toBe(false);
      if (!refused.ok) expect(refused.error.message).toContain(other);
    } finally {
      await served.backend.close();
    }
  });
});
