// A passphrase asked in the browser, through a real `runyard serve`, Chromium and OpenSSH
// on loopback with a client key locked by a passphrase: the user opens an ssh:// folder
// by typing it, the folder bar shows it connecting, ssh's question appears as a dialog
// naming the folder, a wrong passphrase is asked again, and the right one opens the
// folder with its runs, copying the agent there over the same connection without asking
// a second time. Cancel leaves the folder unopened with a message that says what
// to do. Skips, saying why, without sshd.
import type { Page } from 'playwright-core';
import { afterAll, expect } from 'vitest';
import { makeRun } from '../helpers/live-runs';
import { serve, type Served } from '../helpers/serve';
import { lockedKeySsh } from '../helpers/sshd';
import { useSshd } from '../helpers/use-sshd';
import { clusterFolder, describeE2E, sampleCopy, useBrowser } from './harness';
import { bodyRows } from './ui';

const POLL = { timeout: 20_000, interval: 50 };
const PASSPHRASE = 'correct horse battery';

const { sshd, itSsh } = await useSshd('the ssh questions e2e test');

async function openByPath(page: Page, dir: string) {
  await page.getByRole('button', { name: 'Open folder…' }).click();
  await page.getByRole('textbox', { name: 'Runs directory path' }).fill(dir);
  await page.keyboard.press('Enter');
}

describeE2E('ssh asks in the browser', () => {
  const chromium = useBrowser();
  let server: Served | null = null;
  afterAll(async () => {
    await server?.stop();
  });

  itSsh(
    'a locked key: the passphrase dialog names the folder, a wrong one is asked again, the right one shows the runs; Cancel says what to do',
    async () => {
      const { cluster, remote } = clusterFolder(sshd!, 'locked-runs');
      makeRun(cluster, 'cluster-run-1', 'running', { description: 'Run behind a passphrase' });
      makeRun(cluster, 'cluster-run-2', 'completed', { description: 'Another one' });

      // No agent, no askpass of the user's: only the dialog can answer.
      server = await serve(sampleCopy(), [], {
        RUNYARD_SSH_COMMAND: lockedKeySsh(sshd!, PASSPHRASE),
        SSH_AUTH_SOCK: '',
        SSH_ASKPASS: '',
      });
      const page = await chromium.page();
      await page.goto(server.url);
      await bodyRows(page).first().waitFor();

      await openByPath(page, remote);
      const dialog = page.getByRole('dialog', { name: 'ssh asks for a password' });
      await dialog.waitFor({ timeout: 20_000 });
      expect(await dialog.textContent()).toContain(`Connecting to ${remote}`);
      // Meanwhile the folder bar shows it connecting.
      const bar = page.getByRole('navigation', { name: 'Runs folders' });
      await expect.poll(() => bar.textContent(), POLL).toContain('connecting…');
      const field = dialog.getByLabel(/Enter passphrase for key/);
      expect(await field.getAttribute('type')).toBe('password');
      await expect.poll(() => field.evaluate((el) => el === document.activeElement), POLL).toBe(true);
      await page.keyboard.type('wrong horse');
      await page.keyboard.press('Enter');

      // ssh asks again: a new dialog, empty.
      await expect.poll(() => dialog.getByLabel(/Enter passphrase/).inputValue(), POLL).toBe('');
      await dialog.getByRole('button', { name: 'Connect' }).waitFor();
      await dialog.getByLabel(/Enter passphrase/).fill(PASSPHRASE);
      await dialog.getByRole('button', { name: 'Connect' }).click();

      await dialog.waitFor({ state: 'detached', timeout: 20_000 });
      await expect.poll(() => bodyRows(page).count(), POLL).toBe(2);
      expect(await bodyRows(page).first().textContent()).toMatch(/Run behind a passphrase|Another one/);
      await expect.poll(() => bar.textContent(), POLL).not.toContain('connecting…');
      // The passphrase went to ssh only: not into the server's output, not into the address.
      expect(server.output()).not.toContain(PASSPHRASE);
      expect(page.url()).not.toContain('horse');

      // Another locked folder, and the user cancels.
      const otherRemote = clusterFolder(sshd!, 'other-runs').remote;
      await openByPath(page, otherRemote);
      await dialog.waitFor({ timeout: 20_000 });
      await page.keyboard.press('Escape');
      await expect
        .poll(() => page.getByRole('alert').allTextContents(), POLL)
        .toEqual(expect.arrayContaining([expect.stringMatching(/refused the login.*ssh-add/)]));
      await expect.poll(() => bar.textContent(), POLL).not.toContain('other-runs');
    },
    90_000,
  );
});
