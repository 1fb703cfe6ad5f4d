// A sweep over beta × seed written by the Python module itself, each run with a
// results/timeseries.csv (step, infected, recovered) of `steps` rows, for charts across runs.
import fs from 'node:fs';
import path from 'node:path';
import { py } from './reference';

export interface SeriesRun {
  id: string;
  beta: number;
  seed: number;
}

/** infected at `step` of a run: grows with beta, so the lines are told apart by eye and by test. */
export const infectedAt = (beta: number, seed: number, step: number) =>
  Math.round(beta * 1000 * (1 + step / 10)) + seed;

export function writeSeriesSweep(
  dir: string,
  opts: { betas?: number[]; seeds?: number[]; steps?: number } = {},
): SeriesRun[] {
  const betas = opts.betas ?? [0.1, 0.3, 0.5];
  const seeds = opts.seeds ?? [1];
  const steps = opts.steps ?? 20;
  const runs = py(
    dir,
    `
runs = []
for beta in ${JSON.stringify(betas)}:
    for seed in ${JSON.stringify(seeds)}:
        rid = rm.create_run(description=f"beta {beta} seed {seed}", tags=["sweep"])
        rm.save_config({"disease": {"beta": beta, "model": "SEIR"}, "world": "london"})
        rm.save_run_params({"seed": seed, "steps": ${steps}})
        with open(rm.get_results_dir() / "timeseries.csv", "w") as f:
            f.write("step,infected,recovered\\n")
            for s in range(${steps}):
                f.write(f"{s},{round(beta * 1000 * (1 + s / 10)) + seed},{s * seed}\\n")
        with open(rm.get_results_dir() / "summary.csv", "w") as f:
            f.write("infected,peak_day\\n")
            f.write(f"{round(beta * 1000 * (1 + (${steps} - 1) / 10)) + seed},{${steps} - 1}\\n")
        rm.update_status("completed")
        runs.append({"id": rid, "beta": beta, "seed": seed})
out = runs
`,
  ) as SeriesRun[];
  // The value reader keeps only files older than a few seconds; age them as a finished sweep would be.
  const old = (Date.now() - 60_000) / 1000;
  for (const r of runs)
    for (const f of ['config.yaml', 'run_params.json', 'results/timeseries.csv', 'results/summary.csv', 'results'])
      fs.utimesSync(path.join(dir, r.id, f), old, old);
  return runs;
}
