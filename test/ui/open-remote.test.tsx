// @vitest-environment jsdom
// Opening a runs folder on another machine: the desktop's folder picker cannot take an
// ssh:// address, so beside "Open folder…" there is "Remote…" (and the menu's "Open
// Remote Folder…"), and the empty window offers a field for one; in a browser the one
// typed path takes either.
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { info, makeRun, NOW, renderShell, snapshot } from './fixtures';

afterEach(cleanup);

const REMOTE = 'ssh://alice@cluster.example.org/scratch/june/runs';
const runs = [makeRun({ run_id: 'aaaa1111-x', description: 'First run', created_ms: NOW - 1000 })];
const remoteRuns = [makeRun({ run_id: 'cccc3333-x', description: 'Run on the cluster', created_ms: NOW - 500 })];
const desktop = { ...info, transport: 'ipc' as const, canUseShell: true };
const opens = { 'dir.open': ({ dir }: { dir: string }) => snapshot(remoteRuns, { dir }) };

describe('a folder on another machine', () => {
  it('desktop: "Remote…" beside "Open folder…" takes an ssh:// address and opens it', async () => {
    const user = userEvent.setup();
    const { fake } = renderShell(runs, opens, desktop);
    await screen.findByRole('table', { name: 'Runs' });
    const header = screen.getByRole('banner');
    expect(within(header).getByRole('button', { name: 'Open folder…' })).toBeTruthy();
    await user.click(within(header).getByRole('button', { name: 'Remote…' }));
    const field = screen.getByRole('textbox', { name: 'Remote runs folder' });
    expect(document.activeElement).toBe(field);
    expect(field.getAttribute('placeholder')).toMatch(/^ssh:\/\//);
    await user.type(field, `${REMOTE}{Enter}`);
    expect(fake.callsOf('dir.open')).toEqual([{ dir: REMOTE }]);
    expect(await screen.findByText('Run on the cluster')).toBeTruthy();
  });

  it('desktop: the menu’s "Open Remote Folder…" opens the field', async () => {
    const { fake } = renderShell(runs, opens, desktop);
    await screen.findByRole('table', { name: 'Runs' });
    expect(screen.queryByRole('textbox', { name: 'Remote runs folder' })).toBeNull();
    act(() => fake.emit('ui.command', { command: 'open-remote' }));
    expect(await screen.findByRole('textbox', { name: 'Remote runs folder' })).toBeTruthy();
  });

  it('desktop, no folder open: the empty window offers the picker and a field for a remote one', async () => {
    const user = userEvent.setup();
    const { fake } = renderShell([], opens, { ...desktop, dir: null });
    await screen.findByRole('heading', { name: 'Open a runs folder' });
    expect(screen.getByRole('button', { name: 'Open folder…' })).toBeTruthy();
    const field = screen.getByRole('textbox', { name: 'Remote runs folder' });
    // The picker stays the first thing; the menu command brings the field into focus.
    expect(document.activeElement).not.toBe(field);
    act(() => fake.emit('ui.command', { command: 'open-remote' }));
    await waitFor(() => expect(document.activeElement).toBe(field));
    await user.type(field, 'cluster:june/runs');
    await user.click(screen.getByRole('button', { name: 'Connect' }));
    expect(fake.callsOf('dir.open')).toEqual([{ dir: 'cluster:june/runs' }]);
    expect(await screen.findByText('Run on the cluster')).toBeTruthy();
  });

  it('browser: the one path field says it takes ssh:// too', async () => {
    const user = userEvent.setup();
    const { fake } = renderShell(runs, opens);
    await screen.findByRole('table', { name: 'Runs' });
    await user.click(within(screen.getByRole('banner')).getByRole('button', { name: 'Open folder…' }));
    expect(screen.queryByRole('button', { name: 'Remote…' })).toBeNull();
    const field = screen.getByRole('textbox', { name: 'Runs directory path' });
    expect(field.getAttribute('placeholder')).toContain('ssh://');
    await user.type(field, `${REMOTE}{Enter}`);
    expect(fake.callsOf('dir.open')).toEqual([{ dir: REMOTE }]);
  });
});
