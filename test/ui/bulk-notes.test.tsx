// @vitest-environment jsdom
// The bulk tags dialog (running runs named and skipped unless ticked, one Undo that puts
// back each run's tags) and the note in the detail view (save with Ctrl+Enter, saved and
// conflict states), against the in-memory fake backend.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { TagResult } from '../../shared/api/models';
import { makeRun, NOW, renderShell } from './fixtures';

afterEach(cleanup);

const runs = [
  makeRun({ run_id: 'aaaa0000-run', description: 'Alpha', tags: ['test'], created_ms: NOW - 1000 }),
  makeRun({ run_id: 'bbbb0000-run', description: 'Bravo', tags: [], created_ms: NOW - 2000 }),
  makeRun({ run_id: 'cccc0000-run', description: 'Charlie', status: 'running', tags: [], created_ms: NOW - 3000 }),
];

async function selectAll(user: ReturnType<typeof userEvent.setup>) {
  const t = await screen.findByRole('table', { name: 'Runs' });
  const rows = within(t).getAllByRole('row').slice(1);
  await user.click(rows[0]!);
  await user.keyboard('{Shift>}');
  await user.click(rows[2]!);
  await user.keyboard('{/Shift}');
  expect(screen.getByText('3 selected')).toBeTruthy();
}

describe('bulk tags', () => {
  it("names the running run, skips it by default, and Undo restores each run's own tags", async () => {
    const user = userEvent.setup();
    const results: TagResult[] = [
      { run_id: 'aaaa0000-run', outcome: 'done', before: ['test'], after: ['test', 'sweep'] },
      { run_id: 'bbbb0000-run', outcome: 'done', before: [], after: ['sweep'] },
      { run_id: 'cccc0000-run', outcome: 'skipped', running: true, reason: 'its metadata says running', before: [] },
    ];
    const { fake } = renderShell(runs, {
      'runs.editTags': () => results,
      'runs.restoreTags': ({ runs: rs }) => rs.map((r) => ({ run_id: r.run_id, outcome: 'done' as const })),
    });
    await selectAll(user);
    await user.click(screen.getByRole('button', { name: 'Tags…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Tags of 3 runs' });
    expect(within(dialog).getByRole('note').textContent).toMatch(
      /1 of the selected runs says its simulation is running: cccc0000/,
    );
    expect(within(dialog).getByRole('button', { name: 'Apply to 2 runs' })).toBeTruthy();
    await user.type(within(dialog).getByLabelText('Add tags'), 'sweep');
    await user.click(within(dialog).getByRole('button', { name: 'Apply to 2 runs' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const sent = fake.callsOf('runs.editTags')[0]!;
    expect(sent).toMatchObject({ add: ['sweep'], remove: [], includeRunning: false });
    expect([...sent.run_ids].sort()).toEqual(['aaaa0000-run', 'bbbb0000-run', 'cccc0000-run']);
    const toast = await screen.findByText('Changed the tags of 2 runs. 1 running run was skipped.');
    await user.click(within(toast.closest('.notice') as HTMLElement).getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(fake.callsOf('runs.restoreTags')).toHaveLength(1));
    expect(fake.callsOf('runs.restoreTags')[0]).toEqual({
      runs: [
        { run_id: 'aaaa0000-run', tags: ['test'], expect: ['test', 'sweep'] },
        { run_id: 'bbbb0000-run', tags: [], expect: ['sweep'] },
      ],
      includeRunning: false,
    });
    expect(await screen.findByText('Put back the previous tags of 2 runs.')).toBeTruthy();
  });

  it('Pin 3 runs… prefills keep, and the box includes the running run', async () => {
    const user = userEvent.setup();
    const { fake } = renderShell(runs, {
      'runs.editTags': ({ run_ids }) =>
        run_ids.map((id) => ({ run_id: id, outcome: 'done' as const, before: [], after: ['keep'] })),
    });
    await selectAll(user);
    const t = screen.getByRole('table', { name: 'Runs' });
    fireEvent.contextMenu(within(t).getAllByRole('row')[1]!, { clientX: 50, clientY: 50 });
    await user.click(await screen.findByRole('menuitem', { name: 'Pin 3 runs…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Tags of 3 runs' });
    expect((within(dialog).getByLabelText('Add tags') as HTMLInputElement).value).toBe('keep');
    await user.click(within(dialog).getByRole('checkbox', { name: /Change the 1 running run too/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Apply to 3 runs' }));
    await waitFor(() => expect(fake.callsOf('runs.editTags')).toHaveLength(1));
    expect(fake.callsOf('runs.editTags')[0]).toMatchObject({ add: ['keep'], includeRunning: true });
    // Ctrl+Z undoes the bulk edit too.
    await screen.findByText('Changed the tags of 3 runs.');
    await user.keyboard('{Control>}z{/Control}');
    await waitFor(() => expect(fake.callsOf('runs.restoreTags')).toHaveLength(1));
  });
});

describe('the note in the detail view', () => {
  it('loads, saves with Ctrl+Enter sending the version it loaded, and says so; a conflict offers the new note', async () => {
    const user = userEvent.setup();
    const run = runs[0]!;
    let stored = { run_id: run.run_id, text: 'first thoughts', version: 'v1', modified_ms: NOW };
    let conflict = false;
    const { fake } = renderShell([run], {
      'run.get': () => ({
        run,
        metadata: { run_id: run.run_id },
        paths: { run: '/r', results: '/r/results', checkpoints: '/r/checkpoints', logs: '/r/logs' },
        checkpoints: [],
        children: [],
        config: null,
        params: null,
      }),
      'notes.get': () => stored,
      'notes.set': ({ text }) => {
        if (conflict)
          return {
            ok: false,
            error: {
              code: 'conflict',
              message: 'the note of run aaaa0000-run was changed elsewhere since it was opened',
            },
          };
        stored = { ...stored, text, version: 'v2' };
        return stored;
      },
    });
    const t = await screen.findByRole('table', { name: 'Runs' });
    await user.dblClick(within(t).getByText('Alpha'));
    const box = await screen.findByRole('textbox', { name: 'Notes' });
    await waitFor(() => expect((box as HTMLTextAreaElement).value).toBe('first thoughts'));
    await user.type(box, ': R0 too high');
    expect(screen.getByText('Unsaved changes (Ctrl+Enter saves).')).toBeTruthy();
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(await screen.findByText('Saved.')).toBeTruthy();
    expect(fake.callsOf('notes.set')[0]).toEqual({
      run_id: run.run_id,
      text: 'first thoughts: R0 too high',
      expect: 'v1',
    });

    conflict = true;
    await user.type(box, '!');
    await user.click(screen.getByRole('button', { name: 'Save note' }));
    expect(await screen.findByText(/changed elsewhere/)).toBeTruthy();
    expect(fake.callsOf('notes.set')[1]).toMatchObject({ expect: 'v2' });
    stored = { ...stored, text: 'theirs', version: 'v3' };
    await user.click(screen.getByRole('button', { name: 'Load the new note' }));
    await waitFor(() => expect((box as HTMLTextAreaElement).value).toBe('theirs'));
  });
});
