// Scrolling the run table in Chromium against `runyard serve` on 100k runs (10k with
// --quick): the same scripted scroll — a wheel turned notch by notch, a fast flick,
// PageDown, End, back up by wheel, Home — while the page records the time between
// animation frames (requestAnimationFrame) and its long tasks. The baseline, in the
// same browser and run, is that scroll over a plain page with a trivially virtualized
// list of as many rows in a box of the same size and place: what the browser itself
// costs on this machine, so the ratio is what Runyard adds. Passes alternate between
// the two pages so that load from other work falls on both.
//
//   node bench/run.mjs --only scroll        (through the bench driver; targets in TARGET)
//   node -e "import('./bench/ui-scroll.mjs').then((m) => m.scrollSuite({ quick: true, log: console.error })).then(console.table)"
//
// RUNYARD_BENCH_CLI=path/cli.cjs serves another build (its renderer/ beside it), for
// before/after comparisons; RUNYARD_SCROLL_PROFILE=file.cpuprofile saves a CPU profile
// of the first Runyard pass (open it in Chrome DevTools' Performance panel).
import fs from 'node:fs';
import os from 'node:os';
import { runsDir } from './generate.mjs';
import { benchEnv, CLI, median, percentile } from './measure.mjs';
import { CHROMIUM, launchChromium, serve } from './serve-page.mjs';

const SERVED_CLI = process.env.RUNYARD_BENCH_CLI ?? CLI;
const SLOW_FRAME_MS = 50;
/**
 * What "scrolls smoothly" is held to. The median frame: the same vsync interval as the
 * plain list (any real slow-down doubles it, a whole interval more). The p95 frame: at
 * most one frame in twenty may take longer than three vsync intervals (50 ms, 20 fps),
 * the point past which a scroll is seen to stutter. Blocking time: long tasks may keep
 * input and frames out for 200 ms in all over a pass of ~10 s, the most the web's
 * performance guidance (Lighthouse's total blocking time) calls good for a page load.
 */
const TARGET = { medianRatio: 1.2, p95: 50, blocking: 200 };
const SCROLLER = { runyard: '.run-table-scroll', baseline: '#list' };

/** Runs in each page before its scripts. The rAF loop runs only while recording, so an idle page does not draw frames. */
function frameProbe() {
  const f = (window.__frames = { on: false, last: 0, deltas: [], long: [] });
  const tick = (t) => {
    if (!f.on) return;
    if (f.last) f.deltas.push(t - f.last);
    f.last = t;
    requestAnimationFrame(tick);
  };
  f.start = () => {
    Object.assign(f, { on: true, last: 0, deltas: [], long: [] });
    requestAnimationFrame(tick);
  };
  f.stop = () => {
    f.on = false;
    return { deltas: f.deltas, long: f.long };
  };
  new PerformanceObserver((list) => {
    if (f.on) for (const e of list.getEntries()) f.long.push(e.duration);
  }).observe({ type: 'longtask' });
}

/**
 * The baseline: as many rows as the run table, 11 short text cells each, in a box where
 * the run table's scroll box is. Rows are kept by index and only those that come into
 * view are built (and those that leave removed), as any careful virtualized list does,
 * so this is close to the least a browser can do for the same scroll.
 */
function baselineHtml(count, box) {
  const style = `body{margin:0;font:13px system-ui,sans-serif}
#list{position:absolute;left:${box.x}px;top:${box.y}px;width:${box.width}px;height:${box.height}px;overflow:auto}
#body{position:relative;contain:strict;width:100%}
.row{position:absolute;left:0;top:0;width:100%;height:32px;contain:strict;display:grid;grid-template-columns:118px 92px 3fr 1.2fr 102px 80px 92px 1fr 102px 72px 80px;align-items:center;border-bottom:1px solid #ddd}
.row:hover{background:#eee}
.row span{padding:0 6px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}`;
  const script = `const N=${count},H=32,list=document.getElementById('list'),body=document.getElementById('body'),shown=new Map();
body.style.height=N*H+'px';
const cells=(i)=>['completed',(i*2654435761>>>0).toString(16),'Run number '+i+' of a parameter sweep','sweep',(i%59)+' min ago','1h 2m','researcher1','node0421',String(i%4),'2.0 KiB','—'];
function draw(){const a=Math.max(0,Math.floor(list.scrollTop/H)-12),b=Math.min(N,Math.ceil((list.scrollTop+list.clientHeight)/H)+12);
for(const [i,el] of shown)if(i<a||i>=b){el.remove();shown.delete(i)}
for(let i=a;i<b;i++)if(!shown.has(i)){const r=document.createElement('div');r.className='row';r.style.transform='translateY('+i*H+'px)';
for(const t of cells(i)){const c=document.createElement('span');c.textContent=t;r.append(c)}body.append(r);shown.set(i,r)}}
list.addEventListener('scroll',draw,{passive:true});draw();`;
  return `<!doctype html><html><head><style>${style}</style><script>(${frameProbe})()</script></head><body><div id="list" tabindex="-1"><div id="body"></div></div><script>${script}</script></body></html>`;
}

/** The scripted scroll over `selector`'s box; the same for both pages. */
async function scrollScript(page, selector) {
  const el = page.locator(selector);
  const box = await el.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const wheel = async (dy, notches) => {
    for (let i = 0; i < notches; i++) {
      await page.mouse.wheel(0, dy);
      await page.waitForTimeout(20);
    }
  };
  const key = async (k, times, pause) => {
    for (let i = 0; i < times; i++) {
      await page.keyboard.press(k);
      await page.waitForTimeout(pause);
    }
  };
  await wheel(100, 80);
  await wheel(1000, 20);
  await el.focus();
  await key('PageDown', 10, 60);
  await key('End', 1, 300);
  await wheel(-100, 40);
  await key('Home', 1, 300);
}

const METRICS = ['TaskDuration', 'ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration'];

async function metrics(cdp) {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.filter((m) => METRICS.includes(m.name)).map((m) => [m.name, m.value * 1000]));
}

/** One scripted scroll with frames recorded; `profile` saves a CPU profile of it. */
async function pass(page, selector, { profile } = {}) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  if (profile) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  const before = await metrics(cdp);
  const t0 = performance.now();
  await page.evaluate(() => window.__frames.start());
  await scrollScript(page, selector);
  await page.waitForTimeout(500);
  const rec = await page.evaluate(() => window.__frames.stop());
  const wall = performance.now() - t0;
  const after = await metrics(cdp);
  if (profile) {
    const { profile: p } = await cdp.send('Profiler.stop');
    fs.writeFileSync(profile, JSON.stringify(p));
  }
  await cdp.detach();
  const cost = Object.fromEntries(METRICS.map((m) => [m, after[m] - before[m]]));
  return { ...rec, wall, cost };
}

function summary(passes) {
  const deltas = passes.flatMap((p) => p.deltas);
  return {
    frames: deltas.length,
    median: median(deltas),
    p95: percentile(deltas, 95),
    slow: deltas.filter((d) => d > SLOW_FRAME_MS).length,
    longest: Math.max(0, ...deltas),
    longTasks: passes.reduce((n, p) => n + p.long.length, 0),
    // Total blocking time (as Lighthouse counts it): what each long task took beyond
    // 50 ms, the time input and frames could not get in; per pass, the median.
    blocking: median(passes.map((p) => p.long.reduce((t, d) => t + Math.max(0, d - 50), 0))),
  };
}

function describe(label, p) {
  const s = summary([p]);
  const c = p.cost;
  return `${label}: ${s.frames} frames in ${Math.round(p.wall)} ms, median ${s.median.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, ${s.slow} over ${SLOW_FRAME_MS} ms, ${s.longTasks} long tasks (${Math.round(s.blocking)} ms blocking); main thread busy ${Math.round(c.TaskDuration)} ms (script ${Math.round(c.ScriptDuration)}, layout ${Math.round(c.LayoutDuration)}, style ${Math.round(c.RecalcStyleDuration)})`;
}

async function openRunyard(browser, url, count) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(frameProbe);
  await page.goto(url);
  await page.waitForFunction(
    (total) =>
      document.getElementById('filter-count')?.textContent === `${total} runs` &&
      !document.querySelector('[role="progressbar"][aria-label="Reading runs"]') &&
      document.querySelector('table[aria-label="Runs"] tbody tr'),
    count,
    { timeout: 300_000, polling: 200 },
  );
  // Let the first sizes and anything else after the first paint settle.
  await page.waitForTimeout(1500);
  return { context, page };
}

async function openBaseline(browser, count, box) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.setContent(baselineHtml(count, box));
  await page.waitForTimeout(300);
  return { context, page };
}

export async function scrollSuite({ quick = false, log = () => {} } = {}) {
  if (!fs.existsSync(CHROMIUM)) {
    log(`ui-scroll: SKIPPED: no Chromium at ${CHROMIUM} (set RUNYARD_CHROMIUM)`);
    return [];
  }
  const count = quick ? 10_000 : 100_000;
  const label = quick ? '10k' : '100k';
  const passes = quick ? 2 : 3;
  const dir = runsDir(count, { log });
  const server = await serve(dir, { cli: SERVED_CLI, env: benchEnv() });
  const browser = await launchChromium();
  const ours = [];
  const base = [];
  try {
    const t = performance.now();
    const app = await openRunyard(browser, server.url, count);
    log(`  ${label}: all ${count} runs listed after ${Math.round(performance.now() - t)} ms`);
    const box = await app.page.locator(SCROLLER.runyard).boundingBox();
    for (let i = 0; i < passes; i++) {
      const b = await openBaseline(browser, count, box);
      base.push(await pass(b.page, SCROLLER.baseline));
      await b.context.close();
      log(`  ${describe(`pass ${i + 1}, plain list`, base[i])}`);
      ours.push(
        await pass(app.page, SCROLLER.runyard, { profile: i === 0 ? process.env.RUNYARD_SCROLL_PROFILE : undefined }),
      );
      log(`  ${describe(`pass ${i + 1}, run table`, ours[i])}`);
    }
    await app.context.close();
  } finally {
    await browser.close();
    await server.stop();
  }
  const b = summary(base);
  const o = summary(ours);
  log(
    `  load average: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const of = `${passes} passes`;
  // Frame times come in whole vsync intervals (16.7 ms here), so the median is one
  // interval whenever most frames make it, and p95 moves in steps of 16.7 ms.
  // Names fit the report's 72 columns; the suite's title says what is scrolled.
  const list = `Plain list of ${label} rows (baseline)`;
  const table = `Run table at ${label}`;
  return [
    { name: `${list}: median frame, ${of}`, value: b.median },
    { name: `${list}: p95 frame (${b.slow} of ${b.frames} over ${SLOW_FRAME_MS} ms)`, value: b.p95 },
    { name: `${list}: long-task blocking per pass (${b.longTasks} tasks)`, value: b.blocking },
    { name: `${table}: median frame, ${of}`, value: o.median, baseline: b.median, target: TARGET.medianRatio },
    {
      name: `${table}: p95 frame (${o.slow} of ${o.frames} over ${SLOW_FRAME_MS} ms)`,
      value: o.p95,
      limit: TARGET.p95,
    },
    { name: `${table}: longest frame`, value: o.longest },
    { name: `${table}: long-task blocking per pass (${o.longTasks} tasks)`, value: o.blocking, limit: TARGET.blocking },
  ];
}
