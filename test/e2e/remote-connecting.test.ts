// A remote folder that is slow or gone, in the browser, through a real `runyard serve`,
// Chromium and OpenSSH: while one connects to a host that never answers, a local folder
// still opens, an address naming the connecting folder waits for it, and "Stop connecting"
// ends its ssh; focus comes back to "Open folder…" after ssh's question is answered no; and
// a folder whose connection drops keeps its runs under a "reconnecting" notice, its
// Trash saying so too, until it is back. Skips, saying why, without sshd.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, expect } from 'vitest';
import { makeRun } from '../helpers/live-runs';
import { serve, type Served } from '../helpers/serve';
import { lockedKeySsh } from '../helpers/sshd';
import { useSshd } from '../helpers/use-sshd';
import { clusterFolder, describeE2E, fileTempDir, sampleCopy, useBrowser } from './harness';
import { bodyRows } from './ui';

const POLL = { timeout: 30_000, interval: 50 };

const { sshd, itSsh } = await useSshd('the remote connecting e2e test');

/** Command lines of the running processes that hold `marker`. */
function running(marker: string): { pid: number; args: string }[] {
  return execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((l) => /^\s*(\d+)\s+(.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null && m[2]!.includes(marker) && !m[2]!.startsWith('ps '))
    .map((m) => ({ pid: Number(m[1]), args: m[2]! }));
}

async function openByPath(page: Page, dir: string) {
  await page.getByRole('button', { name: 'Open folder…' }).click();
  await page.getByRole('textbox', { name: 'Runs directory path' }).fill(dir);
  await page.keyboard.press('Enter');
}

const bar = (page: Page) => page.getByRole('navigation', { name: 'Runs folders' });

describeE2E('a remote folder that is slow or gone', () => {
  const chromium = useBrowser();
  const servers: Served[] = [];
  afterAll(async () => {
    for (const s of servers) await s.stop();
  });

  itSsh(
    'a host that never answers holds nothing up, an address naming it waits, Stop ends its ssh; focus returns after a question',
    async () => {
      const silent = net.createServer(() => undefined);
      await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
      const port = (silent.address() as net.AddressInfo).port;
      const hung = `ssh://127.0.0.1:${port}/runs`;
      try {
        const server = await serve(sampleCopy(), [], {
          RUNYARD_SSH_COMMAND: lockedKeySsh(sshd!, 'never typed'),
          SSH_AUTH_SOCK: '',
          SSH_ASKPASS: '',
        });
        servers.push(server);
        const page = await chromium.page();
        await page.goto(server.url);
        await bodyRows(page).first().waitFor();

        await openByPath(page, hung);
        await expect.poll(() => bar(page).textContent(), POLL).toContain('connecting…');
        // Meanwhile another folder opens, from the same button.
        const other = fileTempDir('runyard-e2e-other-');
        makeRun(other, 'other-run-1', 'completed', { description: 'Opened while ssh hangs' });
        const t0 = Date.now();
        await openByPath(page, other);
        await expect.poll(() => bodyRows(page).count(), POLL).toBe(1);
        expect(await bodyRows(page).first().textContent()).toContain('Opened while ssh hangs');
        expect(Date.now() - t0).toBeLessThan(15_000);
        expect(page.url()).toContain(`dir=${encodeURIComponent(other)}`);

        // A reload of an address naming the hung folder waits for it, saying so, with no error.
        await page.goto(`${server.url}#/?dir=${encodeURIComponent(hung)}`);
        await page.getByRole('heading', { name: /^Connecting to ssh:\/\/127\.0\.0\.1/ }).waitFor({ timeout: 20_000 });
        expect(await page.getByRole('alert').count()).toBe(0);
        expect(running(`-p ${port}`).length).toBeGreaterThan(0);

        await page
          .getByRole('main')
          .getByRole('button', { name: `Stop connecting to ${hung}` })
          .click();
        await expect.poll(() => bar(page).textContent(), POLL).not.toContain('connecting…');
        await expect.poll(() => running(`-p ${port}`).length, POLL).toBe(0);
        // Stopped, the window shows the folder the backend has current, the one opened last.
        await expect.poll(() => bodyRows(page).count(), POLL).toBe(1);

        // ssh asks (a locked key on the real sshd); answered no, focus is back on the button that started it.
        await openByPath(page, `ssh://127.0.0.1:${sshd!.port}${other}`);
        const dialog = page.getByRole('dialog', { name: 'ssh asks for a password' });
        await dialog.waitFor({ timeout: 20_000 });
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'detached' });
        await expect
          .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ''), POLL)
          .toBe('Open folder…');
        // ssh's message reaches the page without its stray carriage return.
        const alert = page.getByRole('alert').filter({ hasText: 'refused the login' });
        await alert.waitFor({ timeout: 20_000 });
        expect(await alert.textContent()).not.toMatch(/\r/);
      } finally {
        silent.close();
      }
    },
    120_000,
  );

  itSsh(
    'a dropped connection: its runs stay under a "reconnecting" notice, the Trash says so too, until it is back',
    async () => {
      const local = sampleCopy();
      const { cluster, remote } = clusterFolder(sshd!, 'flaky-runs');
      makeRun(cluster, 'cluster-run-1', 'running', { description: 'On the flaky cluster' });
      makeRun(cluster, 'cluster-run-2', 'completed', { description: 'Also there' });
      // An ssh that refuses to start while `block` exists: the cluster out of reach.
      const wrapDir = fileTempDir('runyard-e2e-ssh-');
      const block = path.join(wrapDir, 'block');
      const wrap = path.join(wrapDir, 'ssh');
      fs.writeFileSync(
        wrap,
        `#!/bin/sh\nif [ -e ${block} ]; then echo "ssh: connect to host 127.0.0.1 port ${sshd!.port}: Connection timed out" >&2; exit 255; fi\nexec ${sshd!.env.RUNYARD_SSH_COMMAND} "$@"\n`,
        { mode: 0o755 },
      );
      const server = await serve(local, [remote], { RUNYARD_SSH_COMMAND: wrap });
      servers.push(server);
      const page = await chromium.page();
      await page.goto(server.url);
      await bar(page)
        .getByRole('button', { name: /^127\.0\.0\.1.*flaky-runs/ })
        .click();
      await expect.poll(() => bodyRows(page).count(), POLL).toBe(2);

      fs.writeFileSync(block, '');
      for (const agent of running(`${sshd!.remoteHome}/.cache/runyard/agent-`)) process.kill(agent.pid, 'SIGKILL');
      const notice = page.locator('p.folder-lost[role="status"]', {
        hasText: 'Connection to 127.0.0.1 lost — reconnecting…',
      });
      await notice.waitFor({ timeout: 20_000 });
      expect(await bodyRows(page).count()).toBe(2);
      expect(await page.locator('main[data-stale]').count()).toBe(1);

      await page.getByRole('button', { name: /^Trash/ }).click();
      await page.getByText('Its trash shows again once the connection is back').waitFor();
      expect(await page.getByText('The trash is empty.').count()).toBe(0);

      fs.rmSync(block);
      await notice.waitFor({ state: 'detached', timeout: 30_000 });
      await page.getByText('The trash is empty.').waitFor({ timeout: 20_000 });
      expect(await page.locator('main[data-stale]').count()).toBe(0);
    },
    120_000,
  );
});
