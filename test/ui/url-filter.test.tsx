// @vitest-environment jsdom
// The filter bar and the address in the whole shell: facets the filter names stay
// listed at 0, the unknown-key hint, negation, charts and the lineage forest showing
// only the filtered runs, and the view kept in the location hash (Back, reload).
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, renderHook, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { LineageEdgeNode } from '../../shared/api/models';
import type { View } from '../../renderer/shell/appState';
import { URL_TABS, fromHash, toHash } from '../../renderer/state/urlState';
import { DETAIL_TABS } from '../../renderer/detail/RunDetail';
import { AppShell } from '../../renderer/shell/AppShell';
import { useUrlSync, type UrlPlace } from '../../renderer/shell/useUrlSync';
import { UiStore } from '../../renderer/state/uiStore';
import { fakeBackend, makeRun, NOW, renderShell, shellHandlers } from './fixtures';

afterEach(cleanup);

const runs = [
  makeRun({
    run_id: 'aaaa1111-x',
    description: 'Household beta sweep 0.2',
    status: 'failed',
    tags: ['sweep'],
    user: 'ada',
    created_ms: NOW - 1000,
  }),
  makeRun({
    run_id: 'bbbb2222-x',
    description: 'Household beta sweep 0.3',
    status: 'completed',
    tags: ['sweep'],
    user: 'ada',
    created_ms: NOW - 2000,
  }),
  makeRun({
    run_id: 'cccc3333-x',
    description: 'Lockdown from April',
    status: 'failed',
    tags: ['long'],
    user: 'bob',
    created_ms: NOW - 3000,
  }),
  makeRun({
    run_id: 'dddd4444-x',
    description: 'Resumed lockdown',
    status: 'running',
    tags: ['long'],
    user: 'bob',
    parent_run_id: 'cccc3333-x',
    created_ms: NOW - 4000,
  }),
];
const node = (r: (typeof runs)[number], children: LineageEdgeNode[] = []): LineageEdgeNode => ({
  run_id: r.run_id,
  status: r.status,
  description: r.description,
  checkpoint: null,
  children,
});
const forest = {
  roots: [node(runs[0]!), node(runs[1]!), node(runs[2]!, [node(runs[3]!)])],
  orphans: [],
  cycles: [],
  ancestors: [],
};

async function shownIds(): Promise<string[]> {
  const t = await screen.findByRole('table', { name: 'Runs' });
  return within(t)
    .queryAllByRole('row')
    .slice(1)
    .map((r) => within(r).getAllByRole('cell')[1]!.textContent ?? '');
}
const box = () => screen.getByRole('searchbox', { name: 'Filter runs' }) as HTMLInputElement;
const facets = () => screen.getByRole('complementary', { name: 'Facets' });

describe('filter bar', () => {
  it('keeps a facet the filter turns on visible at 0, so it can be switched off', async () => {
    const user = userEvent.setup();
    renderShell(runs);
    await shownIds();
    await user.type(box(), 'user:bob tag:sweep status:completed');
    await waitFor(async () => expect(await shownIds()).toEqual([]));
    const sweep = within(facets()).getByRole('button', { name: 'sweep (0)' });
    expect(sweep.getAttribute('aria-pressed')).toBe('true');
    expect(within(facets()).getByRole('button', { name: 'completed (0)' }).getAttribute('aria-pressed')).toBe('true');
    await user.click(sweep);
    expect(box().value).toBe('user:bob status:completed');
    await user.click(within(facets()).getByRole('button', { name: 'completed (0)' }));
    expect(box().value).toBe('user:bob');
    await waitFor(async () => expect(await shownIds()).toEqual(['cccc3333', 'dddd4444']));
    expect(within(facets()).queryByRole('button', { name: /completed/ })).toBeNull();
  });

  it('names an unknown key under the box, and negates with a leading -', async () => {
    const user = userEvent.setup();
    renderShell(runs);
    await shownIds();
    await user.type(box(), 'colour:red');
    expect((await screen.findByRole('alert')).textContent).toContain(
      "Unknown filter key 'colour' (searched as plain text). Known: status, tag, user, host, parent, before, after.",
    );
    await user.clear(box());
    await user.type(box(), '-status:failed -lockdown');
    await waitFor(async () => expect(await shownIds()).toEqual(['bbbb2222']));
    expect(screen.queryByRole('alert')).toBeNull();
    // A status spelled another way matches nothing: the box says which statuses there are.
    await user.clear(box());
    await user.type(box(), 'status:complete');
    expect((await screen.findByRole('alert')).textContent).toMatch(
      /no run has status "complete" \(statuses here: [^)]*completed/,
    );
  });

  it('governs the charts and the lineage forest too', async () => {
    const user = userEvent.setup();
    renderShell(runs, { 'lineage.get': () => forest });
    await shownIds();
    await user.type(box(), 'status:failed');
    await waitFor(async () => expect(await shownIds()).toEqual(['aaaa1111', 'cccc3333']));
    await user.click(screen.getByRole('button', { name: 'Charts' }));
    expect(await screen.findByText('Charts of the 2 runs the filter shows.')).toBeTruthy();
    expect(await screen.findByRole('img', { name: 'Runs per status: failed: 2' })).toBeTruthy();
    // The box is there too, and typing in it redraws the charts.
    await user.type(box(), ' lockdown');
    expect(await screen.findByRole('img', { name: 'Runs per status: failed: 1' })).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Lineage forest' }));
    const runButtons = (tree: HTMLElement) =>
      within(tree)
        .getAllByRole('button')
        .map((b) => b.getAttribute('aria-label')!)
        .filter((l) => l.startsWith('Run '));
    const tree = await screen.findByRole('tree', { name: 'Lineage forest' });
    expect(runButtons(tree)).toEqual(['Run cccc3333, failed: Lockdown from April']);
    await user.clear(box());
    await user.type(box(), '-status:failed');
    // The hidden parent's child moves up to a root of its own.
    await waitFor(() =>
      expect(
        runButtons(screen.getByRole('tree', { name: 'Lineage forest' }))
          .map((l) => l.slice(0, 12))
          .sort(),
      ).toEqual(['Run bbbb2222', 'Run dddd4444']),
    );
  });
});

describe('the address holds the view', () => {
  it('writes run, tab, filter and sort into the hash, and Back/Forward move inside the app', async () => {
    const user = userEvent.setup();
    renderShell(runs);
    await shownIds();
    const entries = window.history.length;
    await user.type(box(), 'status:failed');
    await waitFor(() => expect(window.location.hash).toBe('#/runs?q=status%3Afailed'));
    // Typing replaces the entry instead of adding one per keystroke.
    expect(window.history.length).toBe(entries);
    await user.click(screen.getByRole('button', { name: 'Description' }));
    await waitFor(() => expect(window.location.hash).toBe('#/runs?q=status%3Afailed&sort=description'));
    await user.dblClick(screen.getByText('Lockdown from April'));
    await screen.findByRole('region', { name: 'Run cccc3333' });
    await user.click(screen.getByRole('tab', { name: 'Logs' }));
    expect(window.location.hash).toBe('#/runs/cccc3333-x/logs?q=status%3Afailed&sort=description');
    expect(window.history.length).toBe(entries + 2);

    await act(async () => {
      window.history.back();
      await new Promise((r) => setTimeout(r, 50));
    });
    await waitFor(() =>
      expect(screen.getByRole('tab', { name: 'Overview' }).getAttribute('aria-selected')).toBe('true'),
    );
    await act(async () => {
      window.history.back();
      await new Promise((r) => setTimeout(r, 50));
    });
    await waitFor(async () => expect(await shownIds()).toEqual(['aaaa1111', 'cccc3333']));
    expect(box().value).toBe('status:failed');
    await act(async () => {
      window.history.forward();
      await new Promise((r) => setTimeout(r, 50));
    });
    expect(await screen.findByRole('region', { name: 'Run cccc3333' })).toBeTruthy();
  });

  it('opens on the view the address names (a reload or a copied link), once the runs are in', async () => {
    window.history.replaceState(null, '', '/?other=1#/runs/bbbb2222-x/params?q=sweep&sort=-status');
    const fake = fakeBackend(shellHandlers(runs));
    render(<AppShell />, { wrapper: fake.wrapper });
    expect(await screen.findByRole('region', { name: 'Run bbbb2222' })).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'Params' }).getAttribute('aria-selected')).toBe('true');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Back to runs' }));
    await waitFor(async () => expect(await shownIds()).toEqual(['aaaa1111', 'bbbb2222']));
    expect(box().value).toBe('sweep');
    expect(screen.getByRole('columnheader', { name: 'Status' }).getAttribute('aria-sort')).toBe('descending');
    // Only the hash is written: path and query stay as the page had them.
    expect(window.location.pathname + window.location.search + window.location.hash).toBe(
      '/?other=1#/runs?q=sweep&sort=-status',
    );
  });

  it('writes and reads every view, and ignores what it does not know', () => {
    expect(URL_TABS).toEqual(DETAIL_TABS);
    const sort = { column: 'created', desc: true } as const;
    const views: View[] = [
      { kind: 'table' },
      { kind: 'trash' },
      { kind: 'charts' },
      { kind: 'lineage' },
      { kind: 'compare', runIds: ['a b', 'c/d'] },
      ...URL_TABS.map((tab): View => ({ kind: 'detail', runId: 'x#y?z', tab })),
    ];
    for (const view of views) {
      expect(fromHash(toHash({ view, filterText: 'tag:"two words" -x & y', sort }))).toEqual({
        view,
        filterText: 'tag:"two words" -x & y',
        sort,
      });
    }
    expect(toHash({ view: { kind: 'table' }, filterText: '', sort })).toBe('#/runs');
    expect(fromHash('#/nowhere?sort=-colour&q=')).toEqual({ view: { kind: 'table' }, filterText: '', sort });
    expect(fromHash('#/runs/%E0%A4%A/bogus').view).toEqual({ kind: 'table' });
    expect(fromHash('#/runs/abc/bogus').view).toEqual({ kind: 'detail', runId: 'abc', tab: 'Overview' });
  });

  it('pushes a history entry for a new place and replaces it for typing and sorting, giving only a hash', () => {
    const calls: [string, string][] = [];
    const listeners = new Map<string, () => void>();
    const place: UrlPlace = {
      loc: { hash: '#/charts?q=x' },
      history: {
        pushState: (_s, _t, url) => {
          calls.push(['push', String(url)]);
          place.loc.hash = String(url);
        },
        replaceState: (_s, _t, url) => {
          calls.push(['replace', String(url)]);
          place.loc.hash = String(url);
        },
      },
      target: {
        addEventListener: (t: string, l: () => void) => listeners.set(t, l),
        removeEventListener: (t: string) => listeners.delete(t),
      } as unknown as UrlPlace['target'],
    };
    const ui = new UiStore();
    const { unmount } = renderHook(() => useUrlSync(ui, place));
    expect(ui.getState()).toMatchObject({ view: { kind: 'charts' }, filterText: 'x' });
    expect(calls).toEqual([]);
    act(() => ui.setFilter('xy'));
    act(() => ui.setSort({ column: 'id', desc: false }));
    act(() => ui.openRun('r1'));
    act(() => ui.openTab('Logs'));
    act(() => ui.openTab('Logs'));
    act(() => ui.closeDialog());
    expect(calls).toEqual([
      ['replace', '#/charts?q=xy'],
      ['replace', '#/charts?q=xy&sort=id'],
      ['push', '#/runs/r1?q=xy&sort=id'],
      ['push', '#/runs/r1/logs?q=xy&sort=id'],
    ]);
    // Back: the address changes first, then the store follows without writing again.
    place.loc.hash = '#/runs/r1?q=xy&sort=id';
    act(() => listeners.get('popstate')!());
    expect(ui.getState().view).toEqual({ kind: 'detail', runId: 'r1', tab: 'Overview' });
    expect(calls).toHaveLength(4);
    unmount();
    expect(listeners.size).toBe(0);
  });
});
