// A small sweep written by the Python module itself: four runs over beta, each with
// save_config (JSON into config.yaml), save_run_params and a results/summary.csv.
import fs from 'node:fs';
import path from 'node:path';
import { py } from './reference';

export interface Sweep {
  dir: string;
  /** run id → beta */
  ids: Record<string, number>;
}

export function writeSweep(dir: string): Sweep {
  const out = py(
    dir,
    `
ids = {}
for i, beta in enumerate([0.1, 0.25, 0.4, 0.55]):
    rid = rm.create_run(description=f"beta {beta}", tags=["sweep"] if i < 3 else ["other"])
    rm.save_config({"disease": {"beta": beta, "model": "SEIR" if i % 2 == 0 else "SIR"}, "world": "london, UK"})
    rm.save_run_params({"seed": 100 + i, "steps": 50})
    with open(rm.get_results_dir() / "summary.csv", "w") as f:
        f.write("day,infected,note\\n")
        for d in range(3):
            f.write(f"{d},{int(beta * 1000) + d},\\"peak, day {d}\\"\\n")
    rm.update_status("completed")
    ids[rid] = beta
out = ids
`,
  ) as Record<string, number>;
  age(dir, Object.keys(out));
  return { dir, ids: out };
}

/** The reader keeps only files older than a few seconds; age them as a finished sweep would be. */
function age(dir: string, ids: string[]): void {
  const old = (Date.now() - 60_000) / 1000;
  for (const id of ids) {
    for (const f of ['config.yaml', 'run_params.json', 'results/summary.csv', 'results'])
      fs.utimesSync(path.join(dir, id, f), old, old);
  }
}

/**
 * A sweep over a top-level `beta` (config.beta), one run per value, each with a seed
 * (params.seed) and a results/summary.csv whose last `infected` is beta × 1000; `config`
 * adds the same keys to every run's config.
 */
export function writeBetaSweep(dir: string, betas: readonly number[], config: Record<string, unknown> = {}): Sweep {
  const out = py(
    dir,
    `
ids = {}
for i, beta in enumerate(${JSON.stringify(betas)}):
    rid = rm.create_run(description=f"beta {beta}", tags=["sweep"])
    rm.save_config({"beta": beta, "model": "SEIR", "world": "london, UK", **json.loads(${JSON.stringify(JSON.stringify(config))})})
    rm.save_run_params({"seed": 100 + i, "steps": 50})
    with open(rm.get_results_dir() / "summary.csv", "w") as f:
        f.write("day,infected\\n0,0\\n")
        f.write(f"1,{int(beta * 1000)}\\n")
    rm.update_status("completed")
    ids[rid] = beta
out = ids
`,
  ) as Record<string, number>;
  age(dir, Object.keys(out));
  return { dir, ids: out };
}
