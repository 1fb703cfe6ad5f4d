// The user's own settings file. It lives in the user's config folder and never in a
// runs folder, because it holds the resume command that Runyard may execute: nothing
// a colleague writes into a shared runs directory can choose what runs on this machine.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { columnWidths, savedView } from '../../shared/api/param-schemas';
import { MAX_COLUMN_ID, MAX_COLUMNS, MAX_VIEWS, type Settings } from '../../shared/api/models';
import { writeJsonAtomicSync } from '../store/atomic';
import { ioError } from '../store/errors';

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized?: boolean;
}

/** What the file holds: the API's Settings plus desktop-only state the UI never sees. */
export interface SettingsFile extends Settings {
  window?: WindowBounds;
}

export const DEFAULT_SETTINGS: Settings = {
  theme: 'system',
  recentDirs: [],
  columns: [],
  columnsByDir: {},
  columnWidthsByDir: {},
  viewsByDir: {},
  staleAfterHours: 6,
  watchMode: 'auto',
  pollIntervalMs: 2000,
  notifications: true,
  resumeCommands: {},
};

const MAX_RECENT = 10;

// Each field is checked on its own, so one hand-edited bad value falls back to its
// default instead of throwing away the user's other settings.
const fields = {
  theme: z.enum(['system', 'light', 'dark']),
  recentDirs: z.array(z.string().min(1).max(4096)).max(100),
  columns: z.array(z.string().max(MAX_COLUMN_ID)).max(MAX_COLUMNS),
  columnsByDir: z.record(z.string(), z.array(z.string().max(MAX_COLUMN_ID)).max(MAX_COLUMNS)),
  columnWidthsByDir: z.record(z.string(), columnWidths),
  viewsByDir: z.record(z.string(), z.array(savedView).max(MAX_VIEWS)),
  staleAfterHours: z
    .number()
    .positive()
    .max(24 * 365),
  watchMode: z.enum(['auto', 'native', 'poll']),
  pollIntervalMs: z.number().int().min(250).max(600_000),
  notifications: z.boolean(),
  resumeCommands: z.record(z.string(), z.object({ template: z.string().max(4000), cwd: z.string().max(4096) })),
  window: z.object({
    x: z.number().optional(),
    y: z.number().optional(),
    width: z.number().min(200).max(20_000),
    height: z.number().min(150).max(20_000),
    maximized: z.boolean().optional(),
  }),
} as const;

/** $RUNYARD_CONFIG_DIR, else $XDG_CONFIG_HOME/runyard or ~/.config/runyard (%APPDATA%\runyard on Windows). */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.RUNYARD_CONFIG_DIR) return path.resolve(env.RUNYARD_CONFIG_DIR);
  if (process.platform === 'win32' && env.APPDATA) return path.join(env.APPDATA, 'runyard');
  return path.join(env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'runyard');
}

export class SettingsStore {
  readonly file: string;
  private cache: SettingsFile | null = null;

  constructor(dir: string = configDir()) {
    this.file = path.join(dir, 'settings.json');
  }

  read(): SettingsFile {
    if (this.cache) return structuredClone(this.cache);
    let raw: unknown = {};
    try {
      raw = JSON.parse(fs.readFileSync(this.file, 'utf8'));
    } catch {
      // Missing or broken: defaults. The broken file is only replaced on the next save.
    }
    const out: SettingsFile = structuredClone(DEFAULT_SETTINGS);
    if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
      for (const [key, schema] of Object.entries(fields)) {
        const parsed = schema.safeParse((raw as Record<string, unknown>)[key]);
        if (parsed.success) (out as unknown as Record<string, unknown>)[key] = parsed.data;
      }
    }
    this.cache = out;
    return structuredClone(out);
  }

  /** The API's view: no window geometry. */
  get(): Settings {
    const { window: _w, ...settings } = this.read();
    return settings;
  }

  update(change: (s: SettingsFile) => void): SettingsFile {
    const next = this.read();
    change(next);
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      writeJsonAtomicSync(this.file, next);
    } catch (e) {
      throw ioError('save the settings to', this.file, e);
    }
    this.cache = next;
    return structuredClone(next);
  }

  rememberDir(dir: string): void {
    this.update((s) => {
      s.recentDirs = [dir, ...s.recentDirs.filter((d) => d !== dir)].slice(0, MAX_RECENT);
    });
  }

  lastDir(): string | null {
    return this.read().recentDirs[0] ?? null;
  }
}
