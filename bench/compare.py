#!/usr/bin/env python3
"""Build the same generated briefs with mujaz and, where installed, Hugo; print medians and ratios.

    bench/compare.py [--n 2500] [--runs 3] [--scale] [--gen PATH]

The briefs come from ../shared/bench/gen_corpus.py (the same N bilingual briefs in
each tool's format; --gen names it when the checkout is elsewhere) when it exists,
else from `cargo run --example corpus` (mujaz only): two different corpora, so
the script says which one it built.
Each build runs once to warm up, then the tools run in turn --runs times (mujaz,
Hugo, mujaz on 10 times the briefs, mujaz, ...), so that the machine's drift
touches each alike. Wall time and peak memory (the largest process, from
/usr/bin/time) are medians; ratios are the medians of the run-by-run ratios.
--scale also builds 10 times as many briefs with mujaz.
"""
import argparse, os, shutil, statistics, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py")
MUJAZ = os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release", "mujaz")


def corpus(n, fmt, out, gen=GEN):
    if os.path.exists(gen):
        subprocess.run([sys.executable, gen, "--n", str(n), "--format", fmt, "--out", out], check=True)
    elif fmt == "mujaz":
        subprocess.run(["cargo", "run", "--release", "-q", "--example", "corpus", "--", str(n), out], cwd=ROOT, check=True)
    else:
        return False
    return True


def timed(cmd, cwd):
    """(wall seconds, peak KiB) of one run."""
    fmt = "%e %M"
    r = subprocess.run(["/usr/bin/time", "-f", fmt] + cmd, cwd=cwd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{r.stdout}\n{r.stderr}")
    wall, rss = r.stderr.strip().splitlines()[-1].split()
    return float(wall), int(rss)


def count_pages(out):
    return sum(1 for _, _, files in os.walk(out) for f in files if f.endswith(".html"))


def median_ratio(a, b):
    """Median, min and max of a[i] / b[i]: runs taken in turn, so a ratio holds as the machine drifts."""
    r = sorted(x / y for x, y in zip(a, b))
    return statistics.median(r), r[0], r[-1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2500)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--scale", action="store_true")
    ap.add_argument("--gen", default=GEN, help="gen_corpus.py, if not at ../shared/bench/")
    a = ap.parse_args()
    if os.path.exists(a.gen):
        print(f"corpus: {os.path.normpath(a.gen)} --n {a.n}", file=sys.stderr)
    else:
        print(f"corpus: examples/corpus.rs --n {a.n} ({a.gen} not found: not the same briefs)", file=sys.stderr)
    subprocess.run(["cargo", "build", "--release", "-q"], cwd=ROOT, check=True)
    work = tempfile.mkdtemp(prefix="mujaz-bench-")
    try:
        # name -> (command, output folder)
        tools = {}
        m_dir = os.path.join(work, "mujaz")
        corpus(a.n, "mujaz", m_dir, a.gen)
        tools["mujaz"] = ([MUJAZ, "build", "--root", m_dir], os.path.join(m_dir, "output"))
        hugo = shutil.which("hugo")
        if hugo:
            h_dir = os.path.join(work, "hugo")
            if corpus(a.n, "hugo", h_dir, a.gen):
                tools["hugo"] = ([hugo, "--quiet", "--source", h_dir], os.path.join(h_dir, "public"))
        if a.scale:
            big = os.path.join(work, "big")
            corpus(a.n * 10, "mujaz", big, a.gen)
            tools["mujaz x10"] = ([MUJAZ, "build", "--root", big], os.path.join(big, "output"))
        # One warm-up each (file cache, first output folder), then the tools
        # in turn, run after run.
        for cmd, _ in tools.values():
            timed(cmd, work)
        samples = {name: [] for name in tools}
        for _ in range(a.runs):
            for name, (cmd, _) in tools.items():
                samples[name].append(timed(cmd, work))
        print(f"{a.n} briefs x 2 languages, median of {a.runs} runs taken in turn after a warm-up, {os.cpu_count()} cores")
        print(f"{'tool':10} {'wall s':>8} {'peak MiB':>9} {'pages':>7} {'ms/page':>8}")
        wall = {name: [s[0] for s in runs] for name, runs in samples.items()}
        rss = {name: [s[1] for s in runs] for name, runs in samples.items()}
        pages = {name: count_pages(out) for name, (_, out) in tools.items()}
        for name in tools:
            w, r, p = statistics.median(wall[name]), statistics.median(rss[name]), pages[name]
            print(f"{name:10} {w:8.2f} {r / 1024:9.0f} {p:7d} {1000 * w / max(p, 1):8.3f}")
        if "hugo" in tools:
            wr, wlo, whi = median_ratio(wall["mujaz"], wall["hugo"])
            mr, mlo, mhi = median_ratio(rss["mujaz"], rss["hugo"])
            print(f"mujaz/hugo: wall {wr:.2f}x ({wlo:.2f}-{whi:.2f}), peak memory {mr:.2f}x ({mlo:.2f}-{mhi:.2f})")
        if a.scale:
            r, lo, hi = median_ratio(wall["mujaz x10"], wall["mujaz"])
            print(
                f"mujaz x10: {pages['mujaz x10'] / pages['mujaz']:.1f}x the pages in {r:.1f}x the time "
                f"({lo:.1f}-{hi:.1f} over {a.runs} pairs)"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
