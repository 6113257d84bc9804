#!/usr/bin/env python3
"""What the search index costs a build: the same site built with and without it.

    bench/search_share.py [--root .] [--rounds 200] [--seed 1] [--mujaz PATH]

Builds the site at --root (the example site by default) with the release
binary, as it is and with MUJAZ_BENCH_NO_SEARCH=1 (no entries, no index
files; the pages are the same), in a random order within each round, so
that the machine's drift touches both alike. The issue's 2,500-brief
corpus is made by
`python3 ../shared/bench/gen_corpus.py --n 2500 --format mujaz --out DIR`;
`cargo run --release --example corpus 2500 DIR` makes another, with fewer
words a brief and charts, where the index weighs less. Prints the medians of wall and CPU time (the child's
user + system time) and the index's share of a build, (with - without) /
with, with a 95 % interval from resampling the rounds. --mujaz times
another binary (another commit's) instead of building this one.

Each configuration builds into an output folder of its own. Alternating
both into one folder makes each build with the index create its index
files anew in a folder the other build just emptied, which on some file
systems costs the with-index build far more than the index does.
"""
import argparse, os, random, resource, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MUJAZ = os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release", "mujaz")
TARGET = 10.0


def build(mujaz, root, output, search):
    """(wall ms, CPU ms) of one build."""
    env = dict(os.environ)
    env.pop("MUJAZ_TIMINGS", None)
    if not search:
        env["MUJAZ_BENCH_NO_SEARCH"] = "1"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    r = subprocess.run([mujaz, "build", "--root", root, "--output", output, "-q"], env=env, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode != 0:
        sys.exit(f"the build of {root} failed:\n{r.stderr.decode(errors='replace')}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall * 1000, cpu * 1000


def share(with_index, without):
    """The index's share of a build, in %, from the medians."""
    a, b = statistics.median(with_index), statistics.median(without)
    return 100 * (a - b) / a


def interval(pairs, rng, draws=2000):
    """A 95 % interval of `share` by resampling the rounds."""
    shares = []
    for _ in range(draws):
        sample = [pairs[rng.randrange(len(pairs))] for _ in pairs]
        shares.append(share([p[0] for p in sample], [p[1] for p in sample]))
    shares.sort()
    return shares[int(0.025 * draws)], shares[int(0.975 * draws) - 1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=ROOT)
    ap.add_argument("--rounds", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--mujaz")
    a = ap.parse_args()
    if a.mujaz is None:
        subprocess.run(["cargo", "build", "--release", "-q", "--bin", "mujaz"], cwd=ROOT, check=True)
    mujaz = a.mujaz or MUJAZ
    rng = random.Random(a.seed)
    work = tempfile.mkdtemp(prefix="mujaz-search-share-")
    try:
        outputs = {True: os.path.join(work, "with"), False: os.path.join(work, "without")}
        # Warm-up: the file cache, and each output folder's previous builds,
        # which later builds write over.
        for _ in range(3):
            for search in (True, False):
                build(mujaz, a.root, outputs[search], search)
        runs = {True: [], False: []}
        for _ in range(a.rounds):
            order = [True, False]
            rng.shuffle(order)
            for search in order:
                runs[search].append(build(mujaz, a.root, outputs[search], search))
        print(f"{a.root}: {a.rounds} rounds, with and without the index in random order, {os.cpu_count()} cores")
        print(f"{'':5} {'with ms':>9} {'without ms':>11} {'index share':>12} {'95 % interval':>16}")
        verdicts = []
        for k, name in enumerate(["wall", "CPU"]):
            with_index = [r[k] for r in runs[True]]
            without = [r[k] for r in runs[False]]
            s = share(with_index, without)
            lo, hi = interval(list(zip(with_index, without)), rng)
            print(
                f"{name:5} {statistics.median(with_index):9.2f} {statistics.median(without):11.2f} "
                f"{s:11.1f} % {lo:7.1f} - {hi:4.1f} %"
            )
            verdicts.append((name, hi))
        for name, hi in verdicts:
            met = "under" if hi <= TARGET else "not reliably under"
            print(f"{name}: {met} the target of {TARGET:.0f} % (upper bound {hi:.1f} %)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
