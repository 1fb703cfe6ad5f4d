// @vitest-environment jsdom
// Views that load on first use: a status while their code arrives, and a message with
// a way out, not a blank page, when it cannot arrive (runyard serve restarted with a
// new build, or the link dropped).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { makeRun, NOW, renderShell } from './fixtures';

vi.mock('../../renderer/features/charts/OverviewCharts', () => {
  throw new Error('Failed to fetch dynamically imported module: assets/OverviewCharts-old.js');
});

afterEach(cleanup);

const runs = [makeRun({ run_id: 'aaaa1111-x', description: 'Charlie sweep', created_ms: NOW - 1000 })];

describe('views loaded on first use', () => {
  it('open once their code is in', async () => {
    const user = userEvent.setup();
    renderShell(runs);
    await screen.findByRole('table', { name: 'Runs' });
    await user.click(
      within(screen.getByRole('navigation', { name: 'Views' })).getByRole('button', { name: 'Lineage forest' }),
    );
    const page = await screen.findByRole('region', { name: 'Lineage forest' });
    // The lineage component itself, not the placeholder that stands in while its code loads.
    expect(await within(page).findByRole('region', { name: 'Lineage of all runs' }, { timeout: 5000 })).toBeTruthy();
    expect(within(page).queryByText(/Loading the lineage/)).toBeNull();
  });

  it('say so, and offer a reload, when their code cannot be fetched; the rest of the page stays', async () => {
    const user = userEvent.setup();
    renderShell(runs);
    await screen.findByRole('table', { name: 'Runs' });
    await user.click(within(screen.getByRole('navigation', { name: 'Views' })).getByRole('button', { name: 'Charts' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/Could not show the charts/);
    expect(within(alert).getByRole('button', { name: 'Reload the page' })).toBeTruthy();
    // The header and the view switch are still there: going back works.
    await user.click(within(screen.getByRole('navigation', { name: 'Views' })).getByRole('button', { name: 'Runs' }));
    expect(await screen.findByRole('table', { name: 'Runs' })).toBeTruthy();
  });
});
