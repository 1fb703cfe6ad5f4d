// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { makeRun, manyRuns, NOW, renderShell, snapshot } from './fixtures';

afterEach(cleanup);

const runs = [
  makeRun({
    run_id: 'aaaa1111-x',
    description: 'Charlie sweep',
    status: 'completed',
    created_ms: NOW - 1000,
    tags: ['sweep'],
  }),
  makeRun({
    run_id: 'bbbb2222-x',
    description: 'Alpha baseline',
    status: 'failed',
    created_ms: NOW - 2000,
    user: 'bob',
  }),
  makeRun({
    run_id: 'cccc3333-x',
    description: 'Bravo long run',
    status: 'running',
    created_ms: NOW - 3000,
    stale: true,
  }),
  makeRun({
    run_id: 'dddd4444-x',
    description: 'Delta broken',
    status: 'completed',
    created_ms: NOW - 4000,
    problems: [{ file: 'dddd4444-x/metadata.json', message: 'metadata.json is empty' }],
  }),
];

async function table() {
  return screen.findByRole('table', { name: 'Runs' });
}

/** Descriptions of the body rows, top to bottom. */
function shownDescriptions(t: HTMLElement): string[] {
  return within(t)
    .getAllByRole('row')
    .slice(1)
    .map((r) => within(r).getAllByRole('cell')[2]!.textContent ?? '');
}

describe('run table', () => {
  it('shows every run with its status, short id and description, newest first', async () => {
    renderShell(runs);
    const t = await table();
    expect(
      within(t)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual([
      'Status',
      'ID',
      'Description',
      'Tags',
      'Created▼',
      'Duration',
      'User',
      'Host',
      'Checkpoints',
      'Size',
      'Parent',
    ]);
    expect(shownDescriptions(t)).toEqual(['Charlie sweep', 'Alpha baseline', 'Bravo long run', 'Delta broken']);
    const first = within(t).getAllByRole('row')[1]!;
    expect(within(first).getByText('aaaa1111')).toBeTruthy();
    expect(within(first).getByText('completed')).toBeTruthy();
  });

  it('sorts by a column when its header is clicked, and reverses on a second click', async () => {
    const user = userEvent.setup();
    renderShell(runs);
    const t = await table();
    await user.click(within(t).getByRole('button', { name: /Description/ }));
    expect(shownDescriptions(t)).toEqual(['Alpha baseline', 'Bravo long run', 'Charlie sweep', 'Delta broken']);
    expect(
      within(t)
        .getByRole('columnheader', { name: /Description/ })
        .getAttribute('aria-sort'),
    ).toBe('ascending');
    await user.click(within(t).getByRole('button', { name: /Description/ }));
    expect(shownDescriptions(t)).toEqual(['Delta broken', 'Charlie sweep', 'Bravo long run', 'Alpha baseline']);
    await user.click(within(t).getByRole('button', { name: /User/ }));
    expect(shownDescriptions(t)[0]).toBe('Charlie sweep');
    expect(shownDescriptions(t)).toContain('Alpha baseline');
    expect(shownDescriptions(t).indexOf('Alpha baseline')).toBeGreaterThan(0);
  });

  it('selects with click, Ctrl-click and Shift-click', async () => {
    const user = userEvent.setup();
    renderShell(runs);
    const t = await table();
    const rows = () => within(t).getAllByRole('row').slice(1);
    const selected = () =>
      rows()
        .filter((r) => r.getAttribute('aria-selected') === 'true')
        .map((r) => within(r).getAllByRole('cell')[2]!.textContent);
    await user.click(rows()[0]!);
    expect(selected()).toEqual(['Charlie sweep']);
    await user.keyboard('{Control>}');
    await user.click(rows()[2]!);
    await user.keyboard('{/Control}');
    expect(selected()).toEqual(['Charlie sweep', 'Bravo long run']);
    await user.click(rows()[1]!);
    await user.keyboard('{Shift>}');
    await user.click(rows()[3]!);
    await user.keyboard('{/Shift}');
    expect(selected()).toEqual(['Alpha baseline', 'Bravo long run', 'Delta broken']);
    expect(screen.getByText('3 selected')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Move to trash' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('flags stale runs and runs with problems with an explaining icon', async () => {
    renderShell(runs);
    const t = await table();
    const stale = within(t).getAllByRole('row')[3]!;
    expect(within(stale).getByRole('img', { name: /^Stale: the status says "running"/ })).toBeTruthy();
    const broken = within(t).getAllByRole('row')[4]!;
    expect(
      within(broken).getByRole('img', { name: /Problem: dddd4444-x\/metadata.json: metadata.json is empty/ }),
    ).toBeTruthy();
    expect(within(within(t).getAllByRole('row')[1]!).queryByRole('img')).toBeNull();
  });

  it('renders only a window of a 10k list, and other rows when scrolled', async () => {
    renderShell(manyRuns(10_000));
    const big = await table();
    expect(big.getAttribute('aria-rowcount')).toBe('10001');
    const rows = within(big).getAllByRole('row').slice(1);
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(80);
    expect(within(rows[0]!).getByText('Run number 0')).toBeTruthy();
    const scroller = big.parentElement!;
    act(() => {
      scroller.scrollTop = 32 * 5000;
      fireEvent.scroll(scroller);
    });
    await waitFor(() => expect(within(big).getByText('Run number 5000')).toBeTruthy());
    expect(within(big).queryByText('Run number 0')).toBeNull();
    expect(within(big).getAllByRole('row').length).toBeLessThan(80);
  });

  it('flags orphans and runs in a parent cycle, and follows parents that go and come back', async () => {
    const family = [
      makeRun({ run_id: 'pppp0000-x', description: 'Parent', created_ms: NOW - 5000 }),
      makeRun({ run_id: 'kkkk1111-x', description: 'Child', created_ms: NOW - 4000, parent_run_id: 'pppp0000-x' }),
      makeRun({ run_id: 'cyca2222-x', description: 'Cycle A', created_ms: NOW - 3000, parent_run_id: 'cycb3333-x' }),
      makeRun({ run_id: 'cycb3333-x', description: 'Cycle B', created_ms: NOW - 2000, parent_run_id: 'cyca2222-x' }),
      makeRun({ run_id: 'orph4444-x', description: 'Lost', created_ms: NOW - 1000, parent_run_id: 'gone9999-x' }),
    ];
    const shell = renderShell(family);
    const t = await table();
    const row = (description: string) =>
      within(t)
        .getAllByRole('row')
        .find((r) => r.textContent?.includes(description))!;
    const flag = (description: string) =>
      within(row(description))
        .queryByRole('img', { name: /^Problem/ })
        ?.getAttribute('aria-label') ?? null;
    expect(flag('Lost')).toMatch(
      /orph4444-x\/metadata.json: parent_run_id names gone9999-x, which is not a run in this folder \(an orphan\)/,
    );
    expect(flag('Cycle A')).toMatch(/in a parent cycle: cyca2222-x → cycb3333-x → cyca2222-x/);
    expect(flag('Cycle B')).toMatch(/in a parent cycle: cycb3333-x → cyca2222-x → cycb3333-x/);
    expect([flag('Parent'), flag('Child')]).toEqual([null, null]);
    act(() => shell.fake.emit('runs.delta', { added: [], changed: [], removed: ['pppp0000-x'], problems: [] }));
    expect(flag('Child')).toMatch(/parent_run_id names pppp0000-x, which is not a run in this folder/);
    act(() =>
      shell.fake.emit('runs.delta', {
        added: [family[0]!],
        changed: [{ ...family[2]!, parent_run_id: null }],
        removed: [],
        problems: [],
      }),
    );
    expect([flag('Parent'), flag('Child'), flag('Cycle A'), flag('Cycle B')]).toEqual([null, null, null, null]);
    expect(flag('Lost')).toMatch(/an orphan/);
  });

  it('applies live deltas and highlights the rows they change', async () => {
    const shell = renderShell(runs);
    const t = await table();
    act(() =>
      shell.fake.emit('runs.delta', {
        added: [makeRun({ run_id: 'eeee5555-x', description: 'Echo new', created_ms: NOW })],
        changed: [{ ...runs[1]!, status: 'completed' }],
        removed: ['dddd4444-x'],
        problems: [],
      }),
    );
    expect(shownDescriptions(t)).toEqual(['Echo new', 'Charlie sweep', 'Alpha baseline', 'Bravo long run']);
    const changed = within(t).getAllByRole('row')[3]!;
    expect(within(changed).getByText('completed')).toBeTruthy();
    expect(changed.getAttribute('data-updated')).toBe('true');
    expect(within(t).getAllByRole('row')[2]!.getAttribute('data-updated')).toBeNull();
  });

  it('shows progress while the scan runs, with rows appearing as they are read', async () => {
    const shell = renderShell([], { 'runs.snapshot': () => snapshot([], { scanning: true }) });
    const t = await table();
    act(() => shell.fake.emit('runs.progress', { scanned: 0, total: 4, done: false }));
    expect(screen.getByRole('progressbar', { name: 'Reading runs' }).getAttribute('aria-valuetext')).toBe(
      '0 of 4 runs read',
    );
    act(() => {
      shell.fake.emit('runs.delta', { added: runs.slice(0, 2), changed: [], removed: [], problems: [] });
      shell.fake.emit('runs.progress', { scanned: 2, total: 4, done: false });
    });
    expect(shownDescriptions(t)).toEqual(['Charlie sweep', 'Alpha baseline']);
    expect(screen.getByRole('progressbar').getAttribute('aria-valuetext')).toBe('2 of 4 runs read');
    act(() => {
      shell.fake.emit('runs.delta', { added: runs.slice(2), changed: [], removed: [], problems: [] });
      shell.fake.emit('runs.progress', { scanned: 4, total: 4, done: true });
    });
    expect(shownDescriptions(t)).toHaveLength(4);
    expect(screen.queryByRole('progressbar')).toBeNull();
    // Rows read by the scan are not "changed": nothing flashes.
    expect(
      within(t)
        .getAllByRole('row')
        .some((r) => r.getAttribute('data-updated')),
    ).toBe(false);
  });

  it('offers the row actions in a context menu; Pin adds the tag keep', async () => {
    const user = userEvent.setup();
    const shell = renderShell(runs, { 'run.edit': (p) => ({ ...runs[0]!, tags: p.tags ?? [] }) });
    const t = await table();
    fireEvent.contextMenu(within(t).getAllByRole('row')[1]!, { clientX: 100, clientY: 100 });
    const menu = screen.getByRole('menu', { name: 'Actions for run aaaa1111' });
    expect(
      within(menu)
        .getAllByRole('menuitem')
        .map((m) => m.textContent),
    ).toEqual(['Open', 'Copy id', 'Copy path', 'Resume…', 'Edit…', 'Pin', 'Move to trash']);
    await user.click(within(menu).getByRole('menuitem', { name: 'Pin' }));
    expect(shell.fake.callsOf('run.edit')).toEqual([{ run_id: 'aaaa1111-x', tags: ['sweep', 'keep'] }]);
    expect(screen.queryByRole('menu')).toBeNull();
    expect(await screen.findByText(/Pinned with the tag "keep"/)).toBeTruthy();
  });

  it('remembers the columns chosen in settings, for the folder shown', async () => {
    const user = userEvent.setup();
    const shell = renderShell(runs);
    const t = await table();
    await user.click(screen.getByRole('button', { name: 'Columns' }));
    await user.click(screen.getByRole('checkbox', { name: 'User' }));
    expect(within(t).queryByRole('columnheader', { name: 'User' })).toBeNull();
    expect(shell.fake.callsOf('settings.set').at(-1)?.dirColumns?.columns).toEqual([
      'status',
      'id',
      'description',
      'tags',
      'created',
      'duration',
      'host',
      'checkpoints',
      'size',
      'parent',
    ]);
    expect(shell.fake.callsOf('settings.set').at(-1)?.dirColumns?.dir).toBe('/data/runs');
  });

  it('shows sizes fetched lazily for the rows in view', async () => {
    const shell = renderShell(runs);
    const t = await table();
    await waitFor(() => expect(within(t).getAllByText('2.0 KiB')).toHaveLength(4));
    expect(shell.fake.callsOf('du.get')[0]?.run_ids?.sort()).toEqual(runs.map((r) => r.run_id).sort());
  });

  it('moves with the arrow keys, opens with Enter and asks before pruning on Delete', async () => {
    const user = userEvent.setup();
    const shell = renderShell(runs, {
      'prune.plan': () => ({ remove: [{ run_id: 'bbbb2222-x', bytes: 10 }], keep: [], refused: [], bytes_freed: 10 }),
    });
    const t = await table();
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(within(t).getByRole('row', { selected: true }).textContent).toContain('Alpha baseline');
    await user.keyboard('{Delete}');
    expect(await screen.findByRole('dialog', { name: 'Prune runs' })).toBeTruthy();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(shell.fake.callsOf('prune.execute')).toEqual([]);
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('tab', { name: 'Overview' })).toBeTruthy();
  });

  it('jumps with Home, End, PageDown and PageUp', async () => {
    const user = userEvent.setup();
    renderShell(runs);
    const t = await table();
    const selected = () => within(t).getByRole('row', { selected: true }).textContent;
    await user.keyboard('{End}');
    expect(selected()).toContain('Delta broken');
    await user.keyboard('{Home}');
    expect(selected()).toContain('Charlie sweep');
    await user.keyboard('{PageDown}');
    expect(selected()).toContain('Delta broken');
    await user.keyboard('{PageUp}');
    expect(selected()).toContain('Charlie sweep');
    await user.keyboard('{Shift>}{End}{/Shift}');
    expect(within(t).getAllByRole('row', { selected: true })).toHaveLength(4);
  });

  it('says so when Ctrl+Z has nothing to restore', async () => {
    const user = userEvent.setup();
    const shell = renderShell(runs);
    await table();
    await user.keyboard('{Control>}z{/Control}');
    expect(await screen.findByText(/Nothing to restore/)).toBeTruthy();
    expect(shell.fake.callsOf('trash.restore')).toEqual([]);
  });
});
