"""Print Lighthouse's four category scores (mobile preset) for the budget pages. A report, not a test.

Usage: bash scripts/lighthouse [--runs N]   (default 5 runs per page; the median is printed)
       (which installs Lighthouse, then runs: python scripts/lighthouse.py --lighthouse PATH [--runs N])

Builds the site strictly into a temporary directory, serves it on 127.0.0.1 with
gzip compression (as GitHub Pages serves it), and runs Lighthouse with Debian's
chromium ($CHROMIUM_PATH, passed to Lighthouse as CHROME_PATH). The pages are
BUDGET_PAGES from scripts/sitetools.py (the home page, a topic page, the corrections page and the drill page)
and the largest topic page.
Goals (issue 6): performance >= 98; accessibility, best practices and SEO 100.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from scripts.sitetools import BUDGET_PAGES, CHROMIUM, CHROMIUM_ARGS, run_build, serve  # noqa: E402

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
LABELS = ("Performance", "Accessibility", "Best practices", "SEO")
#: Lab metrics printed beside the scores: audit id -> (label, unit, divisor of numericValue).
METRICS = {
    "first-contentful-paint": ("FCP", "s", 1000),
    "largest-contentful-paint": ("LCP", "s", 1000),
    "total-blocking-time": ("TBT", "ms", 1),
    "cumulative-layout-shift": ("CLS", "", 1),
}


def build(site: Path) -> None:
    """Build the site strictly into ``site``.

    Raises:
        SystemExit: if the build fails (its output is printed).
    """
    proc = run_build(ROOT, site, quiet=True)
    if proc.returncode:
        sys.exit(proc.stdout)


def audit(lighthouse: Path, url: str, out: Path) -> tuple[dict[str, int], dict[str, str]]:
    """Run Lighthouse (mobile preset, simulated throttling) on ``url``, writing its JSON report to ``out``.

    Returns:
        ``(scores, below)``: each category's score (0-100) and each METRICS value (in
        METRICS' units), and the scored audits below full marks (audit id -> title).

    Raises:
        SystemExit: if Lighthouse fails or reports a runtime error.
    """
    cmd = [
        str(lighthouse),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={' '.join(CHROMIUM_ARGS)}",
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ, CHROME_PATH=str(CHROMIUM)))
    if proc.returncode or not out.is_file():
        sys.exit(f"lighthouse failed on {url}:\n{proc.stdout}{proc.stderr}")
    report = json.loads(out.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        sys.exit(f"lighthouse failed on {url}: {report['runtimeError']}")
    refs = [ref for c in CATEGORIES for ref in report["categories"][c]["auditRefs"]]
    below = {
        ref["id"]: report["audits"][ref["id"]]["title"]
        for ref in refs
        if ref["weight"]
        and (report["audits"][ref["id"]]["score"] or 0) < 1
        and report["audits"][ref["id"]]["scoreDisplayMode"] in ("binary", "numeric")
    }
    scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    scores |= {m: report["audits"][m]["numericValue"] / div for m, (_, _, div) in METRICS.items()}
    return scores, below


def largest_topic(site: Path) -> str:
    """Return the topic page of the built ``site`` whose HTML is largest gzip-compressed, as ``"topics/x/"``."""
    pages = (site / "topics").glob("*/index.html")
    largest = max(pages, key=lambda p: len(gzip.compress(p.read_bytes(), compresslevel=6, mtime=0)))
    return f"topics/{largest.parent.name}/"


def main() -> None:
    """Print the median scores of each budget page and the largest topic page (arguments: see ``--help``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # Five: Lighthouse's docs/variability.md finds the median of 5 runs about twice as
    # stable as a single run; on a shared 2-core machine single runs differ by up to 4 points.
    parser.add_argument("--runs", type=int, default=5, help="runs per page; the median score is printed")
    parser.add_argument("--lighthouse", type=Path, required=True, help="the lighthouse command")
    args = parser.parse_args()
    if not args.lighthouse.exists():
        sys.exit(f"{args.lighthouse} not found — run bash scripts/lighthouse, which installs it")
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build(site)
        with serve(site, compress=True) as base:
            version = subprocess.run([str(args.lighthouse), "--version"], capture_output=True, text=True).stdout.strip()
            print(
                f"Lighthouse {version}, mobile preset, median of {args.runs} run(s) per page "
                "(the lowest and highest score in brackets where they differ)\n"
            )
            print(f"| Page | {' | '.join(LABELS)} | {' | '.join(f'{label}' for label, _, _ in METRICS.values())} |")
            print("|---" * (len(CATEGORIES) + len(METRICS) + 1) + "|")
            notes = []
            for path in (*BUDGET_PAGES, *{largest_topic(site)} - set(BUDGET_PAGES)):
                runs, below = [], {}
                for i in range(args.runs):
                    scores, below_now = audit(args.lighthouse, base + path, Path(tmp) / f"report-{i}.json")
                    runs.append(scores)
                    below.update(below_now)
                median = {k: statistics.median(r[k] for r in runs) for k in (*CATEGORIES, *METRICS)}
                metrics = [
                    f"{median[m]:.{2 if unit != 'ms' else 0}f}{' ' + unit if unit else ''}"
                    for m, (_, unit, _) in METRICS.items()
                ]
                spread = {c: (min(r[c] for r in runs), max(r[c] for r in runs)) for c in CATEGORIES}
                cells = [
                    f"{median[c]:g}" + (f" ({low}–{high})" if low != high else "")
                    for c in CATEGORIES
                    for low, high in [spread[c]]
                ]
                print(f"| /{path} | {' | '.join(cells)} | {' | '.join(metrics)} |")
                notes += [f"/{path}: {audit_id} ({title})" for audit_id, title in below.items()]
            print("\nScored audits below full marks in any run:" if notes else "\nEvery scored audit at full marks.")
            print("\n".join(notes))


if __name__ == "__main__":
    main()
