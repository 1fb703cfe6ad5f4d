// `runyard list --filter --columns --format` on a sweep the Python module wrote
// (save_config, save_run_params, a results CSV): what a script or a researcher reads.
import path from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/dirs';
import { describeWithReference } from '../helpers/reference';
import { writeSweep } from '../helpers/sweep';

describeWithReference('list with value columns and value filters', () => {
  it('filters on config values and prints CSV with a header and RFC 4180 quoting, JSON with dotted keys, and a table', () => {
    const { dir, ids } = writeSweep(path.join(tempDir(), 'runs'));
    const byBeta = Object.fromEntries(Object.entries(ids).map(([id, b]) => [b, id]));
    const cols = 'run_id,status,config.disease.beta,config.world,results.summary.infected,results.summary.note';
    const csv = runCli([
      '--dir',
      dir,
      'list',
      '--filter',
      'tag:sweep config.disease.beta>0.2',
      '--columns',
      cols,
      '--format',
      'csv',
    ]);
    expect(csv.code).toBe(0);
    expect(csv.stdout).toBe(
      [
        'run_id,status,config.disease.beta,config.world,results.summary.infected,results.summary.note',
        `${byBeta[0.4]},completed,0.4,"london, UK",402,"peak, day 2"`,
        `${byBeta[0.25]},completed,0.25,"london, UK",252,"peak, day 2"`,
        '',
      ].join('\r\n'),
    );

    const json = runCli([
      '--dir',
      dir,
      'list',
      '--filter',
      '-config.disease.model=SIR params.seed<=102',
      '--columns',
      'run_id,config.disease.model,params.seed,tags',
      '--format',
      'json',
    ]);
    expect(JSON.parse(json.stdout)).toEqual([
      { run_id: byBeta[0.4], 'config.disease.model': 'SEIR', 'params.seed': 102, tags: ['sweep'] },
      { run_id: byBeta[0.1], 'config.disease.model': 'SEIR', 'params.seed': 100, tags: ['sweep'] },
    ]);

    const tableOut = runCli([
      '--dir',
      dir,
      'list',
      '--filter',
      'results.summary.infected>=500',
      '--columns',
      'status,config.disease.beta',
    ]);
    expect(tableOut.stdout.trim().split('\n')).toEqual(['status     config.disease.beta', 'completed  0.55']);

    // --json with a filter and no columns: list --json's records, only the runs kept.
    const plain = JSON.parse(runCli(['--dir', dir, 'list', '--json']).stdout);
    const kept = JSON.parse(runCli(['--dir', dir, '--json', 'list', '--filter', 'config.disease.beta<0.3']).stdout);
    expect(kept).toEqual(plain.filter((r: any) => ids[r.run_id]! < 0.3));
  });

  it('says what is wrong with a filter or a column, and warns about a path no run has', () => {
    const { dir } = writeSweep(path.join(tempDir(), 'runs'));
    const bad = runCli(['--dir', dir, 'list', '--filter', 'status>done config.beta=>3']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('status>done: status compares with : (or =) and !=, not >');
    expect(bad.stderr).toContain('comparisons are written config.beta>=3');
    const typo = runCli([
      '--dir',
      dir,
      'list',
      '--filter',
      'config.disease.bta>0',
      '--format',
      'csv',
      '--columns',
      'run_id',
    ]);
    expect(typo.code).toBe(0);
    expect(typo.stdout).toBe('run_id\r\n');
    expect(typo.stderr).toContain('No run has a value for config.disease.bta');
    expect(typo.stderr).toContain('Did you mean config.disease.beta?');
    const col = runCli(['--dir', dir, 'list', '--columns', 'run_id,results.summary']);
    expect(col.code).toBe(2);
    expect(col.stderr).toContain('results.FILE.COLUMN');
    expect(runCli(['--dir', dir, 'list', '--format', 'xml']).stderr).toContain('--format must be table, json or csv');
    expect(runCli(['--dir', dir, 'list', '--filter', 'config.disease.beta>']).stderr).toContain(
      '"config.disease.beta>" has no value to compare with',
    );
    // A status spelled as elsewhere ("initializing"; the module writes "initialising") or a tag
    // no run has: the empty answer says so and names what the folder holds.
    const spelled = runCli(['--dir', dir, 'list', '--filter', 'status:complete tag:swep', '--format', 'json']);
    expect(spelled.code).toBe(0);
    expect(JSON.parse(spelled.stdout)).toEqual([]);
    expect(spelled.stderr).toContain('no run has status "complete" (statuses here: completed');
    expect(spelled.stderr).toContain('no run is tagged "swep" (tags here: ');
    expect(spelled.stderr).toMatch(/tags here: [^)]*sweep/);
  });
});
