// values.series through the backend, on a sweep the Python module wrote: one column per
// run, x from the step column, the runs named by what differs between them, and every
// broken file costing only its own run a line, with a message naming the file.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { ValueSeries } from '../../shared/api/value-models';
import type { ApiResult } from '../../shared/api/result';
import { inProcess } from '../helpers/api';
import { tempDir } from '../helpers/dirs';
import { describeWithReference } from '../helpers/reference';
import { infectedAt, writeSeriesSweep } from '../helpers/series-sweep';

const value = <T>(r: ApiResult<unknown>): T => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value as T;
};

describeWithReference('values.series', () => {
  it('overlays one column per run, names runs by what varies, and refuses broken files and links out', async () => {
    const dir = path.join(tempDir(), 'runs');
    const runs = writeSeriesSweep(dir, { betas: [0.1, 0.3, 0.5, 0.7, 0.9], steps: 3000 });
    const [ok1, ok2, broken, linked, headerOnly] = runs.map((r) => r.id) as [string, string, string, string, string];
    const secret = path.join(tempDir(), 'secret.csv');
    fs.writeFileSync(secret, 'step,infected\n0,123456\n');
    const ts = (id: string) => path.join(dir, id, 'results', 'timeseries.csv');
    fs.writeFileSync(ts(broken), 'step,recovered\n0,1\n');
    fs.rmSync(ts(linked));
    fs.symlinkSync(secret, ts(linked));
    fs.writeFileSync(ts(headerOnly), 'step,infected,recovered\n');

    const { call, backend } = inProcess();
    try {
      value(await call('dir.open', { dir }));
      const all = value<ValueSeries>(await call('values.series', { run_ids: runs.map((r) => r.id) }));
      // Nothing chosen: the most common file (both are in every run: the larger, a time series before a
      // one-row summary) and its first numeric column that is not the step.
      expect(all.files).toEqual([
        { file: 'timeseries.csv', runs: 5 },
        { file: 'summary.csv', runs: 5 },
      ]);
      expect(all.file).toBe('timeseries.csv');
      expect(all.column).toBe('infected');

      const got = value<ValueSeries>(
        await call('values.series', { run_ids: runs.map((r) => r.id), file: 'timeseries.csv', column: 'infected' }),
      );
      expect(got.varying).toEqual(['config.disease.beta']);
      const byId = Object.fromEntries(got.runs.map((r) => [r.run_id, r]));
      const first = byId[ok1]!;
      expect(first.values).toEqual({ 'config.disease.beta': 0.1 });
      expect(first.x_label).toBe('step');
      expect(first.rows).toBe(3000);
      expect(first.downsampled).toBe(true);
      expect(first.x.length).toBeLessThanOrEqual(2000);
      expect(first.x[0]).toBe(0);
      expect(first.x.at(-1)).toBe(2999);
      expect(first.y.at(-1)).toBe(infectedAt(0.1, 1, 2999));
      expect(byId[ok2]!.problem).toBeNull();

      expect(byId[broken]!.x).toEqual([]);
      expect(byId[broken]!.problem).toBe(
        `${broken}/results/timeseries.csv has no column "infected" (its columns: step, recovered)`,
      );
      expect(byId[linked]!.x).toEqual([]);
      expect(byId[linked]!.problem).toBe(
        `${linked}/results/timeseries.csv is a link that leads out of the runs directory; it was not read`,
      );
      expect(JSON.stringify(got)).not.toContain('123456');
      expect(byId[headerOnly]!.problem).toBe(`${headerOnly}/results/timeseries.csv has a header but no rows yet`);
      // The broken header lacks "infected", so only the columns all readable copies share are offered.
      expect(got.columns).toEqual(['step', 'recovered']);

      const out = await call('values.series', { run_ids: [ok1], file: '../../etc/passwd' });
      expect(out).toMatchObject({ ok: false, error: { code: 'invalid' } });
      const missing = await call('values.series', { run_ids: ['no-such-run'] });
      expect(missing).toMatchObject({ ok: false, error: { code: 'not-found' } });
    } finally {
      await backend.close();
    }
  });

  it('refuses a results folder that is itself a link out of the runs directory', async () => {
    const dir = path.join(tempDir(), 'runs');
    const [run] = writeSeriesSweep(dir, { betas: [0.2], steps: 5 });
    const outside = tempDir();
    fs.writeFileSync(path.join(outside, 'timeseries.csv'), 'step,infected\n0,999999\n');
    fs.rmSync(path.join(dir, run!.id, 'results'), { recursive: true });
    fs.symlinkSync(outside, path.join(dir, run!.id, 'results'));
    const { call, backend } = inProcess();
    try {
      value(await call('dir.open', { dir }));
      const got = value<ValueSeries>(
        await call('values.series', { run_ids: [run!.id], file: 'timeseries.csv', column: 'infected' }),
      );
      expect(got.runs[0]!.y).toEqual([]);
      expect(got.runs[0]!.problem).toContain('leads out of the runs directory');
    } finally {
      await backend.close();
    }
  });
});
