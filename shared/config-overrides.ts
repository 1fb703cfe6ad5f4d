// Overrides for a resumed child's config.yaml and run_params.json: dotted keys such as
// `config.model.lr` or `params.seed` mapped to JSON values. The store applies them when
// it writes the child; the resume dialog applies the same function to show the child's
// config before it exists, so the difference shown is the one that gets written.

export class OverrideError extends Error {}

export type OverrideFile = 'config' | 'params';

/** `config.a.b` or `params.x`: the file, then at least one non-empty segment. */
export const OVERRIDE_KEY = /^(config|params)(\.[^.\s]+)+$/;

// A key that names the prototype would change every object, not the child's config.
const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The overrides of one file, as paths inside it; an unknown or badly formed key is refused. */
export function overridesFor(
  overrides: Record<string, unknown> | undefined,
  file: OverrideFile,
): [string[], unknown][] {
  const out: [string[], unknown][] = [];
  for (const [key, value] of Object.entries(overrides ?? {})) {
    if (!OVERRIDE_KEY.test(key))
      throw new OverrideError(
        `${JSON.stringify(key)} is not an override key: it must be config.KEY or params.KEY (dotted for nested keys)`,
      );
    const [head, ...path] = key.split('.');
    if (path.some((p) => FORBIDDEN.has(p)))
      throw new OverrideError(`${JSON.stringify(key)}: ${path.find((p) => FORBIDDEN.has(p))} cannot be set`);
    if (head === file) out.push([path, value]);
  }
  return out;
}

/**
 * A copy of `base` with each path set to its value; missing mappings on the way are made.
 * A path through a value that is not a mapping (a number, a list) is refused, naming it,
 * rather than replacing what the parent had there.
 */
export function applyOverrides(base: unknown, sets: readonly [string[], unknown][]): unknown {
  if (sets.length === 0) return base;
  if (base !== undefined && base !== null && !isMapping(base))
    throw new OverrideError("the parent's file is not a mapping of keys, so keys cannot be set in it");
  const out: Record<string, unknown> = base === undefined || base === null ? {} : structuredClone(base);
  for (const [path, value] of sets) {
    let at = out;
    path.slice(0, -1).forEach((seg, i) => {
      const next = at[seg];
      if (next === undefined || next === null) at[seg] = {};
      else if (!isMapping(next))
        throw new OverrideError(
          `${path.slice(0, i + 1).join('.')} is ${JSON.stringify(next)}, not a mapping, so ${path.join('.')} cannot be set`,
        );
      at = at[seg] as Record<string, unknown>;
    });
    at[path[path.length - 1]!] = structuredClone(value);
  }
  return out;
}

/** KEY=VALUE lines, as `--set` reads them: VALUE is JSON when it parses, else text. Blank lines are skipped. */
export function parseOverrideLines(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const eq = line.indexOf('=');
    const key = eq > 0 ? line.slice(0, eq).trim() : '';
    if (!OVERRIDE_KEY.test(key)) throw new OverrideError(`line ${i + 1}: write config.KEY=VALUE or params.KEY=VALUE`);
    const value = line.slice(eq + 1).trim();
    try {
      out[key] = JSON.parse(value);
    } catch {
      out[key] = value;
    }
  });
  return out;
}
