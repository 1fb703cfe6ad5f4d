"""Resumed simulations racing a prune, for test/reliability/prune-race.test.ts.

For each trial (a JSON line on stdin: runs dir, seed, parents) it says it is waiting,
waits until a Runyard process holds the index lock (the prune has started moving
runs), then, until the lock is released, resumes the given parents in a random order
as fast as it can, the way a
JUNE job resumes from a checkpoint: the reference RunManager's create_child_run, then
a checkpoint file written into get_checkpoints_dir() (the parent's folder while it
exists) and add_checkpoint. The module takes no lock. It then prints one JSON line:
every child made, with the checkpoint file it wrote, and the attempts that found the
parent gone. One process serves every trial, so Python starts once.

usage: prune-race.py REFERENCE_DIR  (trials on stdin)
"""
import json
import os
import random
import sys
import time

sys.path.insert(0, sys.argv[1])
from run_manager import RunManager  # noqa: E402


def trial(base, seed, parents):
    random.seed(seed)
    lock = os.path.join(base, ".run_index.json.lock")
    deadline = time.time() + 10
    while not os.path.exists(lock) and time.time() < deadline:
        time.sleep(0.0005)
    out = {"children": [], "parent_gone": 0, "checkpoint_failed": 0, "saw_lock": os.path.exists(lock)}
    parents = list(parents)
    random.shuffle(parents)
    for parent in parents:
        if not os.path.exists(lock):
            break  # the prune is over; what comes after cannot race it
        m = RunManager(base)
        try:
            child = m.create_child_run(parent)
        except (ValueError, OSError):
            out["parent_gone"] += 1
            continue
        ckdir = m.get_checkpoints_dir()
        path = os.path.join(str(ckdir), f"checkpoint_{child[:8]}.hdf5")
        try:
            with open(path, "wb") as f:
                f.write(b"\x89HDF\r\n" + child.encode())
            m.add_checkpoint(f"checkpoint_{child[:8]}", path)
        except OSError:
            # The parent's folder moved between get_checkpoints_dir and the write: this
            # simulation would stop here. Nothing was written, so nothing can be lost.
            out["checkpoint_failed"] += 1
            path = None
        out["children"].append({"child": child, "parent": parent, "checkpoint": path})
    return out


for line in sys.stdin:
    t = json.loads(line)
    print(json.dumps({"waiting": True}), flush=True)
    print(json.dumps(trial(t["dir"], t["seed"], t["parents"])), flush=True)
