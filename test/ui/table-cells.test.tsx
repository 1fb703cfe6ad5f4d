// @vitest-environment jsdom
// Table cells that must not hide information: tags past the cell's width are counted in
// a `+N` chip that names them, Created fits its column ("10 min ago"), and a run that
// has not started shows no duration counting from its creation.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import { tagsThatFit } from '../../renderer/table/tagFit';
import { makeRun, renderShell } from './fixtures';

afterEach(cleanup);

// The shell's clock is the real one; runs are placed relative to it.
const now = Date.now();
const runs = [
  makeRun({
    run_id: 'aaaa0000-tags',
    description: 'Many tags',
    created_ms: now - 10 * 60_000,
    completed_ms: now - 5 * 60_000,
    tags: ['sweep', 'lockdown', 'north-east', 'calibration', 'keep'],
  }),
  makeRun({
    run_id: 'bbbb0000-init',
    description: 'Waiting in the queue',
    status: 'initialising',
    created_ms: now - 3 * 3_600_000,
  }),
  makeRun({ run_id: 'cccc0000-run', description: 'Running now', status: 'running', created_ms: now - 90 * 60_000 }),
];

async function cellOf(description: string, column: string): Promise<HTMLElement> {
  const t = await screen.findByRole('table', { name: 'Runs' });
  return within(t).getByText(description).closest('tr')!.querySelector(`td.cell-${column}`) as HTMLElement;
}

describe('run table cells', () => {
  it('shows the tags that fit and a +N chip naming the rest', async () => {
    renderShell(runs);
    const cell = await cellOf('Many tags', 'tags');
    const shown = [...cell.querySelectorAll('.tags .tag')].map((t) => t.textContent);
    const chip = within(cell).getByLabelText(/more tags/);
    // The pin first, so a pinned run shows it however narrow the column.
    expect(shown[0]).toBe('keep');
    const rest = ['keep', 'sweep', 'lockdown', 'north-east', 'calibration'].slice(shown.length);
    expect(shown.length).toBeGreaterThan(0);
    expect(rest.length).toBeGreaterThan(0);
    expect(chip.textContent).toBe(`+${rest.length}`);
    expect(chip.getAttribute('title')).toBe(`${rest.length} more: ${rest.join(', ')}`);
    // The whole list stays in the cell's tooltip.
    expect(cell.querySelector('.tags-cell')!.getAttribute('title')).toBe(
      'sweep, lockdown, north-east, calibration, keep',
    );
  });

  it('fits as many tags as the column allows, and all when they fit', () => {
    expect(tagsThatFit(['a', 'b'], 300)).toBe(2);
    expect(tagsThatFit(['sweep', 'lockdown', 'north-east'], 110)).toBe(1);
    expect(tagsThatFit(['sweep', 'lockdown', 'north-east'], 200)).toBe(2);
    // The last tag needs no room for a chip after it.
    expect(tagsThatFit(['sweep', 'lockdown'], 119)).toBe(2);
    expect(tagsThatFit(['sweep', 'lockdown'], 118)).toBe(1);
  });

  it('writes Created compactly, with the full time in its title', async () => {
    renderShell(runs);
    const cell = await cellOf('Many tags', 'created');
    expect(cell.textContent).toBe('10 min ago');
    expect(cell.getAttribute('title')).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d GMT.* \(10 minutes ago\)$/);
    expect((await cellOf('Running now', 'created')).textContent).toBe('2 h ago');
  });

  it('a run that has not started shows "not started", not a duration from its creation', async () => {
    renderShell(runs);
    expect((await cellOf('Waiting in the queue', 'duration')).textContent).toBe('not started');
    // A running run without started_at (the module never sets it) counts from creation.
    expect((await cellOf('Running now', 'duration')).textContent).toMatch(/^1h 3\dm$/);
    expect((await cellOf('Many tags', 'duration')).textContent).toBe('5m 00s');
  });
});
