// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResumeDialog } from '../../renderer/features/resume/ResumeDialog';
import { PruneDialog } from '../../renderer/features/prune/PruneDialog';
import { CompareView } from '../../renderer/features/compare/CompareView';
import { EditRunDialog } from '../../renderer/features/edit/EditRunDialog';
import type { PrunePolicy } from '../../shared/prune-plan';
import type { PrunePreview, RunDetail, Settings } from '../../shared/api/models';
import { Modal } from '../../renderer/features/kit/Modal';
import { useEffect, useState } from 'react';
import { fakeBackend, makeRun } from './fixtures';

afterEach(cleanup);

const PARENT = 'aaaaaaaa-1111-4111-8111-111111111111';
const CHILD = 'cccccccc-3333-4333-8333-333333333333';

function detail(run_id: string, extra: Partial<RunDetail> = {}): RunDetail {
  return {
    run: makeRun({ run_id, description: 'Baseline NE', tags: ['sweep'] }),
    metadata: { run_id, status: 'completed' },
    paths: { run: `/data/runs/${run_id}`, results: '', checkpoints: '', logs: '' },
    checkpoints: [],
    children: [],
    config: { text: '', ok: true, error: null, parsed: { disease: { beta: 0.3 }, days: 40 } },
    params: null,
    ...extra,
  };
}

const parentDetail = detail(PARENT, {
  checkpoints: [
    {
      name: 'checkpoint_2026-10-10',
      created_at: null,
      path: `runs/${PARENT}/checkpoints/checkpoint_2026-10-10.hdf5`,
      resolved_path: `/data/runs/${PARENT}/checkpoints/checkpoint_2026-10-10.hdf5`,
      files: [{ path: 'x', bytes: 10 }],
      ranks: [],
    },
    {
      name: 'checkpoint_2026-10-20',
      created_at: null,
      path: `runs/${PARENT}/checkpoints/checkpoint_2026-10-20.hdf5`,
      resolved_path: null,
      files: [],
      ranks: [],
    },
  ],
});

describe('ResumeDialog', () => {
  it('creates the child run with the chosen checkpoint, description and tags', async () => {
    const user = userEvent.setup();
    const onCreated = vi.fn();
    const api = fakeBackend({
      'run.get': ({ run_id }) => (run_id === PARENT ? parentDetail : detail(CHILD, { config: null })),
      'run.resume': (p) =>
        makeRun({
          run_id: CHILD,
          parent_run_id: p.run_id,
          description: p.description ?? 'Resumed',
          tags: p.tags ?? [],
        }),
      'resume.preview': () => null,
    });
    render(<ResumeDialog runId={PARENT} onClose={() => {}} onCreated={onCreated} />, { wrapper: api.wrapper });
    const dialog = await screen.findByRole('dialog', { name: 'Resume run aaaaaaaa' });
    // The newest checkpoint whose files exist is chosen; the one with missing files is flagged.
    const select = await within(dialog).findByRole('combobox', { name: 'Checkpoint' });
    expect((select as HTMLSelectElement).value).toBe('checkpoint_2026-10-10');
    expect(within(select).getByRole('option', { name: 'checkpoint_2026-10-20 — files missing' })).toBeTruthy();
    expect(
      within(dialog).getByText(/No differences: the child starts with the parent's config \(2 values\)/),
    ).toBeTruthy();

    await user.type(within(dialog).getByRole('textbox', { name: 'Description' }), 'Longer horizon');
    await user.clear(within(dialog).getByRole('textbox', { name: 'Tags' }));
    await user.type(within(dialog).getByRole('textbox', { name: 'Tags' }), 'sweep, resumed, long run');
    await user.click(within(dialog).getByRole('button', { name: 'Create child run' }));

    expect((await within(dialog).findByText(/Created child run/)).textContent).toContain(CHILD);
    expect(api.callsOf('run.resume')).toEqual([
      {
        run_id: PARENT,
        description: 'Longer horizon',
        tags: ['sweep', 'resumed', 'long run'],
        checkpoint: 'checkpoint_2026-10-10',
        copyCheckpoints: true,
      },
    ]);
    expect(onCreated).toHaveBeenCalledWith(expect.objectContaining({ run_id: CHILD, description: 'Longer horizon' }));
    expect(api.callsOf('resume.launch')).toEqual([]);
  });

  it('shows the exact command before running it, then creates the child and starts it', async () => {
    const user = userEvent.setup();
    const onCreated = vi.fn();
    const children: string[] = [];
    const api = fakeBackend({
      'run.get': ({ run_id }) =>
        run_id === PARENT
          ? { ...parentDetail, children: [...children] }
          : {
              ...detail(CHILD, { config: null }),
              run: makeRun({
                run_id: CHILD,
                parent_run_id: PARENT,
                description: 'Longer horizon',
                tags: ['sweep', 'resumed'],
              }),
            },
      'resume.preview': ({ checkpoint }) => ({
        command: `python run_simulation.py --checkpoint ${checkpoint} --run-id '<new-run-id>'`,
        cwd: '/home/me/JUNE',
      }),
      'resume.launch': ({ checkpoint }) => {
        children.push(CHILD);
        return {
          run_id: CHILD,
          command: `python run_simulation.py --checkpoint ${checkpoint} --run-id ${CHILD}`,
          cwd: '/home/me/JUNE',
          pid: 4242,
          log: 'logs/resume-launch.log',
        };
      },
      'run.edit': (p) =>
        makeRun({ run_id: p.run_id, parent_run_id: PARENT, description: p.description ?? '', tags: p.tags ?? [] }),
    });
    render(<ResumeDialog runId={PARENT} onClose={() => {}} onCreated={onCreated} />, { wrapper: api.wrapper });
    const dialog = await screen.findByRole('dialog', { name: 'Resume run aaaaaaaa' });
    const command = await within(dialog).findByLabelText('Command to run');
    expect(command.textContent).toBe(
      "python run_simulation.py --checkpoint checkpoint_2026-10-10 --run-id '<new-run-id>'",
    );
    expect(within(dialog).getByText('/home/me/JUNE')).toBeTruthy();
    expect(api.callsOf('resume.launch')).toEqual([]);

    await user.type(within(dialog).getByRole('textbox', { name: 'Description' }), 'Longer horizon');
    await user.click(within(dialog).getByRole('button', { name: 'Create and run command' }));
    expect((await within(dialog).findByText(/Started \(process 4242\)/)).textContent).toContain(
      'logs/resume-launch.log',
    );
    expect(within(dialog).getByLabelText('Command that ran').textContent).toBe(
      `python run_simulation.py --checkpoint checkpoint_2026-10-10 --run-id ${CHILD}`,
    );
    // One request makes the child with the form's description and tags and starts the command.
    expect(api.callsOf('resume.launch')).toEqual([
      {
        run_id: PARENT,
        checkpoint: 'checkpoint_2026-10-10',
        description: 'Longer horizon',
        tags: ['sweep', 'resumed'],
      },
    ]);
    expect(api.callsOf('run.edit')).toEqual([]);
    expect(api.callsOf('run.resume')).toEqual([]);
    expect(onCreated).toHaveBeenCalledWith(expect.objectContaining({ run_id: CHILD, description: 'Longer horizon' }));
  });

  it('flags a checkpoint whose files are missing', async () => {
    const user = userEvent.setup();
    const api = fakeBackend({ 'run.get': () => parentDetail, 'resume.preview': () => null });
    render(<ResumeDialog runId={PARENT} onClose={() => {}} onCreated={() => {}} />, { wrapper: api.wrapper });
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Checkpoint' }), 'checkpoint_2026-10-20');
    expect(screen.getByRole('alert').textContent).toMatch(/files of checkpoint_2026-10-20 are missing/);
  });

  it('offers to set a resume command template when none is set, kept in the user settings', async () => {
    const user = userEvent.setup();
    let template: { template: string; cwd: string } | null = null;
    const settings: Settings = {
      theme: 'system',
      recentDirs: [],
      columns: [],
      staleAfterHours: 24,
      watchMode: 'auto',
      pollIntervalMs: 2000,
      notifications: true,
      resumeCommands: {},
    };
    const api = fakeBackend({
      'run.get': () => parentDetail,
      'resume.preview': () =>
        template ? { command: template.template.replace('{run_id}', '<new-run-id>'), cwd: template.cwd } : null,
      'settings.get': () => settings,
      'settings.set': (p) => {
        template = p.resumeCommand ?? null;
        return settings;
      },
    });
    render(<ResumeDialog runId={PARENT} onClose={() => {}} onCreated={() => {}} />, { wrapper: api.wrapper });
    expect(await screen.findByText(/No resume command is set for/)).toBeTruthy();
    expect(screen.getByText('{checkpoint_path}')).toBeTruthy();
    expect(screen.getByText('{parent_run_id}')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Create and run command' })).toBeNull();
    await user.type(screen.getByRole('textbox', { name: 'Command template' }), 'python run.py --run-id {{run_id}');
    await user.type(screen.getByRole('textbox', { name: 'Working directory' }), '/home/me/JUNE');
    await user.click(screen.getByRole('button', { name: 'Save command' }));
    expect(api.callsOf('settings.set')).toEqual([
      { resumeCommand: { dir: '/data/runs', template: 'python run.py --run-id {run_id}', cwd: '/home/me/JUNE' } },
    ]);
    expect((await screen.findByLabelText('Command to run')).textContent).toBe('python run.py --run-id <new-run-id>');
    expect(screen.getByRole('button', { name: 'Create and run command' })).toBeTruthy();
  });

  it('shows the backend’s refusal', async () => {
    const user = userEvent.setup();
    const api = fakeBackend({
      'run.get': () => parentDetail,
      'resume.preview': () => null,
      'run.resume': () => ({ ok: false, error: { code: 'read-only', message: 'this server is read-only' } }),
    });
    render(<ResumeDialog runId={PARENT} onClose={() => {}} onCreated={() => {}} />, { wrapper: api.wrapper });
    await user.click(await screen.findByRole('button', { name: 'Create child run' }));
    expect((await screen.findByRole('alert')).textContent).toBe('this server is read-only');
  });
});

/** A planner stand-in: keeps the `keep` newest of r1..r4 (r1 newest), r2 is pinned. */
function plan(policy: PrunePolicy): PrunePreview {
  const ids = ['r1', 'r2', 'r3', 'r4'];
  const keepN = policy.keep ?? 0;
  const remove: PrunePreview['remove'] = [];
  const keep: PrunePreview['keep'] = [];
  ids.forEach((id, i) => {
    if (policy.runs && !policy.runs.includes(id)) keep.push({ run_id: id, reason: 'not in the list of runs to prune' });
    else if (i < keepN) keep.push({ run_id: id, reason: `among the ${keepN} newest` });
    else if (id === 'r2') keep.push({ run_id: id, reason: 'pinned (tagged keep)' });
    else remove.push({ run_id: id, bytes: 1024 * 1024 });
  });
  return { remove, keep, refused: [], bytes_freed: remove.length * 1024 * 1024 };
}

describe('PruneDialog', () => {
  it('previews what goes and stays with reasons, then removes exactly the previewed runs', async () => {
    const user = userEvent.setup();
    const onDone = vi.fn();
    let release: () => void = () => {};
    const api = fakeBackend({
      'prune.plan': ({ policy }) => plan(policy),
      'du.get': () => [{ run_id: 'r1', results: 0, checkpoints: 0, logs: 0, other: 0, total: 4 * 1024 * 1024 }],
      'prune.execute': (p) =>
        new Promise((resolve) => {
          release = () =>
            resolve({ operation: p.operation, removed: p.expect, bytes_freed: 2 * 1024 * 1024, skipped: [] });
        }),
      'trash.restore': ({ run_id }) => makeRun({ run_id }),
    });
    render(<PruneDialog selection={[]} onClose={() => {}} onDone={onDone} />, { wrapper: api.wrapper });
    const dialog = screen.getByRole('dialog', { name: 'Prune runs' });
    expect((within(dialog).getByRole('spinbutton', { name: 'Keep newest' }) as HTMLInputElement).value).toBe('');
    await user.type(within(dialog).getByRole('spinbutton', { name: 'Keep newest' }), '1');

    const goes = await within(dialog).findByRole('region', { name: 'Goes' }, { timeout: 2000 });
    await waitFor(() => expect(within(goes).getByRole('heading').textContent).toBe('Goes (2)'));
    expect(within(goes).getByText('r3')).toBeTruthy();
    expect(within(goes).getByText('r4')).toBeTruthy();
    const stays = within(dialog).getByRole('region', { name: 'Stays' });
    expect(within(stays).getByText('r2').closest('li')!.textContent).toContain('pinned (tagged keep)');
    expect(within(stays).getByText('r1').closest('li')!.textContent).toContain('among the 1 newest');
    expect(await within(dialog).findByRole('img', { name: '2.0 MiB freed, 2.0 MiB kept' })).toBeTruthy();
    expect(api.callsOf('prune.plan').at(-1)).toEqual({ policy: { keep: 1 } });

    await user.click(within(dialog).getByRole('button', { name: 'Move to trash' }));
    const progress = await within(dialog).findByRole('progressbar');
    const [exec] = api.callsOf('prune.execute');
    expect(exec).toMatchObject({ policy: { keep: 1 }, expect: ['r3', 'r4'] });
    api.emit('prune.progress', { operation: exec!.operation, done: 1, total: 2, run_id: 'r3' });
    await waitFor(() => expect(progress.getAttribute('value')).toBe('1'));
    expect(within(dialog).getByText(/\(1 of 2\)/)).toBeTruthy();
    release();
    expect(await within(dialog).findByText('Moved 2 runs to the trash, freeing 2.0 MiB.')).toBeTruthy();
    expect(onDone).toHaveBeenCalledWith(['r3', 'r4']);

    await user.click(within(dialog).getByRole('button', { name: 'Undo' }));
    expect(await within(dialog).findByText('Restored 2 runs from the trash.')).toBeTruthy();
    expect(api.callsOf('trash.restore')).toEqual([{ run_id: 'r3' }, { run_id: 'r4' }]);
  });

  it('shows the plan before the sizes arrive, then fills them in', async () => {
    const user = userEvent.setup();
    let sizesArrive: () => void = () => {};
    const api = fakeBackend({
      // The backend plans without measuring: every size is unknown.
      'prune.plan': ({ policy }) => {
        const p = plan(policy);
        return { ...p, remove: p.remove.map((r) => ({ ...r, bytes: null })), bytes_freed: 0 };
      },
      'du.get': ({ run_ids }) =>
        run_ids
          ? new Promise((resolve) => {
              sizesArrive = () =>
                resolve(
                  run_ids.map((id) => ({
                    run_id: id,
                    results: 0,
                    checkpoints: 0,
                    logs: 0,
                    other: 0,
                    total: 3 * 1024 * 1024,
                  })),
                );
            })
          : [],
    });
    render(<PruneDialog selection={[]} onClose={() => {}} onDone={() => {}} />, { wrapper: api.wrapper });
    const dialog = screen.getByRole('dialog', { name: 'Prune runs' });
    await user.type(within(dialog).getByRole('spinbutton', { name: 'Keep newest' }), '1');
    const goes = await within(dialog).findByRole('region', { name: 'Goes' }, { timeout: 2000 });
    await waitFor(() => expect(within(goes).getByRole('heading').textContent).toBe('Goes (2)'));
    expect(within(goes).getByText('r3').closest('li')!.textContent).toContain('measuring…');
    expect(within(dialog).getByText(/measuring 2 runs…/)).toBeTruthy();
    await waitFor(() => expect(api.callsOf('du.get').some((c) => c.run_ids !== undefined)).toBe(true));
    expect(api.callsOf('du.get').find((c) => c.run_ids)!.run_ids).toEqual(['r3', 'r4']);
    sizesArrive();
    await waitFor(() => expect(within(goes).getByText('r3').closest('li')!.textContent).toContain('3.0 MiB'));
    expect(within(dialog).queryByText(/measuring/)).toBeNull();
    expect(within(dialog).getByText(/freeing 6\.0 MiB/)).toBeTruthy();
  });

  it('says which confirmed runs stayed, and why, when the folder changed after the preview', async () => {
    const user = userEvent.setup();
    const api = fakeBackend({
      'prune.plan': ({ policy }) => plan(policy),
      'du.get': () => [],
      'prune.execute': (p) => ({
        operation: p.operation,
        removed: ['r3'],
        bytes_freed: 1024 * 1024,
        skipped: [{ run_id: 'r4', reason: 'needed by descendant 7c0ffee0, which stays', put_back: true }],
      }),
    });
    render(<PruneDialog selection={[]} onClose={() => {}} onDone={() => {}} />, { wrapper: api.wrapper });
    const dialog = screen.getByRole('dialog', { name: 'Prune runs' });
    await user.type(within(dialog).getByRole('spinbutton', { name: 'Keep newest' }), '1');
    await within(dialog).findByRole('region', { name: 'Goes' }, { timeout: 2000 });
    await user.click(within(dialog).getByRole('button', { name: 'Move to trash' }));
    expect(await within(dialog).findByText('Moved 1 run to the trash, freeing 1.0 MiB.')).toBeTruthy();
    const stayed = within(dialog).getByRole('region', { name: 'Runs that stayed' });
    expect(stayed.textContent).toContain('1 run stayed');
    expect(within(stayed).getByRole('listitem').textContent).toBe(
      'r4 (moved, then put back) needed by descendant 7c0ffee0, which stays',
    );
  });

  it('limits the policy to the selection and refuses an empty policy', async () => {
    const user = userEvent.setup();
    const api = fakeBackend({ 'prune.plan': ({ policy }) => plan(policy), 'du.get': () => [] });
    render(<PruneDialog selection={['r2', 'r4']} onClose={() => {}} onDone={() => {}} />, { wrapper: api.wrapper });
    const goes = await screen.findByRole('region', { name: 'Goes' }, { timeout: 2000 });
    await waitFor(() => expect(within(goes).getByRole('heading').textContent).toBe('Goes (1)'));
    expect(
      within(screen.getByRole('region', { name: 'Stays' }))
        .getByText('r2')
        .closest('li')!.textContent,
    ).toContain('pinned');
    expect(api.callsOf('prune.plan').at(-1)).toEqual({ policy: { runs: ['r2', 'r4'] } });

    await user.click(screen.getByRole('checkbox', { name: 'Only the 2 selected runs' }));
    expect(await screen.findByText(/Choose at least one rule/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Move to trash' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows why execution was refused and keeps the dialog open', async () => {
    const user = userEvent.setup();
    const api = fakeBackend({
      'prune.plan': ({ policy }) => plan(policy),
      'du.get': () => [],
      'prune.execute': () => ({
        ok: false,
        error: { code: 'conflict', message: 'the runs to remove changed since the preview; check it again' },
      }),
    });
    render(<PruneDialog selection={['r3']} onClose={() => {}} onDone={() => {}} />, { wrapper: api.wrapper });
    const button = screen.getByRole('button', { name: 'Move to trash' });
    await waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(false), { timeout: 2000 });
    await user.click(button);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'the runs to remove changed since the preview; check it again',
    );
  });
});

describe('CompareView', () => {
  it('shows runs side by side and hides shared values with "Only differences"', async () => {
    const user = userEvent.setup();
    const api = fakeBackend({
      'run.get': ({ run_id }) =>
        detail(run_id, {
          config: {
            text: '',
            ok: true,
            error: null,
            parsed: { disease: { beta: run_id === 'run-a' ? 0.3 : 0.4 }, days: 40 },
          },
          params: { text: '', ok: true, error: null, parsed: { seed: 1 } },
        }),
    });
    render(<CompareView runIds={['run-a', 'run-b']} onClose={() => {}} />, { wrapper: api.wrapper });
    const table = await screen.findByRole('table', { name: 'Run comparison' });
    const beta = within(table).getByRole('rowheader', { name: 'disease.beta' }).closest('tr')!;
    expect(
      within(beta)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['0.3', '0.4']);
    expect(within(table).getByRole('rowheader', { name: 'days' })).toBeTruthy();
    expect(within(table).getByRole('rowheader', { name: 'seed' })).toBeTruthy();

    await user.click(screen.getByRole('checkbox', { name: 'Only differences' }));
    expect(within(table).queryByRole('rowheader', { name: 'days' })).toBeNull();
    expect(within(table).queryByRole('rowheader', { name: 'seed' })).toBeNull();
    expect(within(table).getByRole('rowheader', { name: 'disease.beta' })).toBeTruthy();
    expect(within(table).getByRole('rowheader', { name: 'run_id' })).toBeTruthy();
  });
});

describe('EditRunDialog', () => {
  it('sends only what changed, pinning with the tag keep', async () => {
    const user = userEvent.setup();
    const onClose = vi.fn();
    const run = makeRun({ run_id: 'run-e', description: 'Old', tags: ['sweep'], status: 'failed' });
    const api = fakeBackend({ 'run.edit': (p) => makeRun({ ...run, ...p }) });
    render(<EditRunDialog run={run} onClose={onClose} />, { wrapper: api.wrapper });
    const dialog = screen.getByRole('dialog', { name: 'Edit run run-e' });
    await user.click(within(dialog).getByRole('checkbox', { name: /Pinned/ }));
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Status' }), 'completed');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(api.callsOf('run.edit')).toEqual([{ run_id: 'run-e', tags: ['sweep', 'keep'], status: 'completed' }]);
    await waitFor(() => expect(onClose).toHaveBeenCalled());
  });
});

describe('Modal', () => {
  // A dialog whose form appears later by its own state (not a new render of the frame)
  // still starts with the cursor in its first field, unless the user has moved it first.
  function Late({ after }: { after: number }) {
    const [shown, setShown] = useState(false);
    useEffect(() => {
      const t = setTimeout(() => setShown(true), after);
      return () => clearTimeout(t);
    }, [after]);
    return shown ? <input aria-label="Name" /> : null;
  }

  it('puts focus in a field that a child shows after the dialog opened', async () => {
    render(
      <Modal title="Late form" onClose={vi.fn()}>
        <Late after={30} />
      </Modal>,
    );
    expect(document.activeElement).toBe(screen.getByRole('dialog', { name: 'Late form' }));
    const name = await screen.findByRole('textbox', { name: 'Name' });
    expect(document.activeElement).toBe(name);
  });

  it('leaves focus where the user put it before the form arrived', async () => {
    render(
      <Modal title="Slow form" onClose={vi.fn()}>
        <Late after={60} />
      </Modal>,
    );
    const close = screen.getByRole('button', { name: 'Close' });
    close.focus();
    await screen.findByRole('textbox', { name: 'Name' });
    expect(document.activeElement).toBe(close);
  });

  it('gives focus back to what had it when the dialog closes, with the page usable again', async () => {
    function Page() {
      const [open, setOpen] = useState(false);
      return (
        <>
          <button type="button" onClick={() => setOpen(true)}>
            Open it
          </button>
          {open && (
            <Modal title="Asked" onClose={() => setOpen(false)}>
              <input aria-label="Answer" />
            </Modal>
          )}
        </>
      );
    }
    const user = userEvent.setup();
    render(<Page />);
    const opener = screen.getByRole('button', { name: 'Open it' });
    await user.click(opener);
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Answer' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
    expect(opener.closest('[inert]')).toBeNull();
  });
});
