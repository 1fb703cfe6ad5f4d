// @vitest-environment jsdom
// What the window shows of a remote folder that is not ready: the address naming one still
// connecting waits for it (no error, no other folder) and shows it once connected; one not
// open says so with a way to open it; one whose connection dropped keeps its runs, marked
// as last seen, and its trash and a run's page say "reconnecting" rather than fail.
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FolderInfo } from '../../shared/api/models';
import { ALL_FOLDERS } from '../../renderer/state/allFolders';
import { snapshot } from './fixtures';
import { CLUSTER, folderRuns, LOCAL, renderTwoFolders } from './twoFolders';

afterEach(cleanup);

const REMOTE = 'ssh://login.cluster.org/scratch/runs';
const local: FolderInfo = { dir: LOCAL, kind: 'local', state: 'live', runs: 2, current: true };
const remote = (state: FolderInfo['state']): FolderInfo => ({
  dir: REMOTE,
  kind: 'remote',
  state,
  host: 'login.cluster.org',
  runs: state === 'connecting' ? 0 : 2,
  current: false,
});
const lostText = 'Connection to login.cluster.org lost — reconnecting…';

/** Two folders, the remote one answering with CLUSTER's runs once it is live. */
function render(hash: string, state: FolderInfo['state']) {
  let list = [local, remote(state)];
  const notConnected = { ok: false as const, error: { code: 'io' as const, message: `not connected to ${REMOTE}` } };
  const view = renderTwoFolders(hash, {
    'dir.list': () => list,
    'runs.snapshot': ({ dir }) =>
      dir === REMOTE
        ? list[1]!.state === 'live'
          ? snapshot(folderRuns[CLUSTER]!, { dir: REMOTE })
          : notConnected
        : snapshot(folderRuns[LOCAL]!, { dir: LOCAL }),
    'trash.list': ({ dir }) => (dir === REMOTE && list[1]!.state !== 'live' ? notConnected : []),
    'run.get': () => notConnected,
  });
  const setState = (s: FolderInfo['state']) => {
    list = [local, remote(s)];
    act(() => view.fake.emit('dir.list', list));
  };
  return { ...view, setState };
}

describe('a remote folder the window cannot show yet', () => {
  it('dir= naming a folder still connecting: waits, saying so, then shows its runs, the address unchanged', async () => {
    const { fake, setState } = render(`#/?dir=${encodeURIComponent(REMOTE)}`, 'connecting');
    expect(
      (await screen.findByRole('heading', { name: /^Connecting to ssh:\/\/login\.cluster\.org\/scratch\/runs\s*…$/ }))
        .textContent,
    ).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByRole('table', { name: 'Runs' })).toBeNull();
    // The header names the folder waited for, not the one the backend happens to call current.
    expect(screen.getByRole('banner').textContent).toContain(REMOTE);
    expect(fake.callsOf('runs.snapshot').some((p) => (p as { dir?: string }).dir === REMOTE)).toBe(false);
    // On the page and as the folder bar's ×.
    expect(screen.getAllByRole('button', { name: `Stop connecting to ${REMOTE}` })).toHaveLength(2);

    setState('live');
    expect(await screen.findByText('cluster beta 0.3')).toBeTruthy();
    expect(decodeURIComponent(window.location.hash)).toContain(`dir=${REMOTE}`);
  });

  it('dir= naming a folder that is not open says so, and opens it on request', async () => {
    const user = userEvent.setup();
    const { fake } = renderTwoFolders(`#/?dir=${encodeURIComponent('/elsewhere/runs')}`, {
      'dir.list': () => [local],
      'dir.open': ({ dir }) => snapshot([], { dir }),
      'runs.snapshot': ({ dir }) => snapshot(folderRuns[LOCAL]!, { dir: dir ?? LOCAL }),
    });
    expect(await screen.findByRole('heading', { name: '/elsewhere/runs is not open here' })).toBeTruthy();
    expect(screen.getByRole('button', { name: `Show ${LOCAL} instead` })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Open /elsewhere/runs' }));
    await waitFor(() => expect(fake.callsOf('dir.open')).toEqual([{ dir: '/elsewhere/runs' }]));
  });

  it('a lost connection: the runs stay, marked as last seen, and the trash and a run say "reconnecting"', async () => {
    const user = userEvent.setup();
    const { setState, container } = render(`#/?dir=${encodeURIComponent(REMOTE)}`, 'live');
    expect(await screen.findByText('cluster beta 0.3')).toBeTruthy();
    setState('reconnecting');
    expect((await screen.findByText(lostText)).closest('[role="status"]')).toBeTruthy();
    expect(screen.getByText('cluster beta 0.3')).toBeTruthy();
    expect(container.querySelector('main[data-stale]')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: /^Trash/ }));
    expect(await screen.findByText(/Its trash shows again once the connection is back/)).toBeTruthy();
    expect(screen.queryByText('The trash is empty.')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();

    setState('live');
    await waitFor(() => expect(screen.queryByText(lostText)).toBeNull());
    expect(await screen.findByText('The trash is empty.')).toBeTruthy();
    expect(container.querySelector('main[data-stale]')).toBeNull();

    // A run's page, while the connection is down again.
    setState('reconnecting');
    act(() => {
      window.location.hash = `#/runs/clu-0001?dir=${encodeURIComponent(REMOTE)}`;
    });
    expect(await screen.findByText(/The run's details show again once the connection is back/)).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('All folders with one connection lost: that folder is named as last seen, and the live folder is not dimmed', async () => {
    const { setState, container } = render(`#/?dir=${encodeURIComponent(ALL_FOLDERS)}`, 'live');
    expect(await screen.findByText('cluster beta 0.3')).toBeTruthy();
    setState('reconnecting');
    const notice = (await screen.findByText(lostText)).closest('[role="status"]')!;
    expect(notice.textContent).toContain(`The runs of ${REMOTE} are as last seen until it is back.`);
    expect(container.querySelector('main[data-stale]')).toBeNull();
  });
});
