// ssh's questions put to the user of the UI, with a real OpenSSH server on loopback and a
// client key locked with a passphrase: the backend (as the desktop and serve run it) routes
// the askpass to its clients, every client is told of the waiting question, and only the
// passphrase the user types opens the folder. A cancel fails the open with a clear message,
// and a second window's late answer is turned away. Skips, saying why, without sshd.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Backend } from '../../electron/api/backend';
import { routeSshQuestions } from '../../electron/remote/askpass-server';
import { runCli } from '../helpers/cli';
import { sampleRuns } from '../helpers/dirs';
import { until } from '../helpers/poll';
import { NO_USER_ANSWERS, questionBackends, type Watcher } from '../helpers/question-backend';
import { lockedKeySsh } from '../helpers/sshd';
import { useSshd } from '../helpers/use-sshd';

const { sshd, describeSsh } = await useSshd('ssh-questions tests', {
  env: { ...NO_USER_ANSWERS, RUNYARD_CACHE_DIR: 'off' },
});
const PASSPHRASE = 'correct horse battery';
const questionBackend = questionBackends('ipc');

async function desktopBackend(): Promise<{ backend: Backend; first: Watcher; second: Watcher }> {
  const { backend, watch } = await questionBackend(lockedKeySsh(sshd!, PASSPHRASE));
  return { backend, first: watch(), second: watch() };
}

const waiting = (w: Watcher) => w.questions.at(-1) ?? [];

describeSsh('ssh questions in the UI, with a real sshd', () => {
  test('a locked key: the question reaches every window; a wrong passphrase is asked again; the right one opens the folder', async () => {
    const { backend: b, first, second } = await desktopBackend();
    const dir = sampleRuns();
    const remote = `ssh://127.0.0.1:${sshd!.port}${dir}`;
    const opening = b.openDir(remote);

    await until('the passphrase question', () => waiting(first).length === 1, 20_000);
    const q = waiting(first)[0]!;
    expect(q).toMatchObject({ kind: 'secret', folder: remote });
    expect(q.text).toMatch(/passphrase for key/i);
    // Every window is told, and one opened later asks for the list.
    expect(waiting(second).map((x) => x.id)).toEqual([q.id]);
    expect((await b.request(second.session, 'ssh.questions', {})) as unknown).toMatchObject({ ok: true, value: [q] });
    // Meanwhile the folder shows as connecting.
    expect(first.lists.at(-1)).toEqual([expect.objectContaining({ dir: remote, state: 'connecting', runs: 0 })]);

    expect(await b.request(first.session, 'ssh.answer', { id: q.id, answer: 'wrong horse' })).toEqual({
      ok: true,
      value: { answered: true },
    });
    // The answer the other window gives too late is turned away.
    expect(await b.request(second.session, 'ssh.answer', { id: q.id, answer: PASSPHRASE })).toEqual({
      ok: true,
      value: { answered: false },
    });
    await until('ssh asking again', () => waiting(first).length === 1 && waiting(first)[0]!.id !== q.id, 20_000);
    const again = waiting(first)[0]!;
    await b.request(second.session, 'ssh.answer', { id: again.id, answer: PASSPHRASE });
    // The agent is not on that machine yet: it is copied over the same ssh, which asks nothing more.
    let settled = false;
    void opening.finally(() => (settled = true));
    const answered = new Set([q.id, again.id]);
    for (;;) {
      await until('a question or the folder', () => settled || waiting(first).some((x) => !answered.has(x.id)), 20_000);
      const next = waiting(first).find((x) => !answered.has(x.id));
      if (!next) break;
      answered.add(next.id);
      expect(next.folder).toBe(remote);
      await b.request(first.session, 'ssh.answer', { id: next.id, answer: PASSPHRASE });
    }
    expect(answered.size).toBe(2);

    const snap = await opening;
    const local = JSON.parse(runCli(['--dir', dir, 'list', '--json']).stdout) as unknown[];
    expect(snap.runs).toHaveLength(local.length);
    expect(waiting(first)).toEqual([]);
    expect(b.listDirs()).toEqual([expect.objectContaining({ dir: remote, state: 'live', runs: local.length })]);
  });

  test('Cancel: the folder does not open, the message says why, and it is no longer listed as connecting', async () => {
    const { backend: b, first } = await desktopBackend();
    const remote = `ssh://127.0.0.1:${sshd!.port}${sampleRuns()}`;
    let settled = false;
    const opening = b
      .openDir(remote)
      .then(
        () => null,
        (e: unknown) => e as Error,
      )
      .finally(() => (settled = true));
    // Each question ssh asks (one per attempt it allows) is cancelled.
    let cancelled = 0;
    for (;;) {
      await until('a question or the end', () => settled || waiting(first).length > 0, 20_000);
      const q = waiting(first)[0];
      if (!q) break;
      await b.request(first.session, 'ssh.answer', { id: q.id, answer: null });
      cancelled++;
      await until('the question gone', () => waiting(first)[0]?.id !== q.id);
      expect(cancelled).toBeLessThan(4);
    }
    expect(cancelled).toBeGreaterThan(0);
    const err = await opening;
    expect(err?.message).toMatch(new RegExp(`^cannot open ${remote.replace(/[.]/g, '\\.')}: `));
    expect(err?.message).toMatch(
      /refused the login \(Permission denied \(publickey\)\): no password or key passphrase was given/,
    );
    expect(err?.message).toContain('ssh-add');
    expect(b.listDirs()).toEqual([]);
    expect(first.lists.at(-1)).toEqual([]);
  });
});

describe('the askpass files', () => {
  test('live in a private folder that goes when the route is closed', async () => {
    const server = await routeSshQuestions(
      async () => null,
      () => undefined,
    );
    expect(server).not.toBeNull();
    const dir = server!.dir;
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(fs.existsSync(path.join(dir, 'askpass'))).toBe(true);
    await server!.close();
    expect(fs.existsSync(dir)).toBe(false);
  });
});
