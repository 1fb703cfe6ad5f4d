// `npm run bench`: generates runs directories (cached under bench/.data), runs each
// suite and prints every figure with its baseline and target. --quick skips the 100k
// directory; --write updates BENCHMARKS.md; --only NAME runs one suite. A new suite is
// one module exporting an async function that returns rows, added to SUITES.
import { listSuite } from './list.mjs';
import { machine, markdownSection, printRows, writeSection } from './report.mjs';
import { valuesSuite } from './values.mjs';
import { watchSuite } from './watch.mjs';

const SUITES = [
  { id: 'list', title: 'Listing (`runyard list`)', run: listSuite },
  { id: 'watch', title: 'Watching (`runyard watch`)', run: watchSuite },
  {
    id: 'remote',
    title: 'A runs folder over ssh (`--dir ssh://…`, loopback)',
    run: (o) => import('./remote.mjs').then((m) => m.remoteSuite(o)),
  },
  { id: 'values', title: 'Value columns and value filters (config, params, results)', run: valuesSuite },
  { id: 'ui', title: 'UI in Chromium (`runyard serve`)', run: (o) => import('./ui.mjs').then((m) => m.uiSuite(o)) },
  {
    id: 'views',
    title: 'Prune preview, lineage forest and charts at 10k runs (Chromium)',
    run: (o) => import('./ui-views.mjs').then((m) => m.viewsSuite(o)),
  },
  {
    id: 'scroll',
    title: 'Scrolling the run table (100k runs, Chromium)',
    run: (o) => import('./ui-scroll.mjs').then((m) => m.scrollSuite(o)),
  },
];

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const write = argv.includes('--write');
const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : null;
const log = (s) => process.stderr.write(`${s}\n`);

const m = machine();
log(`runyard bench: ${m.cpus} CPUs, ${m.memGiB} GiB, Node ${m.node}${quick ? ' (quick: no 100k)' : ''}`);
let failed = false;
for (const s of SUITES) {
  if (only && s.id !== only) continue;
  log(`- ${s.id}`);
  const rows = await s.run({ quick, log });
  printRows(s.title, rows);
  if (
    rows.some(
      (r) =>
        (r.target !== undefined && r.baseline && r.value / r.baseline > r.target) ||
        (r.limit !== undefined && r.value > r.limit),
    )
  )
    failed = true;
  if (write && !quick) writeSection(s.id, markdownSection(s.title, rows, machine()));
}
if (write && quick) log('(--write is ignored with --quick: BENCHMARKS.md records full runs only)');
process.exitCode = failed ? 1 : 0;
