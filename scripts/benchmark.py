"""Print build figures for the real site: median strict-build time and the size of the built site.

Usage: python scripts/benchmark.py [--runs N]   (default 5 runs)

Each run is a fresh ``mkdocs build --strict`` in a subprocess writing to a temporary
directory; the time includes Python start-up and plugin loading.
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build_once(site_dir: Path) -> float:
    """Build the site into ``site_dir``; return the wall-clock time in seconds.

    Raises:
        SystemExit: if the build fails (its output is printed).
    """
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site_dir)],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode:
        sys.exit(proc.stdout + proc.stderr)
    return elapsed


def site_size(site_dir: Path) -> tuple[int, int, int]:
    """Return (files, bytes, gzip-compressed bytes) of everything in ``site_dir``."""
    files = [p for p in site_dir.rglob("*") if p.is_file()]
    raw = sum(p.stat().st_size for p in files)
    gz = sum(len(gzip.compress(p.read_bytes(), 9)) for p in files)
    return len(files), raw, gz


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        times = [build_once(site) for _ in range(args.runs)]
        files, raw, gz = site_size(site)
        pages = len(list(site.rglob("*.html")))
    print(f"strict build, {args.runs} runs: median {statistics.median(times):.2f} s "
          f"(min {min(times):.2f} s, max {max(times):.2f} s)")
    print(f"built site: {pages} HTML pages, {files} files, {raw / 1024:.0f} KiB ({gz / 1024:.0f} KiB gzip-compressed)")


if __name__ == "__main__":
    main()
