// The building blocks of the contract's request params (shared/api/contract.ts): run
// ids, paths inside a run, value paths, the prune policy and the settings patch. Each
// is validated with zod where a request arrives, over IPC and WebSocket alike.
import { z } from 'zod';
import { OVERRIDE_KEY } from '../config-overrides';
import type { PrunePolicy } from '../prune-plan';
import { isValuePath } from '../values';
import { MAX_COLUMN_ID, MAX_COLUMN_PX, MAX_COLUMNS, MAX_VIEWS, MIN_COLUMN_PX } from './models';

export const runId = z
  .string()
  .min(1)
  .max(255)
  .refine((s) => !s.includes('\0') && !s.includes('/') && !s.includes('\\') && s !== '.' && s !== '..', 'not a run id');
export const relPath = z
  .string()
  .max(4096)
  .refine((s) => !s.includes('\0'), 'contains NUL');
export const valuePath = z
  .string()
  .min(1)
  .max(MAX_COLUMN_ID)
  .refine(isValuePath, 'a value path is config.KEY, params.KEY, meta.KEY or results.FILE.COLUMN');
export const tags = z.array(z.string().min(1).max(200)).max(100);
/** A resumed child's config.yaml / run_params.json keys: `config.model.lr` → 0.01 (shared/config-overrides.ts). */
export const overrides = z
  .record(z.string().max(500).regex(OVERRIDE_KEY, 'an override key is config.KEY or params.KEY'), z.unknown())
  .refine((o) => Object.keys(o).length <= 200, 'at most 200 overrides');

export const prunePolicy = z
  .object({
    keep: z.number().int().min(0).optional(),
    olderThanDays: z.number().min(0).optional(),
    statuses: z.array(z.string()).max(50).optional(),
    excludeTags: z.array(z.string()).max(50).optional(),
    runs: z.array(runId).max(100_000).optional(),
    includeStale: z.boolean().optional(),
    staleAfterHours: z.number().positive().optional(),
  })
  .strict();
/** The planner's own policy type (shared/prune-plan.ts); the schema must produce exactly it. */
type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const prunePolicySchemaMatches: SameShape<z.infer<typeof prunePolicy>, PrunePolicy> = true;

const columnId = z.string().max(MAX_COLUMN_ID);
/** Column id → width in px. */
export const columnWidths = z
  .record(columnId, z.number().int().min(MIN_COLUMN_PX).max(MAX_COLUMN_PX))
  .refine((w) => Object.keys(w).length <= MAX_COLUMNS, `at most ${MAX_COLUMNS} widths`);
export const savedView = z
  .object({
    name: z.string().trim().min(1).max(100),
    filter: z.string().max(4000),
    columns: z.array(columnId).max(MAX_COLUMNS),
    sort: z.string().max(MAX_COLUMN_ID + 1),
  })
  .strict();

export const settingsPatch = z
  .object({
    theme: z.enum(['system', 'light', 'dark']).optional(),
    columns: z.array(z.string().max(MAX_COLUMN_ID)).max(MAX_COLUMNS).optional(),
    /** The columns of one runs directory; an empty list goes back to `columns` there. */
    dirColumns: z
      .object({
        dir: z.string().min(1).max(4096),
        columns: z.array(columnId).max(MAX_COLUMNS),
        /** Replaces the folder's widths when given; an empty record goes back to the defaults. */
        widths: columnWidths.optional(),
      })
      .strict()
      .optional(),
    /** The saved views of one runs directory, the whole list; an empty list removes them. */
    dirViews: z
      .object({ dir: z.string().min(1).max(4096), views: z.array(savedView).max(MAX_VIEWS) })
      .strict()
      .optional(),
    staleAfterHours: z
      .number()
      .positive()
      .max(24 * 365)
      .optional(),
    watchMode: z.enum(['auto', 'native', 'poll']).optional(),
    pollIntervalMs: z.number().int().min(250).max(600_000).optional(),
    notifications: z.boolean().optional(),
    resumeCommand: z
      .object({ dir: z.string().min(1), template: z.string().max(4000), cwd: z.string().max(4096) })
      .strict()
      .optional(),
  })
  .strict();
