// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../renderer/App';
import type { ConnectionMonitor, ConnectionState } from '../../renderer/api/connection';
import { fakeBackend, info, makeRun, NOW, renderShell, shellHandlers, snapshot } from './fixtures';

afterEach(() => {
  cleanup();
  delete document.documentElement.dataset.theme;
});

const runs = [
  makeRun({ run_id: 'aaaa1111-x', description: 'First run', created_ms: NOW - 1000 }),
  makeRun({ run_id: 'bbbb2222-x', description: 'Second run', created_ms: NOW - 2000 }),
];

describe('app shell', () => {
  it('offers to open a folder when none is open, then shows its runs', async () => {
    const user = userEvent.setup();
    const { fake } = renderShell([], { 'dir.open': ({ dir }) => snapshot(runs, { dir }) }, { ...info, dir: null });
    expect(await screen.findByRole('heading', { name: 'Open a runs folder' })).toBeTruthy();
    await user.type(screen.getByRole('textbox', { name: 'Runs directory path' }), '/scratch/runs');
    await user.click(screen.getByRole('button', { name: 'Open' }));
    const t = await screen.findByRole('table', { name: 'Runs' });
    expect(within(t).getByText('First run')).toBeTruthy();
    expect(fake.callsOf('dir.open')).toEqual([{ dir: '/scratch/runs' }]);
    expect(screen.getByText('/scratch/runs')).toBeTruthy();
  });

  it('shows the backend message when a folder cannot be opened', async () => {
    const user = userEvent.setup();
    renderShell(
      [],
      { 'dir.open': () => ({ ok: false, error: { code: 'not-found', message: '/nope does not exist' } }) },
      { ...info, dir: null },
    );
    await user.type(await screen.findByRole('textbox', { name: 'Runs directory path' }), '/nope');
    await user.click(screen.getByRole('button', { name: 'Open' }));
    expect((await screen.findByRole('alert')).textContent).toContain('/nope does not exist');
    expect(screen.getByRole('heading', { name: 'Open a runs folder' })).toBeTruthy();
  });

  it('creates the demo directory from the empty state', async () => {
    const user = userEvent.setup();
    const { fake } = renderShell(
      [],
      { 'dir.createDemo': ({ dir }) => snapshot(runs, { dir }) },
      { ...info, dir: null },
    );
    await user.click(await screen.findByRole('button', { name: 'Create the demo directory' }));
    const field = screen.getByRole('textbox', { name: 'Demo directory path' });
    await user.clear(field);
    await user.type(field, '/tmp/demo-here');
    await user.click(screen.getByRole('button', { name: 'Create demo directory' }));
    expect(await screen.findByRole('table', { name: 'Runs' })).toBeTruthy();
    expect(fake.callsOf('dir.createDemo')).toEqual([{ dir: '/tmp/demo-here' }]);
  });

  it('says when the folder holds no runs yet, and when it could not be read', async () => {
    renderShell([]);
    expect(await screen.findByRole('heading', { name: 'No runs here yet' })).toBeTruthy();
    cleanup();
    const user = userEvent.setup();
    let fail = true;
    renderShell(runs, {
      'runs.snapshot': () =>
        fail ? { ok: false, error: { code: 'unreadable', message: '/data/runs is not readable' } } : snapshot(runs),
    });
    expect((await screen.findByRole('alert')).textContent).toContain('/data/runs is not readable');
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('table', { name: 'Runs' })).toBeTruthy();
  });

  it('switches theme and saves the choice in settings', async () => {
    const user = userEvent.setup();
    const { fake } = renderShell(runs);
    await screen.findByRole('table', { name: 'Runs' });
    expect(document.documentElement.dataset.theme).toBeUndefined();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Theme' }), 'dark');
    expect(document.documentElement.dataset.theme).toBe('dark');
    await waitFor(() => expect(fake.callsOf('settings.set')).toContainEqual({ theme: 'dark' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Theme' }), 'system');
    expect(document.documentElement.dataset.theme).toBeUndefined();
  });

  it('uses the native folder picker on the desktop', async () => {
    const user = userEvent.setup();
    const { fake } = renderShell(
      [],
      { 'dir.pick': () => snapshot(runs, { dir: '/picked' }) },
      { ...info, dir: null, transport: 'ipc', canUseShell: true },
    );
    await user.click(await screen.findByRole('button', { name: 'Open folder…' }));
    expect(await screen.findByRole('table', { name: 'Runs' })).toBeTruthy();
    expect(fake.callsOf('dir.pick')).toHaveLength(1);
  });

  it('disables changes on a read-only server', async () => {
    renderShell(runs, {}, { ...info, readOnly: true });
    await screen.findByRole('table', { name: 'Runs' });
    expect(screen.getByText('read-only')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Prune…' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('moves the selection to the trash through the prune dialog, and Ctrl+Z restores it', async () => {
    const user = userEvent.setup();
    const { fake } = renderShell(runs, {
      'prune.plan': ({ policy }) => ({
        remove: (policy.runs ?? []).map((id) => ({ run_id: id, bytes: 100 })),
        keep: [],
        refused: [],
        bytes_freed: 100,
      }),
      'prune.execute': ({ expect: ids }) => ({ operation: 'op', removed: ids, bytes_freed: 100, skipped: [] }),
      'trash.restore': ({ run_id }) => runs.find((r) => r.run_id === run_id)!,
    });
    const t = await screen.findByRole('table', { name: 'Runs' });
    await user.click(within(t).getByText('Second run'));
    await user.click(screen.getByRole('button', { name: 'Move to trash' }));
    const dialog = await screen.findByRole('dialog', { name: 'Prune runs' });
    const confirm = within(dialog).getByRole('button', { name: 'Move to trash' }) as HTMLButtonElement;
    await waitFor(() => expect(confirm.disabled).toBe(false));
    await user.click(confirm);
    await waitFor(() => expect(fake.callsOf('prune.execute')).toHaveLength(1));
    expect(fake.callsOf('prune.execute')[0]?.expect).toEqual(['bbbb2222-x']);
    await within(dialog).findByText(/Moved 1 run to the trash, freeing/);
    await user.click(within(dialog).getAllByRole('button', { name: 'Close' }).at(-1)!);
    expect(await screen.findByText('Moved 1 run to the trash.')).toBeTruthy();
    await user.keyboard('{Control>}z{/Control}');
    await waitFor(() => expect(fake.callsOf('trash.restore')).toEqual([{ run_id: 'bbbb2222-x' }]));
    expect(await screen.findByText('Restored 1 run from the trash.')).toBeTruthy();
  });
});

function fakeMonitor(initial: ConnectionState) {
  let state = initial;
  const listeners = new Set<(s: ConnectionState) => void>();
  const monitor: ConnectionMonitor = {
    current: () => state,
    onChange: (l) => {
      listeners.add(l);
      return () => {
        listeners.delete(l);
      };
    },
    retry: () => {},
  };
  return {
    monitor,
    set: (s: ConnectionState) => {
      state = s;
      for (const l of listeners) l(s);
    },
  };
}

describe('connection', () => {
  it('shows a clear screen when the server refuses the token', async () => {
    const fake = fakeBackend(shellHandlers(runs, { 'app.info': () => info }));
    const m = fakeMonitor({ kind: 'unauthorised', message: 'The server refused the token.' });
    render(<App client={fake.client} monitor={m.monitor} onToken={() => {}} />);
    expect(screen.getByRole('heading', { name: 'Wrong or missing token' })).toBeTruthy();
    expect(screen.getByText('The server refused the token.')).toBeTruthy();
    expect(screen.getByLabelText('Access token')).toBeTruthy();
  });

  it('shows a banner while disconnected and reloads the runs after reconnecting', async () => {
    const fake = fakeBackend(shellHandlers(runs, { 'app.info': () => info }));
    const m = fakeMonitor({ kind: 'open' });
    render(<App client={fake.client} monitor={m.monitor} onToken={() => {}} />);
    await screen.findByRole('table', { name: 'Runs' });
    const before = fake.callsOf('runs.snapshot').length;
    act(() => m.set({ kind: 'lost', retryInMs: 2000, attempt: 1 }));
    expect(screen.getByRole('alert').textContent).toContain('Lost the connection to runyard serve; retrying in 2 s');
    act(() => m.set({ kind: 'open' }));
    expect(screen.queryByText(/Lost the connection/)).toBeNull();
    await waitFor(() => expect(fake.callsOf('runs.snapshot').length).toBeGreaterThan(before));
  });
});

describe('keyboard paths (issue 16)', () => {
  it('the first Tab reaches "Skip to the run table", which puts the focus on the runs, even from a run\'s page', async () => {
    const user = userEvent.setup();
    renderShell(runs);
    const t = await screen.findByRole('table', { name: 'Runs' });
    await user.tab();
    const skip = screen.getByRole('link', { name: 'Skip to the run table' });
    expect(document.activeElement).toBe(skip);
    await user.keyboard('{Enter}');
    await waitFor(() => expect(document.activeElement?.id).toBe('run-table'));
    expect(document.activeElement!.contains(t)).toBe(true);

    await user.dblClick(within(t).getByText('Second run'));
    expect(await screen.findByRole('tablist', { name: 'Run detail' })).toBeTruthy();
    await user.click(screen.getByRole('link', { name: 'Skip to the run table' }));
    await waitFor(() => expect(document.activeElement?.id).toBe('run-table'));
  });

  it('opening a run puts the focus on its heading', async () => {
    const user = userEvent.setup();
    renderShell(runs);
    const t = await screen.findByRole('table', { name: 'Runs' });
    await user.dblClick(within(t).getByText('First run'));
    const heading = await screen.findByRole('heading', { name: 'First run', level: 2 });
    await waitFor(() => expect(document.activeElement).toBe(heading));
  });
});
