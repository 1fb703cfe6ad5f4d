// @vitest-environment jsdom
// A multi-rank checkpoint whose recorded path names rank 0's file itself, as the module
// records it: the CLI, the API and the UI must all say it is whole (one shared rule,
// shared/checkpoint-paths.ts checkpointHealth), and all flag the same real gap.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import type { RunDetail } from '../../shared/api/models';
import { CheckpointsTab } from '../../renderer/detail/CheckpointsTab';
import { ResumeForm } from '../../renderer/features/resume/ResumeForm';
import { inProcess } from '../helpers/api';
import { json, runCli } from '../helpers/cli';
import { tempDir } from '../helpers/dirs';
import { makeRun } from '../helpers/live-runs';
import { fakeBackend } from './fixtures';

afterEach(cleanup);

const ID = '0b5e1a2c-7d3f-4c1e-9a8b-1234567890ab';
const CP = 'checkpoint_2020-04-01';

/** A run whose checkpoint has the per-rank files `ranks`, recorded by the path of rank 0's file. */
function runWithRanks(ranks: number[]): string {
  const base = path.join(tempDir(), 'runs');
  const dir = makeRun(base, ID, 'checkpointed', {
    checkpoints: [{ name: CP, created_at: '2026-10-28T09:00:00.000000Z', path: `runs/${ID}/checkpoints/${CP}.0.hdf5` }],
  });
  for (const r of ranks) fs.writeFileSync(path.join(dir, 'checkpoints', `${CP}.${r}.hdf5`), Buffer.alloc(100 + r));
  return base;
}

async function detailOf(base: string): Promise<RunDetail> {
  const api = inProcess();
  try {
    const opened = await api.call('dir.open', { dir: base });
    expect(opened.ok).toBe(true);
    const r = await api.call('run.get', { run_id: ID });
    if (!r.ok) throw new Error(r.error.message);
    return r.value as RunDetail;
  } finally {
    await api.backend.close();
  }
}

function renderTab(detail: RunDetail) {
  const fake = fakeBackend({});
  render(<CheckpointsTab detail={detail} readOnly={false} now={Date.now()} onResume={() => undefined} />, {
    wrapper: fake.wrapper,
  });
}

describe('a multi-rank checkpoint recorded by the path of its rank-0 file', () => {
  it('is whole in the CLI, the API, the Checkpoints tab and the Resume dialog', async () => {
    const base = runWithRanks([0, 1]);
    const shown = runCli(['--dir', base, 'show', ID]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(new RegExp(`${CP}  2 file\\(s\\), .*, 2 ranks`));
    expect(
      json<{ checkpoints: { ranks: number[]; state: string }[] }>(runCli(['--dir', base, '--json', 'show', ID]))
        .checkpoints[0],
    ).toMatchObject({ ranks: [0, 1], state: 'present' });

    const detail = await detailOf(base);
    expect(detail.checkpoints[0]!.ranks).toEqual([0, 1]);

    renderTab(detail);
    const card = screen.getByRole('article', { name: CP });
    expect(within(card).queryByText(/missing/i)).toBeNull();
    expect(
      within(card)
        .getAllByRole('row')
        .map((r) => r.textContent),
    ).toEqual(['RankFileSize', `0${CP}.0.hdf5100 B`, `1${CP}.1.hdf5101 B`, '2 files201 B']);
    cleanup();

    const fake = fakeBackend({
      'resume.preview': () => ({ ok: false, error: { code: 'unsupported', message: 'not in this test' } }),
    });
    render(<ResumeForm detail={detail} onCancel={() => undefined} onDone={() => undefined} />, {
      wrapper: fake.wrapper,
    });
    expect(screen.getByRole('option', { name: `${CP} (2 ranks)` })).toBeTruthy();
  });

  it('a real gap is flagged the same way everywhere: missing rank 1 of 3', async () => {
    const base = runWithRanks([0, 2]);
    const shown = runCli(['--dir', base, 'show', ID]);
    expect(shown.stdout).toContain('INCOMPLETE: missing rank 1 of 3');
    const detail = await detailOf(base);
    renderTab(detail);
    expect(within(screen.getByRole('article', { name: CP })).getByRole('note').textContent).toContain(
      'Missing rank 1 of 3.',
    );
    cleanup();
    const fake = fakeBackend({
      'resume.preview': () => ({ ok: false, error: { code: 'unsupported', message: 'not in this test' } }),
    });
    render(<ResumeForm detail={detail} onCancel={() => undefined} onDone={() => undefined} />, {
      wrapper: fake.wrapper,
    });
    expect(screen.getByRole('option', { name: `${CP} — missing rank 1 of 3` })).toBeTruthy();
  });
});
