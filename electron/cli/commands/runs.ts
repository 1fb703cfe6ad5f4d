// Read-only commands: list, show, tree.
import type { Command } from 'commander';
import type { LineageEdgeNode } from '../../../shared/api/models';
import type { RunRecord } from '../../../shared/types';
import { checkpointHealth } from '../../../shared/checkpoint-paths';
import { lineageView } from '../../ops/lineage';
import { allRuns, listRuns, runDetail } from '../../ops/runs';
import { collect, positiveInt, type CliContext } from '../context';
import { listJsonBytes } from '../fast-list/list-json';
import { LIST_OPTIONS, LIST_VALUE_OPTIONS, spelling } from '../options';
import { listWithValues } from './list-values';
import { drawTree, printable, table } from '../output';
import { formatBytes, formatRelativeShort, shortId } from '../../../shared/format';

export function registerRunCommands(program: Command, ctx: CliContext): void {
  program
    .command('list')
    .description('list runs, newest first')
    // The fast path reads the same table (fast-list/args.ts).
    .option(spelling(LIST_OPTIONS.status), LIST_OPTIONS.status.description, collect)
    .option(spelling(LIST_OPTIONS.tag), LIST_OPTIONS.tag.description, collect)
    .option(spelling(LIST_OPTIONS.search), LIST_OPTIONS.search.description)
    .option(spelling(LIST_OPTIONS.limit), LIST_OPTIONS.limit.description, positiveInt)
    .option(spelling(LIST_VALUE_OPTIONS.filter), LIST_VALUE_OPTIONS.filter.description)
    .option(spelling(LIST_VALUE_OPTIONS.columns), LIST_VALUE_OPTIONS.columns.description)
    .option(spelling(LIST_VALUE_OPTIONS.format), LIST_VALUE_OPTIONS.format.description)
    .action(
      (o: {
        status?: string[];
        tag?: string[];
        search?: string;
        limit?: number;
        filter?: string;
        columns?: string;
        format?: string;
      }) => {
        const query = { statuses: o.status, tags: o.tag, search: o.search, limit: o.limit };
        const withValues = o.filter !== undefined || o.columns !== undefined || o.format !== undefined;
        if (ctx.json && !withValues) return void process.stdout.write(listJsonBytes(ctx.dir, query));
        const store = ctx.store();
        const { runs: listed, total, problems } = listRuns(store, withValues ? {} : query);
        for (const p of problems)
          process.stderr.write(`runyard: warning: ${printable(p.file)}: ${printable(p.message)}\n`);
        // A filtered table without --columns is the table below; anything else is printed there.
        const runs = withValues
          ? listWithValues(ctx, store.dir, listed, { query, filter: o.filter, columns: o.columns, format: o.format })
          : listed;
        if (!runs) return;
        if (!runs.length) return ctx.print(total ? 'No runs match.' : `No runs in ${store.dir}.`);
        ctx.print(
          table(
            ['STATUS', 'ID', 'CREATED', 'DESCRIPTION', 'TAGS', 'CKPT', 'PARENT'],
            runs.map((r) => [
              r.problems.length ? `${r.status} !` : r.status,
              shortId(r.run_id),
              formatRelativeShort(r.created_ms, Date.now()),
              r.description.length > 48 ? `${r.description.slice(0, 47)}…` : r.description,
              r.tags.join(','),
              String(r.checkpoints.length),
              r.parent_run_id ? shortId(r.parent_run_id) : '',
            ]),
          ),
        );
        const flagged = runs.filter((r) => r.problems.length).length;
        if (flagged) ctx.print(`\n${flagged} run(s) marked ! have problems; see \`runyard show RUN\`.`);
      },
    );

  program
    .command('show <run>')
    .description('show one run: metadata, paths, checkpoints, children, problems')
    .action((ref: string) => {
      const store = ctx.store();
      const id = store.resolve(ref);
      const { run, metadata: read, paths, checkpoints: resolved, children } = runDetail(store, id);
      const metadata = read ?? {};
      const checkpoints = resolved.map((c) => ({
        name: c.name,
        created_at: c.created_at,
        path: c.path,
        resolved_path: c.resolved_path,
        files: c.files,
        ranks: c.ranks,
        state: checkpointHealth(c).state,
      }));
      const detail = { ...metadata, run_id: id, paths, checkpoints, children, problems: run.problems };
      if (ctx.json) return ctx.printJson(detail);
      ctx.print(showText(run, metadata, detail));
    });

  program
    .command('tree [run]')
    .description('draw the lineage forest (or the runs resumed from RUN)')
    .action((ref: string | undefined) => {
      const store = ctx.store();
      const runs = allRuns(store);
      const byId = new Map(runs.map((r) => [r.run_id, r]));
      const lineage = lineageView(runs, ref ? store.resolve(ref) : undefined, { scope: 'descendants' });
      const trees = lineage.roots;
      const orphanSet = new Set(lineage.orphans);
      const cycleSet = new Set(lineage.cycles.flat());
      const nest = (n: LineageEdgeNode): unknown => ({
        run_id: n.run_id,
        status: n.status,
        description: n.description,
        children: n.children.map(nest),
      });
      if (ctx.json) return ctx.printJson(ref ? nest(trees[0]!) : trees.map(nest));
      const label = (id: string) => {
        const r = byId.get(id);
        const notes = [
          orphanSet.has(id) ? `parent ${shortId(r?.parent_run_id ?? '?')} missing` : '',
          cycleSet.has(id) ? 'in a parent cycle' : '',
        ].filter(Boolean);
        return `${shortId(id)} [${r?.status ?? '?'}] ${r?.description ?? ''}${notes.length ? `  (${notes.join('; ')})` : ''}`;
      };
      ctx.print(trees.length ? drawTree(trees, label) : `No runs in ${store.dir}.`);
      for (const c of lineage.cycles)
        process.stderr.write(`runyard: warning: parent cycle: ${c.map(shortId).join(' → ')} → ${shortId(c[0]!)}\n`);
    });
}

function showText(
  run: RunRecord,
  metadata: Record<string, unknown>,
  detail: {
    paths: Record<string, string>;
    checkpoints: {
      name: string;
      resolved_path: string | null;
      files: { path: string; bytes: number }[];
      ranks: number[];
    }[];
    children: string[];
  },
): string {
  const lines: string[] = [];
  const keys = Object.keys(metadata).length
    ? Object.entries(metadata).filter(([k]) => k !== 'checkpoints')
    : [
        ['run_id', run.run_id],
        ['status', run.status],
        ['description', run.description],
      ];
  for (const [k, v] of keys)
    lines.push(`${printable(String(k))}: ${printable(typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v)))}`);
  lines.push('', 'paths:');
  for (const [k, v] of Object.entries(detail.paths)) lines.push(`  ${k}: ${v}`);
  lines.push('', `checkpoints: ${detail.checkpoints.length}`);
  for (const c of detail.checkpoints) {
    const total = c.files.reduce((s, f) => s + f.bytes, 0);
    const health = checkpointHealth(c);
    const what =
      health.state === 'missing'
        ? 'MISSING: no files found'
        : `${c.files.length} file(s), ${formatBytes(total)}${health.ranks ? `, ${health.state === 'incomplete' ? `INCOMPLETE: ${health.text}` : health.text}` : ''}`;
    lines.push(`  ${c.name}  ${what}`);
    for (const f of c.files) lines.push(`    ${f.path} (${formatBytes(f.bytes)})`);
  }
  lines.push('', `children: ${detail.children.length ? detail.children.join(', ') : 'none'}`);
  if (run.problems.length) {
    lines.push('', 'problems:');
    for (const p of run.problems) lines.push(`  ${printable(p.file)}: ${printable(p.message)}`);
  }
  return lines.join('\n');
}
