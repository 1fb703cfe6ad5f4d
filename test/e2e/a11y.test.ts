// Accessibility as a screen-reader or keyboard user meets it: axe-core, run in the page,
// finds no serious or critical violation in any view, tab or dialog, in the light and
// the dark theme. One `runyard serve` on a fresh demo directory; nothing is changed.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { demoCopy, describeE2E, useBrowser, useServer } from './harness';
import { openApp, openDetail, rowOf, runsOnDisk, type RunOnDisk } from './ui';

const AXE = createRequire(__filename).resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

interface Found {
  where: string;
  id: string;
  impact: string;
  targets: string[];
  summary: string;
}

/** The serious and critical violations axe finds on the page as it is now. */
async function axeCheck(page: Page, where: string, within?: string): Promise<Found[]> {
  // Evaluated rather than added as a <script>: the app's CSP (script-src 'self') blocks inline scripts.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(fs.readFileSync(AXE, 'utf8'));
  const violations = await page.evaluate(
    async ([tags, within]) => {
      const axe = (
        window as unknown as {
          axe: {
            run(
              ctx: Document | string,
              o: object,
            ): Promise<{
              violations: {
                id: string;
                impact: string | null;
                nodes: { target: string[]; failureSummary?: string }[];
              }[];
            }>;
          };
        }
      ).axe;
      const r = await axe.run(within ?? document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      });
      return r.violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? '',
        nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary ?? '' })),
      }));
    },
    [TAGS, within] as const,
  );
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      where,
      id: v.id,
      impact: v.impact,
      targets: v.nodes.map((n) => n.target).slice(0, 5),
      summary: v.nodes[0]?.summary.replace(/\s+/g, ' ').slice(0, 240) ?? '',
    }));
}

const report = (found: Found[]) =>
  found.map((f) => `[${f.where}] ${f.id} (${f.impact}) at ${f.targets.join(' | ')}: ${f.summary}`).join('\n');

describeE2E('accessibility (axe-core) of every view and dialog', () => {
  let runs: RunOnDisk[] = [];
  const server = useServer(() => {
    const dir = demoCopy();
    runs = runsOnDisk(dir);
    return dir;
  });
  const chromium = useBrowser();

  for (const scheme of ['light', 'dark'] as const) {
    it(`has no serious or critical violation in the ${scheme} theme`, async () => {
      const page = await chromium.page({ colorScheme: scheme });
      await openApp(page, server());
      expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(scheme === 'dark');
      const found: Found[] = [];
      const check = async (where: string) => {
        found.push(...(await axeCheck(page, where)));
      };
      // The page behind a dialog is inert and was checked on its own: only the dialog, which keeps the file fast.
      const checkDialog = async (where: string) => {
        found.push(...(await axeCheck(page, where, '[role="dialog"]')));
      };
      const toolbar = page.getByRole('toolbar', { name: 'Run actions' });
      const views = page.getByRole('navigation', { name: 'Views' });
      const closeDialog = async () => {
        await page.keyboard.press('Escape');
        await page.getByRole('dialog').waitFor({ state: 'detached' });
      };

      await check('Runs table');
      const long = runs.find((r) => r.description === 'Long run to June 2020')!;
      const other = runs.find((r) => r.run_id !== long.run_id)!;

      await rowOf(page, long.run_id).click();
      await toolbar.getByRole('button', { name: 'Resume…' }).click();
      await page.getByRole('dialog').waitFor();
      await checkDialog('Resume dialog');
      // The page behind an open dialog is inert: its buttons cannot be reached or clicked.
      expect(await toolbar.evaluate((el) => el.closest('[inert]') !== null)).toBe(true);
      await closeDialog();
      expect(await page.locator('[inert]').count()).toBe(0);

      await toolbar.getByRole('button', { name: 'Prune…' }).click();
      await page.getByRole('dialog').waitFor();
      await checkDialog('Prune dialog');
      await closeDialog();

      await rowOf(page, other.run_id).click({ modifiers: ['Control'] });
      await toolbar.getByRole('button', { name: 'Compare' }).click();
      await page.getByRole('dialog', { name: /^Compare/ }).waitFor();
      await checkDialog('Compare');
      await closeDialog();

      const ready = {
        Charts: page.locator('figure.ry-chart').first(),
        Lineage: page.getByRole('tree', { name: 'Lineage forest' }),
        Trash: page.getByRole('region', { name: 'Trash', exact: true }),
      };
      for (const [label, name] of [
        ['Charts', 'Charts'],
        ['Lineage', 'Lineage forest'],
        ['Trash', 'Trash'],
      ] as const) {
        await views.getByRole('button', { name, exact: true }).click();
        await ready[label].waitFor();
        await check(label);
      }
      await views.getByRole('button', { name: 'Runs', exact: true }).click();

      const detail = await openDetail(page, long.run_id);
      for (const name of ['Overview', 'Config', 'Params', 'Checkpoints', 'Logs', 'Results', 'Lineage']) {
        const tab = detail.getByRole('tab', { name, exact: true });
        await tab.click();
        await expect.poll(() => tab.getAttribute('aria-selected')).toBe('true');
        await expect
          .poll(() =>
            detail
              .getByRole('tabpanel')
              .getByText(/^Loading/)
              .count(),
          )
          .toBe(0);
        await check(`Run detail: ${name}`);
      }
      await detail.getByRole('button', { name: 'Edit…' }).click();
      await page.getByRole('dialog').waitFor();
      await checkDialog('Edit dialog');
      await closeDialog();

      expect(found, `axe found serious or critical violations:\n${report(found)}`).toEqual([]);
    }, 60_000);
  }
});
