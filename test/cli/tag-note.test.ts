// `runyard tag RUN... --add/--remove/--pin` and `runyard note RUN [TEXT|-]`, the built
// CLI on real folders.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/dirs';
import { makeRun } from '../helpers/live-runs';

const tagsOf = (dir: string, id: string) =>
  (JSON.parse(fs.readFileSync(path.join(dir, id, 'metadata.json'), 'utf8')) as { tags: string[] }).tags;

function folder(): string {
  const dir = tempDir('runyard-cli-tag-');
  makeRun(dir, 'aaaa1111-run');
  makeRun(dir, 'bbbb2222-run', 'failed');
  makeRun(dir, 'cccc3333-run', 'running');
  return dir;
}

describe('runyard tag', () => {
  it('tags several runs by id prefix, pins, and says which were not changed (exit 1)', () => {
    const dir = folder();
    const r = runCli(['--dir', dir, 'tag', 'aaaa', 'bbbb', 'cccc', '--add', 'sweep', '--remove', 'test', '--pin']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('aaaa1111-run: tags sweep, keep');
    expect(r.stdout).toContain('bbbb2222-run: tags sweep, keep');
    expect(r.stderr).toMatch(/cccc3333-run was not changed: its metadata says running/);
    expect(tagsOf(dir, 'aaaa1111-run')).toEqual(['sweep', 'keep']);
    expect(tagsOf(dir, 'cccc3333-run')).toEqual(['test']);

    const again = runCli(['--dir', dir, '--json', 'tag', 'aaaa', 'cccc', '--unpin', '--include-running']);
    expect(again.code).toBe(0);
    const out = JSON.parse(again.stdout);
    expect(out.map((x: any) => [x.run_id, x.outcome])).toEqual([
      ['aaaa1111-run', 'done'],
      ['cccc3333-run', 'unchanged'],
    ]);
    expect(tagsOf(dir, 'aaaa1111-run')).toEqual(['sweep']);
  });

  it('usage errors exit 2 and write nothing', () => {
    const dir = folder();
    expect(runCli(['--dir', dir, 'tag', 'aaaa']).code).toBe(2);
    const both = runCli(['--dir', dir, 'tag', 'aaaa', '--pin', '--unpin']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/contradict/);
    expect(tagsOf(dir, 'aaaa1111-run')).toEqual(['test']);
  });
});

describe('runyard note', () => {
  it('sets from an argument and from stdin, prints it back, clears it', () => {
    const dir = folder();
    expect(runCli(['--dir', dir, 'note', 'aaaa']).stdout).toBe('');
    const set = runCli(['--dir', dir, 'note', 'aaaa', 'first line']);
    expect(set.code).toBe(0);
    expect(set.stdout).toMatch(/aaaa1111-run: note saved \(10 bytes\)/);
    expect(runCli(['--dir', dir, 'note', 'aaaa']).stdout).toBe('first line\n');
    const text = '# Sweep 3\n\nR0 too high; see results/summary.csv\n';
    expect(runCli(['--dir', dir, 'note', 'bbbb', '-'], { input: text }).code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'bbbb2222-run', 'notes.md'), 'utf8')).toBe(text);
    const j = JSON.parse(runCli(['--dir', dir, '--json', 'note', 'bbbb']).stdout);
    expect(j).toMatchObject({ run_id: 'bbbb2222-run', text });
    expect(runCli(['--dir', dir, 'note', 'aaaa', '']).stdout).toMatch(/note cleared/);
    expect(fs.readFileSync(path.join(dir, 'aaaa1111-run', 'notes.md'), 'utf8')).toBe('');
  });

  it('an unknown run and an oversized note fail with a message, nothing written', () => {
    const dir = folder();
    const missing = runCli(['--dir', dir, 'note', 'zzzz', 'x']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/zzzz/);
    const big = runCli(['--dir', dir, 'note', 'aaaa', '-'], { input: 'x'.repeat(300_000) });
    expect(big.code).not.toBe(0);
    expect(big.stderr).toMatch(/at most 262144/);
    expect(fs.existsSync(path.join(dir, 'aaaa1111-run', 'notes.md'))).toBe(false);
  });
});
