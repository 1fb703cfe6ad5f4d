// run.readImage on real files: images are known by their first bytes, never their name;
// the size is bounded before anything is read; paths are confined exactly as for
// run.readFile; nothing is written, so read-only mode serves it; and the largest image
// allowed still crosses the `runyard serve` WebSocket whole.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { contract } from '../../shared/api/contract';
import { MAX_IMAGE_BYTES } from '../../shared/api/models';
import type { RunImage } from '../../shared/api/models';
import type { ApiResult } from '../../shared/api/result';
import { makeDemo } from '../../electron/store/demo';
import { connect, inProcess } from '../helpers/api';
import { serve } from '../helpers/serve';
import { sampleRuns, tempDir } from '../helpers/dirs';
import { fsSnapshot, snapshotDiff } from '../reliability/support';

const PILOT = '6513270e-269e-4d37-b2a7-4de452e6b438';
const SWEEP = '36f675cc-81e7-4ef5-a8e2-5d940ed90475';

// Tiny images that Chromium decodes (1x1 each), written from their bytes.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
);
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const WEBP = Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64');
const SVG =
  '<?xml version="1.0" encoding="utf-8" standalone="no"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"\n  "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<!-- Created with matplotlib -->\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>\n';

beforeAll(() => {
  process.env.RUNYARD_CACHE_DIR = 'off';
});

async function opened(opts: { readOnly?: boolean } = {}) {
  const dir = sampleRuns();
  const api = inProcess(opts);
  expect((await api.call('dir.open', { dir })).ok).toBe(true);
  const results = path.join(dir, PILOT, 'results');
  fs.mkdirSync(results, { recursive: true });
  const put = (name: string, content: Buffer | string) => fs.writeFileSync(path.join(results, name), content);
  return { dir, results, put, ...api };
}

const image = (r: ApiResult<unknown>): RunImage => {
  if (!r.ok) throw new Error(`expected an image, got ${JSON.stringify(r.error)}`);
  return r.value as RunImage;
};

describe('run.readImage', () => {
  it('serves PNG, JPEG, GIF, WebP and SVG whole, typed by their first bytes', async () => {
    const { put, call, backend } = await opened();
    put('plot.png', PNG);
    put('photo.jpg', JPEG);
    put('anim.gif', GIF);
    put('map.webp', WEBP);
    put('curve.svg', SVG);
    // The name does not decide the type: a PNG named .jpg is still a PNG.
    put('misnamed.jpg', PNG);
    const cases: [string, RunImage['mime'], Buffer][] = [
      ['results/plot.png', 'image/png', PNG],
      ['results/photo.jpg', 'image/jpeg', JPEG],
      ['results/anim.gif', 'image/gif', GIF],
      ['results/map.webp', 'image/webp', WEBP],
      ['results/curve.svg', 'image/svg+xml', Buffer.from(SVG)],
      ['results/misnamed.jpg', 'image/png', PNG],
    ];
    for (const [p, mime, bytes] of cases) {
      expect(image(await call('run.readImage', { run_id: PILOT, path: p })), p).toEqual({
        mime,
        base64: bytes.toString('base64'),
        bytes: bytes.length,
      });
    }
    await backend.close();
  });

  it('refuses a file that is not an image, whatever its name', async () => {
    const { put, call, backend } = await opened();
    put('fake.png', 'day,infected\n0,10\n');
    put('page.svg', '<html><body><svg onload="alert(1)"></svg></body></html>');
    put('empty.png', '');
    put('nul.svg', Buffer.concat([Buffer.from('<svg>'), Buffer.alloc(4)]));
    for (const name of ['fake.png', 'page.svg', 'empty.png', 'nul.svg']) {
      expect(await call('run.readImage', { run_id: PILOT, path: `results/${name}` }), name).toEqual({
        ok: false,
        error: {
          code: 'unsupported',
          message: `results/${name} is not a PNG, JPEG, GIF, WebP or SVG image (judged by its content, not its name), so it is not shown as one`,
          file: `results/${name}`,
        },
      });
    }
    await backend.close();
  });

  it('refuses an image over the bound before reading it, naming the file and its size', async () => {
    const { results, call, backend } = await opened();
    const big = path.join(results, 'huge.png');
    fs.writeFileSync(big, PNG);
    fs.truncateSync(big, MAX_IMAGE_BYTES + 1);
    expect(await call('run.readImage', { run_id: PILOT, path: 'results/huge.png' })).toEqual({
      ok: false,
      error: {
        code: 'refused',
        message:
          'results/huge.png is 20 MiB, larger than the 20 MiB Runyard shows as an image; open it with another program',
        file: 'results/huge.png',
      },
    });
    fs.truncateSync(big, 25 * 1024 * 1024);
    expect(await call('run.readImage', { run_id: PILOT, path: 'results/huge.png' })).toMatchObject({
      ok: false,
      error: { code: 'refused', message: expect.stringMatching(/^results\/huge\.png is 25 MiB/) },
    });
    await backend.close();
  });

  it('refuses paths that leave the run folder and links that leave the runs directory; a link to a sibling run is fine', async () => {
    const { dir, results, call, backend } = await opened();
    const outside = tempDir('runyard-outside-');
    fs.writeFileSync(path.join(outside, 'secret.png'), PNG);
    fs.writeFileSync(path.join(dir, SWEEP, 'results', 'sibling.png'), PNG);
    fs.symlinkSync(path.join(outside, 'secret.png'), path.join(results, 'escape.png'));
    fs.symlinkSync(outside, path.join(results, 'escape-dir'));
    fs.symlinkSync(path.join(dir, SWEEP, 'results', 'sibling.png'), path.join(results, 'sibling.png'));
    const refused = (p: string, code: string) => ({ p, code });
    for (const { p, code } of [
      refused(`../${SWEEP}/results/sibling.png`, 'invalid'),
      refused('results/../../secret.png', 'invalid'),
      refused(path.join(outside, 'secret.png'), 'invalid'),
      refused('results/escape.png', 'refused'),
      refused('results/escape-dir/secret.png', 'refused'),
    ]) {
      const r = await call('run.readImage', { run_id: PILOT, path: p });
      expect(r, p).toMatchObject({ ok: false, error: { code } });
      expect(JSON.stringify(r)).not.toContain(PNG.toString('base64'));
    }
    expect(await call('run.readImage', { run_id: '..', path: 'secret.png' })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    expect(image(await call('run.readImage', { run_id: PILOT, path: 'results/sibling.png' })).mime).toBe('image/png');
    await backend.close();
  });

  it('says what is wrong with a folder, a missing file and a FIFO, without hanging on the FIFO', async () => {
    const { results, call, backend } = await opened();
    fs.mkdirSync(path.join(results, 'plots.png'));
    execFileSync('mkfifo', [path.join(results, 'pipe.png')]);
    expect(await call('run.readImage', { run_id: PILOT, path: 'results/plots.png' })).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: 'results/plots.png is not a file' },
    });
    expect(await call('run.readImage', { run_id: PILOT, path: 'results/pipe.png' })).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: 'results/pipe.png is not a file' },
    });
    expect(await call('run.readImage', { run_id: PILOT, path: 'results/none.png' })).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: `run ${PILOT} has no file results/none.png` },
    });
    await backend.close();
  });

  it('changes nothing, so read-only mode serves it', async () => {
    expect(contract['run.readImage'].mutates).toBe(false);
    const { dir, put, call, backend } = await opened({ readOnly: true });
    put('plot.png', PNG);
    put('fake.png', 'not an image\n');
    const before = fsSnapshot(dir);
    expect(image(await call('run.readImage', { run_id: PILOT, path: 'results/plot.png' })).bytes).toBe(PNG.length);
    expect(await call('run.readImage', { run_id: PILOT, path: 'results/fake.png' })).toMatchObject({
      ok: false,
      error: { code: 'unsupported' },
    });
    expect(snapshotDiff(before, fsSnapshot(dir))).toEqual([]);
    await backend.close();
  });

  it('serves the demo plot as a real PNG', async () => {
    const dir = path.join(tempDir(), 'demo');
    await makeDemo(dir);
    const api = inProcess();
    expect((await api.call('dir.open', { dir })).ok).toBe(true);
    const withPlot = fs
      .readdirSync(dir)
      .filter((id) => fs.existsSync(path.join(dir, id, 'results', 'epidemic_curve.png')));
    expect(withPlot.length).toBeGreaterThan(0);
    const png = Buffer.from(
      image(await api.call('run.readImage', { run_id: withPlot[0]!, path: 'results/epidemic_curve.png' })).base64,
      'base64',
    );
    // IHDR: width and height; IDAT inflates to one filter byte plus one palette index per pixel and row.
    const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
    expect([width, height]).toEqual([360, 220]);
    const idat = png.indexOf('IDAT');
    const data = png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4));
    expect(zlib.inflateSync(data).length).toBe(height * (width + 1));
    await api.backend.close();
  });
});

describe('run.readImage through runyard serve', () => {
  it('sends the largest image allowed whole over the WebSocket, in read-only mode', async () => {
    const dir = sampleRuns();
    const big = Buffer.alloc(MAX_IMAGE_BYTES, 0x5a);
    PNG.copy(big);
    fs.writeFileSync(path.join(dir, PILOT, 'results', 'big.png'), big);
    const s = await serve(dir, ['--read-only']);
    try {
      const c = await connect(`ws://127.0.0.1:${s.port}/api?token=${s.token}`);
      const r = await c.call('run.readImage', { run_id: PILOT, path: 'results/big.png' });
      const img = image(r);
      expect(img.mime).toBe('image/png');
      expect(img.bytes).toBe(MAX_IMAGE_BYTES);
      expect(Buffer.from(img.base64, 'base64').equals(big)).toBe(true);
      // The connection survives the large answer.
      expect((await c.call('app.info', {})).ok).toBe(true);
      c.close();
    } finally {
      await s.stop();
    }
  }, 60_000);
});
