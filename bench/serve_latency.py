#!/usr/bin/env python3
"""Time from saving a brief to `mujaz serve` answering with the new text.

    bench/serve_latency.py SITE_DIR [RUNS]

Starts `mujaz serve --port 0` on SITE_DIR (a generated corpus: its first
brief must be content/briefs/brief-00000.en.md), appends a marker to that
brief RUNS times (default 7), polls the page every 3 ms until the marker is
served, and prints each time and the median. The brief is restored after.
"""
import os, re, statistics, subprocess, sys, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MUJAZ = os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release", "mujaz")


def main():
    site = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    server = subprocess.Popen([MUJAZ, "serve", "--root", site, "--port", "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    port, built = None, False
    while not (port and built):
        line = server.stdout.readline()
        if not line:
            sys.exit("mujaz serve stopped")
        m = re.search(r"127\.0\.0\.1:(\d+)", line)
        port = port or (m and m.group(1))
        built = built or line.startswith("built")
    path = os.path.join(site, "content/briefs/brief-00000.en.md")
    original = open(path, encoding="utf-8").read()
    times = []
    try:
        for n in range(runs):
            marker = f"Latency marker {n} {time.time()}"
            start = time.time()
            with open(path, "w", encoding="utf-8") as f:
                f.write(f"{original}\n{marker}\n")
            while marker not in urllib.request.urlopen(f"http://127.0.0.1:{port}/en/briefs/brief-00000/").read().decode():
                time.sleep(0.003)
            times.append((time.time() - start) * 1000)
            time.sleep(0.3)
    finally:
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
        server.terminate()
        server.wait()
    print("save to served page, ms:", [round(t) for t in times], "median", round(statistics.median(times)))


if __name__ == "__main__":
    main()
