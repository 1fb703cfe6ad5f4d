// @vitest-environment jsdom
// The resume dialog as issue #16 asks it to behave: overrides shown as the real difference
// and sent to the backend, a typed form that a stray click or Escape does not throw away,
// a warning on a run that is still going, the command section folded, focus in the first field.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResumeDialog } from '../../renderer/features/resume/ResumeDialog';
import type { RunDetail } from '../../shared/api/models';
import { fakeBackend, makeRun } from './fixtures';

afterEach(cleanup);

const PARENT = 'aaaaaaaa-1111-4111-8111-111111111111';
const CHILD = 'cccccccc-3333-4333-8333-333333333333';

function detail(extra: Partial<RunDetail> = {}, status = 'completed'): RunDetail {
  return {
    run: makeRun({ run_id: PARENT, description: 'Baseline NE', tags: ['sweep'], status }),
    metadata: { run_id: PARENT, status },
    paths: { run: `/data/runs/${PARENT}`, results: '', checkpoints: '', logs: '' },
    checkpoints: [
      {
        name: 'checkpoint_2026-10-10',
        created_at: null,
        path: 'x.hdf5',
        resolved_path: '/data/x.hdf5',
        files: [{ path: 'x', bytes: 10 }],
        ranks: [],
      },
    ],
    children: [],
    config: { text: '', ok: true, error: null, parsed: { disease: { beta: 0.3 }, days: 40 } },
    params: { text: '', ok: true, error: null, parsed: { seed: 1 } },
    ...extra,
  };
}

function open(d: RunDetail, onClose = vi.fn()) {
  const api = fakeBackend({
    'run.get': () => d,
    'run.resume': (p) => makeRun({ run_id: CHILD, parent_run_id: p.run_id }),
    'resume.preview': () => ({ command: 'python run.py', cwd: '/home/me' }),
  });
  render(<ResumeDialog runId={PARENT} onClose={onClose} onCreated={() => {}} />, { wrapper: api.wrapper });
  return { api, onClose };
}

describe('ResumeDialog overrides', () => {
  it('shows each override as a difference from the parent and sends it with the resume', async () => {
    const user = userEvent.setup();
    const { api } = open(detail());
    const dialog = await screen.findByRole('dialog', { name: 'Resume run aaaaaaaa' });
    await user.type(
      await within(dialog).findByRole('textbox', { name: 'Overrides' }),
      'config.disease.beta=0.5\nparams.seed=7',
    );
    const configDiff = within(dialog).getByRole('region', { name: 'Config difference from the parent' });
    const row = within(configDiff).getByRole('row', { name: /disease\.beta/ });
    expect(row.textContent).toContain('0.3');
    expect(row.textContent).toContain('0.5');
    const paramsDiff = within(dialog).getByRole('region', { name: 'Params difference from the parent' });
    expect(within(paramsDiff).getByRole('row', { name: /seed/ }).textContent).toContain('7');
    await user.click(within(dialog).getByRole('button', { name: 'Create child run' }));
    await within(dialog).findByText(/Created child run/);
    expect(api.callsOf('run.resume')).toEqual([
      expect.objectContaining({ overrides: { 'config.disease.beta': 0.5, 'params.seed': 7 } }),
    ]);
  });

  it('says why an override line cannot be read and does not create anything', async () => {
    const user = userEvent.setup();
    const { api } = open(detail());
    const dialog = await screen.findByRole('dialog', { name: 'Resume run aaaaaaaa' });
    await user.type(await within(dialog).findByRole('textbox', { name: 'Overrides' }), 'beta=0.5');
    expect(within(dialog).getByRole('alert').textContent).toMatch(/line 1: write config\.KEY=VALUE/);
    expect((within(dialog).getByRole('button', { name: 'Create child run' }) as HTMLButtonElement).disabled).toBe(true);
    expect(api.callsOf('run.resume')).toEqual([]);
  });
});

describe('ResumeDialog frame', () => {
  it('keeps what was typed on a backdrop click, and asks before Escape throws it away', async () => {
    const user = userEvent.setup();
    const { onClose } = open(detail());
    const dialog = await screen.findByRole('dialog', { name: 'Resume run aaaaaaaa' });
    const description = await within(dialog).findByRole('textbox', { name: 'Description' });
    await user.type(description, 'Longer horizon');
    fireEvent.mouseDown(dialog.parentElement!);
    expect(onClose).not.toHaveBeenCalled();
    expect((screen.getByRole('textbox', { name: 'Description' }) as HTMLInputElement).value).toBe('Longer horizon');

    await user.keyboard('{Escape}');
    const ask = screen.getByRole('alertdialog', { name: 'Discard changes?' });
    await user.click(within(ask).getByRole('button', { name: 'Keep editing' }));
    expect(onClose).not.toHaveBeenCalled();
    expect(screen.queryByRole('alertdialog')).toBeNull();

    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Discard' }));
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('closes an untouched form on Escape and on a backdrop click at once', async () => {
    const user = userEvent.setup();
    const { onClose } = open(detail());
    const dialog = await screen.findByRole('dialog', { name: 'Resume run aaaaaaaa' });
    await within(dialog).findByRole('combobox', { name: 'Checkpoint' });
    await user.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalledTimes(1);
    fireEvent.mouseDown(dialog.parentElement!);
    expect(onClose).toHaveBeenCalledTimes(2);
  });

  it('warns when the run is still running, and not when it has finished', async () => {
    open(detail({}, 'running'));
    const dialog = await screen.findByRole('dialog', { name: 'Resume run aaaaaaaa' });
    expect((await within(dialog).findByRole('note')).textContent).toMatch(/This run is still running/);
    cleanup();
    open(detail({}, 'completed'));
    const done = await screen.findByRole('dialog', { name: 'Resume run aaaaaaaa' });
    await within(done).findByRole('combobox', { name: 'Checkpoint' });
    expect(within(done).queryByText(/is still/)).toBeNull();
  });

  it('folds the command section away and keeps the buttons outside it', async () => {
    open(detail());
    const dialog = await screen.findByRole('dialog', { name: 'Resume run aaaaaaaa' });
    const summary = await within(dialog).findByText(/Start the simulation \(optional\)/);
    const details = summary.closest('details')!;
    expect(details.open).toBe(false);
    const run = await within(dialog).findByRole('button', { name: 'Create and run command' });
    expect(details.contains(run)).toBe(false);
    expect(details.contains(within(dialog).getByRole('button', { name: 'Create child run' }))).toBe(false);
  });

  it('puts focus in the first field when it opens, not on the close button', async () => {
    open(detail());
    const select = await screen.findByRole('combobox', { name: 'Checkpoint' });
    expect(document.activeElement).toBe(select);
    cleanup();
    open(detail({ checkpoints: [] }));
    const description = await screen.findByRole('textbox', { name: 'Description' });
    expect(document.activeElement).toBe(description);
  });
});
