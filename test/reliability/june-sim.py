"""A simulated JUNE process for test/reliability/concurrency.test.ts.

It drives the reference RunManager the way a JUNE job does, as fast as it can: a few
runs at a time, each created, set running, given checkpoints (a file, then the
metadata entry) and status changes, then completed or failed and replaced by a new
run. Every write is the module's own plain open-and-write, and every change rewrites
the index without a lock. At the end it prints, as JSON, what it did and the last
state it wrote for every run.

usage: june-sim.py REFERENCE_DIR RUNS_DIR SECONDS SEED
"""
import json
import os
import random
import sys
import time

sys.path.insert(0, sys.argv[1])
from run_manager import RunManager  # noqa: E402

base, seconds, seed = sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
random.seed(seed)
SLOTS = 3
CHECKPOINTS_PER_RUN = 20
counts = {"ops": 0, "runs_created": 0, "checkpoints": 0, "status_changes": 0}
final = {}


def start(slot):
    m = RunManager(base)
    m.create_run(description=f"JUNE simulation, slot {slot}", tags=["sim", f"slot-{slot}"], seed=random.randrange(10**6), n_ranks=4)
    m.update_status("running")
    counts["runs_created"] += 1
    return m


def remember(m):
    final[m.run_id] = {"status": m.metadata["status"], "checkpoints": len(m.metadata["checkpoints"]), "tags": m.metadata["tags"]}


runs = [start(i) for i in range(SLOTS)]
end = time.time() + seconds
while time.time() < end:
    slot = random.randrange(SLOTS)
    m = runs[slot]
    n = len(m.metadata["checkpoints"])
    if n >= CHECKPOINTS_PER_RUN:
        m.update_status(random.choice(["completed", "completed", "failed"]))
        counts["status_changes"] += 1
        remember(m)
        runs[slot] = start(slot)
    elif random.random() < 0.5:
        name = f"checkpoint_2020-03-{n + 1:02d}"
        with open(os.path.join(base, m.run_id, "checkpoints", f"{name}.hdf5"), "wb") as f:
            f.write(os.urandom(512))
        # Relative to the simulation's working folder, as JUNE records it (FORMAT.md quirk 3).
        m.add_checkpoint(name, f"runs/{m.run_id}/checkpoints/{name}.hdf5")
        counts["checkpoints"] += 1
    else:
        m.update_status(random.choice(["running", "checkpointed", "resumed"]))
        counts["status_changes"] += 1
    counts["ops"] += 1

for m in runs:
    m.update_status("completed")
    remember(m)
print(json.dumps({**counts, "final": final}))
