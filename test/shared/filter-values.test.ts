// The filter language's comparisons (`config.beta>0.3`, `status!=failed`) and the value
// paths they name: what a researcher typing into the filter box or `--filter` gets.
import { describe, expect, it } from 'vitest';
import { isEmptyFilter, parseFilter, requiredPaths } from '../../shared/filter-parse';
import { matchRun, prepareRun } from '../../shared/filter-match';
import { tokenize } from '../../shared/filter-tokens';
import { valueTermsNarrow } from '../../shared/filter-values';
import type { RunRecord } from '../../shared/types';
import {
  compareValues,
  flattenValues,
  KeyCounter,
  missingPathMessage,
  parseValuePath,
  pickValue,
  type RunValue,
  type ValueLookup,
} from '../../shared/values';

function run(p: Partial<RunRecord> & { run_id: string }): RunRecord {
  return {
    description: '',
    status: 'completed',
    tags: [],
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
    ...p,
  };
}

const runs = [
  run({ run_id: 'r1', status: 'completed', tags: ['sweep'] }),
  run({ run_id: 'r2', status: 'failed', tags: ['sweep'] }),
  run({ run_id: 'r3', status: 'completed', tags: [] }),
  run({ run_id: 'r4', status: 'running', tags: ['sweep'] }),
];
const values: Record<string, Record<string, RunValue>> = {
  r1: { 'config.beta': 0.2, 'config.model': 'SEIR', 'results.summary.infected': '120', 'params.seed': 1 },
  r2: { 'config.beta': 0.35, 'config.model': 'SIR', 'results.summary.infected': '95', 'params.seed': 2 },
  r3: { 'config.beta': 0.5, 'config.model': 'seir-age', 'results.summary.infected': 'n/a', 'config.flag': true },
  r4: { 'config.model': 'SEIR' },
};
const lookup: ValueLookup = (id, path) => values[id]?.[path];
const ids = (text: string) => {
  const f = parseFilter(text);
  return runs.filter((r) => matchRun(prepareRun(r), f, lookup)).map((r) => r.run_id);
};

describe('filter comparisons on run values', () => {
  it('compares numbers as numbers with every operator', () => {
    expect(ids('config.beta>0.3')).toEqual(['r2', 'r3']);
    expect(ids('config.beta>=0.35')).toEqual(['r2', 'r3']);
    expect(ids('config.beta<0.35')).toEqual(['r1']);
    expect(ids('config.beta<=0.35')).toEqual(['r1', 'r2']);
    expect(ids('config.beta=0.5')).toEqual(['r3']);
    expect(ids('config.beta:0.50')).toEqual(['r3']);
    expect(ids('config.beta!=0.5')).toEqual(['r1', 'r2']);
    // 9 < 10 as numbers, where text would put "120" before "95".
    expect(ids('results.summary.infected>100')).toEqual(['r1']);
    expect(ids('results.summary.infected<100')).toEqual(['r2']);
  });

  it('never matches a number against text, and compares text with text', () => {
    // "n/a" is not a number: it is neither above nor below 100.
    expect(ids('results.summary.infected>0')).toEqual(['r1', 'r2']);
    expect(ids('config.model<SIR')).toEqual(['r1', 'r3', 'r4']);
    expect(ids('config.model>=SIR')).toEqual(['r2']);
    expect(ids('config.model>5')).toEqual([]);
  });

  it('reads : as "contains" for text and = as equality, both case-insensitive', () => {
    expect(ids('config.model:seir')).toEqual(['r1', 'r3', 'r4']);
    expect(ids('config.model=seir')).toEqual(['r1', 'r4']);
    expect(ids('config.flag=true')).toEqual(['r3']);
  });

  it('leaves out runs without the value, even for !=, unless the term is negated', () => {
    expect(ids('config.beta!=0.2')).toEqual(['r2', 'r3']);
    expect(ids('-config.beta=0.2')).toEqual(['r2', 'r3', 'r4']);
    expect(ids('-config.beta>0.3')).toEqual(['r1', 'r4']);
    expect(ids('params.seed>0')).toEqual(['r1', 'r2']);
  });

  it('ORs equalities on one path and ANDs everything else, with the built-in tokens', () => {
    expect(ids('config.beta=0.2 config.beta=0.5')).toEqual(['r1', 'r3']);
    expect(ids('config.beta>0.1 config.beta<0.4')).toEqual(['r1', 'r2']);
    expect(ids('tag:sweep config.beta>0.3')).toEqual(['r2']);
    expect(ids('status:completed config.model:seir -config.beta>0.4')).toEqual(['r1']);
  });

  it('accepts spaces around a comparison on a known key, and quoted values', () => {
    expect(ids('config.beta > 0.3')).toEqual(['r2', 'r3']);
    expect(ids('config.model = "seir-age"')).toEqual(['r3']);
    expect(tokenize('config.beta >= 0.3 x').map((t) => [t.path, t.op, t.value])).toEqual([
      ['config.beta', '>=', '0.3'],
      [null, ':', 'x'],
    ]);
  });

  it('says which paths it needs, once each', () => {
    expect(requiredPaths(parseFilter('config.beta>0.1 config.beta<0.4 results.summary.infected>3 tag:x'))).toEqual([
      'config.beta',
      'results.summary.infected',
    ]);
    expect(requiredPaths(parseFilter('status:failed beta'))).toEqual([]);
  });

  it('matches no run while the values are not loaded', () => {
    const f = parseFilter('config.beta>0.3');
    expect(runs.filter((r) => matchRun(prepareRun(r), f)).length).toBe(0);
    expect(isEmptyFilter(f)).toBe(false);
  });
});

describe('filter comparisons on the built-in keys', () => {
  it('reads = as : and != as a negation', () => {
    expect(ids('status=completed')).toEqual(['r1', 'r3']);
    expect(ids('status!=completed')).toEqual(['r2', 'r4']);
    expect(ids('tag!=sweep')).toEqual(['r3']);
    expect(ids('-status!=failed')).toEqual(['r2']);
  });

  it('refuses an order comparison on a key that has no order, saying why', () => {
    const f = parseFilter('status>failed after>7d');
    expect(f.errors).toHaveLength(2);
    expect(f.errors[0]).toBe('status>failed: status compares with : (or =) and !=, not >');
    expect(f.errors[1]).toContain('after takes a date');
    expect(isEmptyFilter(f)).toBe(true);
  });
});

describe('filter mistakes on run values give a message, never a silent empty table', () => {
  it('names a value path without a key or a column', () => {
    expect(parseFilter('config>3').errors[0]).toContain('names no key: write config.KEY');
    expect(parseFilter('results.summary>3').errors[0]).toContain('results.FILE.COLUMN');
    expect(parseFilter('meta.>3').errors[0]).toContain('names no key');
  });

  it('names a bad value: a comparison typed backwards, a number with a typo', () => {
    expect(parseFilter('config.beta=>0.3').errors[0]).toContain('comparisons are written config.beta>=3');
    expect(parseFilter('config.beta>0.3.1').errors[0]).toContain('"0.3.1" is not a number');
  });

  it('hints at an unknown key written with an operator, listing the value paths', () => {
    const f = parseFilter('beta>0.3');
    expect(f.words).toEqual(['beta>0.3']);
    expect(f.errors).toEqual([
      "Unknown filter key 'beta' (searched as plain text). Known: status, tag, user, host, parent, before, after, and run values written config.KEY, params.KEY, meta.KEY, results.FILE.COLUMN.",
    ]);
  });

  it('holds back a comparison still being typed, and lists it for the CLI', () => {
    const f = parseFilter('config.beta> tag:x');
    expect(f.values).toEqual([]);
    expect(f.incomplete).toEqual(['config.beta>']);
    expect(f.tags).toEqual(['x']);
  });

  it('names a path no run has, with the close ones', () => {
    expect(missingPathMessage('config.bta', ['config.beta', 'config.model', 'params.beta'])).toBe(
      "No run has a value for config.bta (in no run's config.yaml). Did you mean config.beta?",
    );
    expect(missingPathMessage('results.summary.x', [])).toBe(
      'No run has a value for results.summary.x (no results/*.csv has that column).',
    );
  });
});

describe('typing on narrows only when no run can come back', () => {
  const n = (a: string, b: string) => valueTermsNarrow(parseFilter(a).values, parseFilter(b).values);
  it('treats an added AND term as narrower, a changed bound or an OR-ed value as not', () => {
    expect(n('', 'config.beta>0.3')).toBe(true);
    expect(n('config.beta>0.3', 'config.beta>0.3 params.seed=1')).toBe(true);
    expect(n('config.beta>0.3', 'config.beta>0.2')).toBe(false);
    expect(n('config.beta=0.2', 'config.beta=0.2 config.beta=0.5')).toBe(false);
    expect(n('config.beta>0.3', '')).toBe(false);
  });
});

describe('value paths', () => {
  it('parses the four sources and refuses anything else', () => {
    expect(parseValuePath('config.disease.beta')).toEqual({ source: 'config', keys: ['disease', 'beta'] });
    expect(parseValuePath('results.summary.infected')).toEqual({ source: 'results', keys: ['summary', 'infected'] });
    expect('error' in parseValuePath('conf.beta')).toBe(true);
  });

  it('picks nested keys, list items and keys that hold dots', () => {
    const doc = { disease: { beta: 0.3, 'R0.target': 2.5 }, ages: [0, 10, 20], name: 'x', none: null };
    expect(pickValue(doc, ['disease', 'beta'])).toBe(0.3);
    expect(pickValue(doc, ['disease', 'R0', 'target'])).toBe(2.5);
    expect(pickValue(doc, ['ages', '1'])).toBe(10);
    expect(pickValue(doc, ['ages'])).toBe('[0,10,20]');
    expect(pickValue(doc, ['none'])).toBeNull();
    expect(pickValue(doc, ['missing'])).toBeUndefined();
    expect(pickValue(doc, ['name', 'deeper'])).toBeUndefined();
  });

  it('flattens a document into its leaves, lists as one value', () => {
    expect([...flattenValues({ a: { b: 1, c: [1, 2] }, d: 'x', e: {} }, 'config')]).toEqual([
      ['config.a.b', 1],
      ['config.a.c', '[1,2]'],
      ['config.d', 'x'],
      ['config.e', '{}'],
    ]);
  });

  it('sorts numbers as numbers, then text, then booleans and null, missing last', () => {
    const v: (RunValue | undefined)[] = ['b', undefined, 10, '9', null, true, 'a10', 'a9', -1];
    expect([...v].sort(compareValues)).toEqual([-1, '9', 10, 'a9', 'a10', 'b', true, null, undefined]);
  });

  it('ranks the keys a sweep varies first, then the constant ones', () => {
    const k = new KeyCounter();
    for (let i = 0; i < 4; i++) {
      k.add('config.world', 'london');
      k.add('config.beta', i / 10);
      if (i < 2) k.add('config.rare', 1);
    }
    k.add('config.seed', 7);
    expect(k.ranked().map((s) => [s.path, s.count, s.varying])).toEqual([
      ['config.beta', 4, true],
      ['config.world', 4, false],
      ['config.rare', 2, false],
      ['config.seed', 1, false],
    ]);
  });
});
