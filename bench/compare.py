#!/usr/bin/env python3
"""Build the same generated briefs with mujaz and, where installed, Hugo; print medians and ratios.

    bench/compare.py [--n 2500] [--runs 3] [--scale]

The briefs come from ../shared/bench/gen_corpus.py (the same N bilingual briefs in
each tool's format) when it exists, else from `cargo run --example corpus` (mujaz only).
Each build runs --runs times after one warm-up; wall time and peak memory (the
largest process, from /usr/bin/time) are reported as medians. --scale also builds
10 times as many briefs with mujaz and prints the time ratio.
"""
import argparse, os, shutil, statistics, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py")
MUJAZ = os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release", "mujaz")


def corpus(n, fmt, out):
    if os.path.exists(GEN):
        subprocess.run([sys.executable, GEN, "--n", str(n), "--format", fmt, "--out", out], check=True)
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


def measure(cmd, cwd, runs):
    timed(cmd, cwd)  # warm-up: file cache, first output folder
    samples = [timed(cmd, cwd) for _ in range(runs)]
    return statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples), samples


def count_pages(out):
    return sum(1 for _, _, files in os.walk(out) for f in files if f.endswith(".html"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2500)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--scale", action="store_true")
    a = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "-q"], cwd=ROOT, check=True)
    work = tempfile.mkdtemp(prefix="mujaz-bench-")
    try:
        rows = []
        m_dir = os.path.join(work, "mujaz")
        corpus(a.n, "mujaz", m_dir)
        wall, rss, _ = measure([MUJAZ, "build", "--root", m_dir], work, a.runs)
        pages = count_pages(os.path.join(m_dir, "output"))
        rows.append(("mujaz", wall, rss, pages))
        hugo = shutil.which("hugo")
        if hugo:
            h_dir = os.path.join(work, "hugo")
            if corpus(a.n, "hugo", h_dir):
                hw, hr, _ = measure([hugo, "--quiet", "--source", h_dir], work, a.runs)
                rows.append(("hugo", hw, hr, count_pages(os.path.join(h_dir, "public"))))
        print(f"{a.n} briefs x 2 languages, median of {a.runs} runs after a warm-up, {os.cpu_count()} cores")
        print(f"{'tool':8} {'wall s':>8} {'peak MiB':>9} {'pages':>7} {'ms/page':>8}")
        for name, w, r, p in rows:
            print(f"{name:8} {w:8.2f} {r / 1024:9.0f} {p:7d} {1000 * w / max(p, 1):8.3f}")
        if len(rows) == 2:
            print(f"mujaz/hugo: wall {rows[0][1] / rows[1][1]:.2f}x, peak memory {rows[0][2] / rows[1][2]:.2f}x")
        if a.scale:
            big = os.path.join(work, "big")
            corpus(a.n * 10, "mujaz", big)
            bw, br, _ = measure([MUJAZ, "build", "--root", big], work, max(1, a.runs))
            bp = count_pages(os.path.join(big, "output"))
            print(f"mujaz x10: {bp} pages in {bw:.2f} s, peak {br / 1024:.0f} MiB; time ratio {bw / rows[0][1]:.1f}x for {bp / pages:.1f}x the pages")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
