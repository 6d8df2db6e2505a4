#!/usr/bin/env python3
"""Full builds of the handbook by handbook and mdBook 0.5.4, cold output folder, whole process.

Usage: benches/cold-build.py [ROUNDS] [--new-folders] [OTHER_HANDBOOK_BINARY ...]
(default 21 rounds)

Each round runs every binary once into a folder in memory (/dev/shm, when it exists) and once
into a folder on disk (the temp folder), in an order that flips every round, each run after
`rm -rf` of its output folder and `sync`. With `--new-folders`, each run writes into a new
folder instead, and nothing is deleted until the end: ext4 without a journal (as on this kind
of machine) does not reuse an inode freed in the last minutes, and skips each such inode one by
one on every file it creates, so right after `rm -rf` a build's files cost more the more files
were just deleted. For that figure, start it five minutes after any large deletion (the end of
this script's last run included).

Prints the median wall time and the median CPU time (user + system, from wait4) of each, and
how many times faster than mdBook each is. On this kind of machine a quiet phase and a slow one
can differ by 30 %: only figures of one run compare. Other handbook binaries (an older build,
say) are timed side by side.

Then the same runs paired by round, which cancels most of that drift: mdBook's time over
handbook's in each round (median, range, and in how many rounds it reaches the target), and for
each other binary its difference from the first (median, and in how many rounds it was faster).

Needs mdbook 0.5.4 on PATH or in ~/.cargo/bin (cargo install mdbook --locked --version 0.5.4)
and PyYAML (for benches/support/peers.py, which turns content/ into an mdBook project).
Target (issue: speed): handbook at least 4 times faster than mdBook.
"""
import itertools
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

repo = pathlib.Path(__file__).resolve().parent.parent
args = sys.argv[1:]
rounds = int(args.pop(0)) if args and args[0].isdigit() else 21
new_folders = "--new-folders" in args
args = [a for a in args if a != "--new-folders"]
mdbook = shutil.which("mdbook") or str(pathlib.Path.home() / ".cargo/bin/mdbook")
if not os.access(mdbook, os.X_OK):
    sys.exit("mdbook not found: cargo install mdbook --locked --version 0.5.4")
subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=repo, check=True)
handbooks = [str(repo / "target/release/handbook")] + args

work = pathlib.Path(tempfile.mkdtemp(prefix="handbook-cold-"))
memory = pathlib.Path(tempfile.mkdtemp(prefix="handbook-cold-", dir="/dev/shm")) if os.path.isdir("/dev/shm") else None
subprocess.run([sys.executable, str(repo / "benches/support/peers.py"), str(repo), str(work)], check=True)
folders = {"disk": work / "out"} | ({"memory": memory} if memory else {})


def command(tool, out):
    if tool == mdbook:
        return [tool, "build", str(work / "mdbook"), "--dest-dir", str(out)]
    return [tool, "build", "--root", str(repo), "--out", str(out)]


serial = itertools.count()
TARGET = 4  # issue: speed


def run(tool, where, index):
    name = f"site-{index}-{next(serial)}" if new_folders else f"site-{index}"
    out = folders[where] / name
    shutil.rmtree(out, ignore_errors=True)
    os.sync()
    started = time.perf_counter()
    child = subprocess.Popen(command(tool, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = (time.perf_counter() - started) * 1000
    if status != 0:
        sys.exit(f"{' '.join(command(tool, out))} failed")
    return wall, (usage.ru_utime + usage.ru_stime) * 1000


def walls(tool, where):
    """The wall times of `tool` writing `where`, round by round."""
    return [w for w, _ in times[(tool, where)]]


try:
    tools = handbooks + [mdbook]
    jobs = [(tool, where) for tool in tools for where in folders]
    times = {job: [] for job in jobs}
    for job in jobs:  # one warm-up run each: the binaries and the content in the page cache
        run(*job, jobs.index(job))
    for r in range(rounds):
        for job in jobs if r % 2 == 0 else jobs[::-1]:
            times[job].append(run(*job, jobs.index(job)))
    fresh = "a new output folder each run" if new_folders else "cold output folder (rm -rf)"
    print(f"full build, {fresh}, medians of {rounds} rounds")
    for where in folders:
        reference = statistics.median(walls(mdbook, where))
        for tool in tools:
            wall = statistics.median(walls(tool, where))
            cpu = statistics.median(c for _, c in times[(tool, where)])
            name = "mdbook 0.5.4" if tool == mdbook else tool
            ratio = "" if tool == mdbook else f"  mdBook takes {reference / wall:.2f}x as long"
            print(f"  {where:6s} {name:40s} wall {wall:6.1f} ms  cpu {cpu:6.1f} ms{ratio}")
    print("paired by round (each round runs every binary back to back, so the machine's phase cancels out)")
    for where in folders:
        reference = walls(mdbook, where)
        first = walls(handbooks[0], where)
        for tool in handbooks:
            mine = walls(tool, where)
            ratios = sorted(m / w for m, w in zip(reference, mine))
            line = (f"  {where:6s} {tool:40s} mdBook/handbook median {statistics.median(ratios):.2f}x"
                    f" (rounds {ratios[0]:.2f}-{ratios[-1]:.2f}), at least {TARGET}x in"
                    f" {sum(r >= TARGET for r in ratios)} of {rounds}")
            if tool != handbooks[0]:
                diffs = [w - f for w, f in zip(mine, first)]
                line += (f"; against the first binary {statistics.median(diffs):+.1f} ms,"
                         f" faster in {sum(d < 0 for d in diffs)} of {rounds}")
            print(line)
finally:
    shutil.rmtree(work, ignore_errors=True)
    if memory:
        shutil.rmtree(memory, ignore_errors=True)
