// A run's files are opened one way (electron/api/safe-open.ts): what was *opened* is
// checked, never the path before opening it. Proven here against someone who can write
// in a run folder: a child process flips a file between a regular file and a link out of
// the runs directory thousands of times while the API reads it (run.readFile,
// run.readImage, log.follow and the follower's re-opens), and not one answer holds the
// secret outside. Then one case each for what else a run folder may hold, and the
// desktop's "Open", with `electron` mocked as in test/electron-shell.test.ts.
//
// Not tested, because it cannot be told apart: a hard link in a run folder to a file
// elsewhere *is* that file. Making one needs read access to it already (and Linux's
// fs.protected_hardlinks forbids linking other users' files); see RELIABILITY.md.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { IPC_REQUEST_CHANNEL } from '../../shared/api/client';
import { LogFollower, type LogData } from '../../electron/api/log-follower';
import { realPathOfFd } from '../../electron/api/safe-open';
import { inProcess } from '../helpers/api';
import { tempDir } from '../helpers/dirs';
import { metadataFor, writeRun } from './bad-input/cases';
import { recordFigures } from './support';
import { until } from '../helpers/poll';

type Listener = (...args: any[]) => unknown;
const m = vi.hoisted(() => {
  class Emitter {
    listeners = new Map<string, Listener[]>();
    on(e: string, f: Listener) {
      this.listeners.set(e, [...(this.listeners.get(e) ?? []), f]);
      return this;
    }
    once(e: string, f: Listener) {
      return this.on(e, f);
    }
    emit(e: string, ...args: unknown[]) {
      return (this.listeners.get(e) ?? []).map((f) => f(...args));
    }
  }
  class WebContents extends Emitter {
    mainFrame = { url: 'app://runyard/' };
    send() {}
    setWindowOpenHandler() {}
  }
  class BrowserWindow extends Emitter {
    static all: BrowserWindow[] = [];
    webContents = new WebContents();
    constructor(readonly options: Record<string, unknown>) {
      super();
      BrowserWindow.all.push(this);
    }
    loadURL() {
      return Promise.resolve();
    }
    isDestroyed() {
      return false;
    }
    show() {}
    maximize() {}
    isMaximized() {
      return false;
    }
    isMinimized() {
      return false;
    }
    getNormalBounds() {
      return { x: 0, y: 0, width: 800, height: 600 };
    }
  }
  const handlers = new Map<string, Listener>();
  return {
    app: Object.assign(new Emitter(), {
      requestSingleInstanceLock: () => true,
      quit: () => undefined,
      whenReady: () => Promise.resolve(),
      enableSandbox: () => undefined,
      isPackaged: false,
    }),
    BrowserWindow,
    Notification: class {
      static isSupported() {
        return false;
      }
    },
    ipcMain: {
      handle: (ch: string, f: Listener) => handlers.set(ch, f),
      removeHandler: (ch: string) => handlers.delete(ch),
      handlers,
    },
    protocol: { registerSchemesAsPrivileged: () => undefined, handle: () => undefined },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: () => undefined },
        setPermissionRequestHandler: () => undefined,
        setPermissionCheckHandler: () => undefined,
      },
    },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: () => undefined },
    dialog: { showOpenDialog: async () => ({ canceled: true, filePaths: [] }), showErrorBox: () => undefined },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    shell: { openPath: vi.fn(async (_p: string) => ''), showItemInFolder: vi.fn((_p: string) => undefined) },
  };
});
vi.mock('electron', () => ({ ...m, default: m }));

const SECRET = 'SECRET-b41d7e-outside-the-runs-folder';
const INSIDE = 'inside the run: day 1 infected=10\n';
const PNG_HEAD = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const RUN = 'race-run';
const READS = 5000;
const STORE_READS = 2000;
const figures: Record<string, unknown> = {};
const children: ChildProcess[] = [];

beforeAll(() => {
  process.env.RUNYARD_CACHE_DIR = 'off';
});
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});
afterAll(() => recordFigures('security-files', figures));

/** root/runs/race-run and root/outside, which holds the secret as text, image, log and folder. */
function layout() {
  const root = tempDir('runyard-secfiles-');
  const dir = path.join(root, 'runs');
  const outside = path.join(root, 'outside');
  fs.mkdirSync(dir);
  fs.mkdirSync(path.join(outside, 'folder'), { recursive: true });
  const run = writeRun(dir, RUN, metadataFor(RUN));
  fs.writeFileSync(path.join(outside, 'secret.txt'), `${SECRET}\n`);
  fs.writeFileSync(path.join(outside, 'secret.png'), Buffer.concat([PNG_HEAD, Buffer.from(SECRET)]));
  fs.writeFileSync(path.join(outside, 'folder', 'data.txt'), `${SECRET}\n`);
  return { root, dir, outside, run };
}

const leaks = (x: unknown) => {
  const s = JSON.stringify(x);
  if (s.includes(SECRET)) return true;
  // An image answer carries its bytes in base64.
  const b64 = /"base64":"([^"]*)"/.exec(s)?.[1];
  return b64 ? Buffer.from(b64, 'base64').includes(SECRET) : false;
};

/**
 * A child that, as fast as it can, renames a fresh hard link to `good` (or a copy: a new
 * inode each time, or a symlink to it) over `target`, then a symlink to `bad` over it. rename() is atomic, so the
 * target is always one or the other. It stops when told (stdin closes) or its parent is gone.
 */
async function flipper(
  target: string,
  good: string,
  bad: string,
  how: 'hardlink' | 'copy' | 'symlink' = 'hardlink',
): Promise<{ stop: () => Promise<number> }> {
  const script = `
    const fs = require('fs');
    const [target, good, bad, how] = process.argv.slice(1);
    const content = how === 'copy' ? fs.readFileSync(good) : null;
    let n = 0, stop = false;
    process.stdin.on('end', () => { stop = true; }).resume();
    const a = target + '.flip-a', b = target + '.flip-b';
    const round = () => {
      const end = Date.now() + 20;
      while (Date.now() < end) {
        try { fs.unlinkSync(a); } catch {}
        if (how === 'symlink') fs.symlinkSync(good, a); else if (content) fs.writeFileSync(a, content); else fs.linkSync(good, a);
        fs.renameSync(a, target);
        try { fs.unlinkSync(b); } catch {}
        fs.symlinkSync(bad, b);
        fs.renameSync(b, target);
        n++;
      }
      process.stdout.write(n + '\\n');
      try { process.kill(process.ppid, 0); } catch { stop = true; }
      if (!stop) setImmediate(round); else process.stdout.write(n + '\\n', () => process.exit(0));
    };
    round();`;
  const child = spawn(process.execPath, ['-e', script, target, good, bad, how], { stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  let last = 0;
  child.stdout!.on('data', (d: Buffer) => {
    const n = Number(String(d).trim().split('\n').at(-1));
    if (Number.isFinite(n)) last = n;
  });
  await until('the flipper to start', () => last > 0);
  return {
    // The count of flips arrives once the child is gone: a read loop that never yields leaves stdout unread.
    stop: () =>
      new Promise<number>((resolve) => {
        child.once('close', () => resolve(last));
        child.stdin!.end();
      }),
  };
}

describe('a file swapped for a link out of the runs directory while it is read', () => {
  test(`run.readFile, run.readImage, log.follow and the follower's re-opens: ${READS} reads each, no leak`, async () => {
    const { dir, outside, run } = layout();
    const { backend, call } = inProcess();
    expect((await call('dir.open', { dir })).ok).toBe(true);
    const results = path.join(run, 'results');
    fs.writeFileSync(path.join(results, 'master.txt'), INSIDE);
    fs.writeFileSync(path.join(results, 'master.png'), Buffer.concat([PNG_HEAD, Buffer.from('inside')]));
    fs.writeFileSync(path.join(run, 'logs', 'master.log'), INSIDE);
    const tally = () => ({ reads: 0, real: 0, refused: 0, leaks: 0, flips: 0, codes: {} as Record<string, number> });
    const t0 = performance.now();

    const race = async (
      label: string,
      target: string,
      good: string,
      bad: string,
      read: () => Promise<unknown>,
      isReal: (r: any) => boolean,
      how: 'hardlink' | 'symlink' = 'hardlink',
    ) => {
      const t = tally();
      const started = performance.now();
      const f = await flipper(target, good, bad, how);
      for (let i = 0; i < READS; i++) {
        const r = (await read()) as { ok: boolean; value?: unknown; error?: { code: string } };
        t.reads++;
        if (leaks(r)) t.leaks++;
        else if (r.ok && isReal(r.value)) t.real++;
        else if (!r.ok) {
          t.refused++;
          const code = r.error?.code ?? '?';
          t.codes[code] = (t.codes[code] ?? 0) + 1;
        }
      }
      t.flips = await f.stop();
      figures[label] = { ...t, seconds: Math.round((performance.now() - started) / 100) / 10 };
      expect(t.leaks, label).toBe(0);
      // Both sides of the race were seen, so it really raced.
      expect(t.real, label).toBeGreaterThan(0);
      expect(t.refused, label).toBeGreaterThan(0);
      return t;
    };

    await race(
      'readFile',
      path.join(results, 'flip.txt'),
      path.join(results, 'master.txt'),
      path.join(outside, 'secret.txt'),
      () => call('run.readFile', { run_id: RUN, path: 'results/flip.txt' }),
      (v) => v.text === INSIDE,
    );
    await race(
      'readImage',
      path.join(results, 'flip.png'),
      path.join(results, 'master.png'),
      path.join(outside, 'secret.png'),
      () => call('run.readImage', { run_id: RUN, path: 'results/flip.png' }),
      (v) => v.mime === 'image/png',
    );
    // An intermediate folder that is a link, flipping between a folder of this run and one outside.
    fs.mkdirSync(path.join(results, 'real-folder'));
    fs.writeFileSync(path.join(results, 'real-folder', 'data.txt'), INSIDE);
    await race(
      'readFile_folder_link',
      path.join(results, 'folder'),
      path.join(results, 'real-folder'),
      path.join(outside, 'folder'),
      () => call('run.readFile', { run_id: RUN, path: 'results/folder/data.txt' }),
      (v) => v.text === INSIDE,
      'symlink',
    );
    // log.follow's first read; each subscription is dropped at once.
    await race(
      'logFollow',
      path.join(run, 'logs', 'flip.log'),
      path.join(run, 'logs', 'master.log'),
      path.join(outside, 'secret.txt'),
      async () => {
        const r = await call('log.follow', { run_id: RUN, path: 'logs/flip.log' });
        if (r.ok) await call('log.unfollow', { subscription: (r.value as { subscription: string }).subscription });
        return r;
      },
      (v) => v.chunk.text === INSIDE,
    );

    // The follower re-opens the log on every check: a copy of the log (a new inode, so it
    // is read again from the start) and a link out, in turn.
    const data: LogData[] = [];
    const follower = new LogFollower({ base: dir, runId: RUN, path: 'logs/follow.log' }, 0, (d) => data.push(d), {
      intervalMs: 60_000,
    });
    const f = await flipper(
      path.join(run, 'logs', 'follow.log'),
      path.join(run, 'logs', 'master.log'),
      path.join(outside, 'secret.txt'),
      'copy',
    );
    for (let i = 0; i < READS; i++) {
      follower.check();
      if (i % 50 === 0) await new Promise((r) => setImmediate(r));
    }
    const flips = await f.stop();
    follower.close();
    const follow = {
      checks: READS,
      data_events: data.length,
      real: data.filter((d) => d.text === INSIDE).length,
      leaks: data.filter((d) => d.text.includes(SECRET)).length,
      flips,
    };
    figures.follower_reopens = follow;
    expect(follow.leaks).toBe(0);
    expect(data.every((d) => d.text === '' || d.text === INSIDE)).toBe(true);
    expect(follow.real).toBeGreaterThan(0);

    // Off Linux, the descriptor's real path comes from realpath + the inode found there;
    // raced here too: whenever it says "inside", the open file is the inside one.
    const target = path.join(results, 'flip.txt');
    const g = await flipper(target, path.join(results, 'master.txt'), path.join(outside, 'secret.txt'));
    const fallback = { opens: 0, inside: 0, unknown: 0, outside: 0, leaks: 0, flips: 0 };
    const realBase = fs.realpathSync(dir);
    for (let i = 0; i < READS; i++) {
      let fd: number;
      try {
        fd = fs.openSync(target, 'r');
      } catch {
        continue;
      }
      fallback.opens++;
      const where = realPathOfFd(fd, target, fs.fstatSync(fd), false);
      const text = fs.readFileSync(fd, 'utf8');
      fs.closeSync(fd);
      if (where === null) fallback.unknown++;
      else if (where.startsWith(realBase + path.sep)) {
        fallback.inside++;
        if (text.includes(SECRET)) fallback.leaks++;
      } else fallback.outside++;
    }
    fallback.flips = await g.stop();
    figures.fallback_fd_realpath = fallback;
    expect(fallback.leaks).toBe(0);
    expect(fallback.inside).toBeGreaterThan(0);
    expect(fallback.outside + fallback.unknown).toBeGreaterThan(0);

    figures.race_seconds = Math.round((performance.now() - t0) / 100) / 10;
    await backend.close();
  }, 60_000);
});

describe("a run's metadata.json swapped for a link out while the store reads it", () => {
  test(`run.get: ${STORE_READS} reads while metadata.json flips between a link inside and a link out, no leak`, async () => {
    const { dir, outside, run } = layout();
    // A link that stays inside the runs directory is followed (the store's rule), so the
    // race is between checking where a link leads and opening it.
    const good = path.join(run, 'metadata.good.json');
    fs.writeFileSync(good, JSON.stringify(metadataFor(RUN, { description: 'inside' }), null, 2));
    fs.writeFileSync(
      path.join(outside, 'secret.json'),
      JSON.stringify(metadataFor(RUN, { description: SECRET }), null, 2),
    );
    const { backend, call } = inProcess();
    expect((await call('dir.open', { dir })).ok).toBe(true);
    const t = { reads: 0, real: 0, other: 0, leaks: 0, flips: 0 };
    const f = await flipper(path.join(run, 'metadata.json'), good, path.join(outside, 'secret.json'), 'symlink');
    for (let i = 0; i < STORE_READS; i++) {
      const r = await call('run.get', { run_id: RUN });
      t.reads++;
      if (leaks(r)) t.leaks++;
      else if (r.ok && JSON.stringify(r.value).includes('"inside"')) t.real++;
      else t.other++;
    }
    t.flips = await f.stop();
    figures.store_metadata_read = t;
    expect(t.leaks).toBe(0);
    expect(t.real).toBeGreaterThan(0);
    await backend.close();
  }, 60_000);
});

describe('what else a run folder may hold', () => {
  test('a folder link out, a FIFO, a socket, a device, a folder, absolute paths, `..` and NUL bytes: refused at once by every read, listed as what they are', async () => {
    const { dir, outside, run } = layout();
    const results = path.join(run, 'results');
    fs.symlinkSync(path.join(outside, 'folder'), path.join(results, 'out'));
    fs.symlinkSync('/dev/null', path.join(results, 'null.txt'));
    execFileSync('mkfifo', [path.join(results, 'pipe.txt')]);
    fs.mkdirSync(path.join(results, 'plots.png'));
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(path.join(results, 'sock.txt'), resolve));
    let device = false;
    try {
      // A real device node needs root; /dev/zero would never end if it were read.
      execFileSync('mknod', [path.join(results, 'zero.txt'), 'c', '1', '5'], { stdio: 'ignore' });
      device = true;
    } catch {
      // not root: the device is tried through the link to /dev/null only
    }
    const { backend, call } = inProcess();
    expect((await call('dir.open', { dir })).ok).toBe(true);
    const cases: [string, string][] = [
      ['results/out/data.txt', 'refused'],
      ['results/null.txt', 'refused'],
      ['results/pipe.txt', 'invalid'],
      ['results/sock.txt', 'invalid'],
      ['results/plots.png', 'invalid'],
      ...(device ? [['results/zero.txt', 'invalid'] as [string, string]] : []),
      [path.join(outside, 'secret.txt'), 'invalid'],
      ['/etc/passwd', 'invalid'],
      ['results/../../../outside/secret.txt', 'invalid'],
      ['../race-run/../../outside/secret.txt', 'invalid'],
      ['results/a\0.txt', 'invalid'],
    ];
    const t0 = performance.now();
    let answers = 0;
    for (const [p, code] of cases) {
      for (const name of ['run.readFile', 'run.readImage', 'log.follow'] as const) {
        const r = await call(name, { run_id: RUN, path: p });
        answers++;
        expect(r, `${name} ${JSON.stringify(p)}`).toMatchObject({ ok: false, error: { code } });
        expect(leaks(r)).toBe(false);
      }
    }
    // A pipe nobody writes to, a socket and /dev/zero did not hold anything up.
    expect(performance.now() - t0).toBeLessThan(5000);
    const listing = await call('run.files', { run_id: RUN, folder: 'results' });
    const kinds = Object.fromEntries(
      (listing.ok ? (listing.value as { entries: { name: string; kind: string }[] }).entries : []).map((e) => [
        e.name,
        e.kind,
      ]),
    );
    expect(kinds).toMatchObject({
      out: 'symlink',
      'null.txt': 'symlink',
      'pipe.txt': 'fifo',
      'sock.txt': 'socket',
      'plots.png': 'dir',
      ...(device ? { 'zero.txt': 'device' } : {}),
    });
    expect(leaks(listing)).toBe(false);
    figures.variants = { paths: cases.length, answers, device_node: device };
    server.close();
    await backend.close();
  }, 20_000);

  test('a followed log replaced by a link out is not read; the next real log is', async () => {
    const { dir, outside, run } = layout();
    const log = path.join(run, 'logs', 'simulation.log');
    fs.writeFileSync(log, 'day 1\n');
    const { backend, call, events } = inProcess();
    expect((await call('dir.open', { dir })).ok).toBe(true);
    const f = await call('log.follow', { run_id: RUN, path: 'logs/simulation.log' });
    expect(f).toMatchObject({ ok: true, value: { chunk: { text: 'day 1\n' } } });
    const texts = () =>
      events
        .filter((e) => e.event === 'log.data')
        .map((e) => (e.payload as { text: string }).text)
        .join('');
    fs.appendFileSync(log, 'day 2\n');
    await until('the appended line', () => texts().includes('day 2\n'));
    // Rotated the way logrotate would, except that the new "log" is a link to a file outside.
    fs.renameSync(log, `${log}.1`);
    fs.symlinkSync(path.join(outside, 'secret.txt'), log);
    fs.appendFileSync(path.join(outside, 'secret.txt'), `${SECRET} more\n`);
    await new Promise((r) => setTimeout(r, 1500));
    expect(texts()).not.toContain(SECRET);
    fs.unlinkSync(log);
    fs.writeFileSync(log, 'restarted\n');
    await until('the new log after the link was removed', () => texts().includes('restarted\n'));
    expect(JSON.stringify(events)).not.toContain(SECRET);
    await backend.close();
  }, 20_000);
});

describe("the desktop's Open", () => {
  test('hands the OS a regular file of the run, never a folder, a link or a FIFO; Reveal shows anything inside', async () => {
    const { dir, outside, run } = layout();
    const results = path.join(run, 'results');
    fs.writeFileSync(path.join(results, 'summary.csv'), 'day,infected\n0,10\n');
    fs.mkdirSync(path.join(results, 'Plots.app', 'Contents'), { recursive: true });
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(results, 'link.csv'));
    fs.symlinkSync(path.join(results, 'summary.csv'), path.join(results, 'inside-link.csv'));
    fs.symlinkSync(path.join(outside, 'folder'), path.join(results, 'folder-link'));
    execFileSync('mkfifo', [path.join(results, 'pipe.csv')]);
    const config = tempDir('runyard-secfiles-config-');
    const saved = { argv: process.argv, cfg: process.env.RUNYARD_CONFIG_DIR };
    process.argv = [...process.argv.slice(0, 2), '--dir', dir];
    process.env.RUNYARD_CONFIG_DIR = config;
    try {
      await import('../../electron/main/main');
      await until('the window', () => m.BrowserWindow.all.length > 0);
    } finally {
      process.argv = saved.argv;
      if (saved.cfg === undefined) delete process.env.RUNYARD_CONFIG_DIR;
      else process.env.RUNYARD_CONFIG_DIR = saved.cfg;
    }
    const win = m.BrowserWindow.all[0]!;
    const handler = m.ipcMain.handlers.get(IPC_REQUEST_CHANNEL)!;
    const open = (p: string, reveal = false) =>
      handler(
        { sender: win.webContents, senderFrame: win.webContents.mainFrame },
        { name: 'shell.open', params: { run_id: RUN, path: p, reveal } },
      ) as Promise<{ ok: boolean; error?: { code: string } }>;

    for (const p of [
      'results/Plots.app',
      'results/link.csv',
      'results/inside-link.csv',
      'results/folder-link/data.txt',
      'results/pipe.csv',
      'results',
      '',
    ]) {
      const r = await open(p);
      expect(r.ok, p).toBe(false);
      expect(JSON.stringify(r)).not.toContain(SECRET);
    }
    expect(m.shell.openPath).not.toHaveBeenCalled();
    expect(await open('results/summary.csv')).toMatchObject({ ok: true });
    expect(m.shell.openPath.mock.calls).toEqual([[path.join(results, 'summary.csv')]]);
    // Reveal shows a place and opens nothing: fine for a folder or a link inside, not for one leading out.
    expect(await open('results/Plots.app', true)).toMatchObject({ ok: true });
    expect(await open('results/pipe.csv', true)).toMatchObject({ ok: true });
    expect(await open('results/link.csv', true)).toMatchObject({ ok: false, error: { code: 'refused' } });
    expect(m.shell.showItemInFolder.mock.calls).toEqual([
      [path.join(results, 'Plots.app')],
      [path.join(results, 'pipe.csv')],
    ]);
    expect(m.shell.openPath.mock.calls).toHaveLength(1);
    m.app.emit('will-quit');
  }, 30_000);
});
