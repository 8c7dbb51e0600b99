"""Print build figures: the real site, and synthetic knowledge bases of 1,000 and 10,000 questions.

Usage: python scripts/benchmark.py [--runs N] [--sizes 1000,10000] [--per-page Q] [--keep DIR] [--profile]

For the real site: the median of N (default 5) ``mkdocs build --strict`` runs, the
peak memory of a build and the size of the built site. For each synthetic size: a
knowledge base generated into a temporary directory (sources with archives and
SHA-256, a bibliography, topic pages of Q questions each using every macro:
source_item with verdicts, corrections with cite, answers, interviewer notes,
question_link cross-links, formulas), built once with the project's mkdocs.yml,
macros and overrides; its build time, peak memory and site size.

Each build is a fresh subprocess; its time includes Python start-up and plugin
loading, its peak memory is the child's maximum resident set size (``wait4``).
Goals (issue 6, 2 cores): real site <= 2 s; 10,000 questions <= 15 s and <= 400 MB.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from macros.pages import QUESTION_RE  # noqa: E402
from macros.scales import LEVELS, VERDICTS  # noqa: E402
from scripts.sitetools import build_command, build_env  # noqa: E402

#: Verdicts cycled through the synthetic items (every answered verdict on the scale, accurate and
#: wrong twice); all but accurate need a (reviewed) correction.
CYCLE = (*(v for v in VERDICTS if v != "unanswered"), "accurate", "wrong")
SOURCES = 10
REFERENCES = 50


#: Where a profiled build's time goes: label -> the function (file suffix, name) whose cumulative time it is.
STAGES = {"Python-Markdown (with the project's extensions)": ("markdown/core.py", "convert"),
          "Material's search index": ("material/plugins/search/plugin.py", "on_page_context"),
          "content checks and knowledge model": ("macros/checks.py", "check_all"),
          "page templates (Jinja)": ("jinja2/environment.py", "render")}


def build(project: Path, site_dir: Path, profile: Path | None = None) -> tuple[float, int]:
    """Run ``mkdocs build --strict`` for ``project`` into ``site_dir``.

    Args:
        project: the directory holding ``mkdocs.yml``.
        site_dir: where the site is written.
        profile: if given, the build runs under cProfile, which writes its statistics to this file.

    Returns:
        ``(seconds, peak_rss_bytes)``: wall-clock time and the build process's maximum resident set size.

    Raises:
        SystemExit: if the build fails (its output is printed).
    """
    start = time.perf_counter()
    python_args = ("-m", "cProfile", "-o", str(profile)) if profile else ()
    proc = subprocess.Popen(build_command(project, site_dir, quiet=True, python_args=python_args),
                            cwd=project, env=build_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        sys.exit(f"build of {project} failed:\n{output.decode(errors='replace')}")
    return elapsed, usage.ru_maxrss * 1024  # Linux reports KiB


def stage_shares(profile: Path) -> dict[str, float]:
    """Each stage's share of a profiled build's total time.

    Args:
        profile: a statistics file written by cProfile (``build(..., profile=...)``).

    Returns:
        STAGES' labels -> the share (0 to 1) of the build's total time spent in that stage's function.

    Raises:
        OSError: if ``profile`` cannot be read.
        EOFError, ValueError: if it is not cProfile's statistics (marshal cannot load it).
    """
    stats = pstats.Stats(str(profile)).stats  # (file, line, name) -> (calls, primitive, tottime, cumtime, callers)
    total = max(cum for _, _, _, cum, _ in stats.values())
    return {label: sum(cum for (file, _, name), (_, _, _, cum, _) in stats.items() if file.endswith(suffix) and name == func)
            / total for label, (suffix, func) in STAGES.items()}


def site_size(site_dir: Path) -> tuple[int, int, int, int, int]:
    """Return ``(HTML pages, files, bytes, gzip-compressed bytes, gzip-compressed search index bytes)`` of ``site_dir``."""
    files = [p for p in site_dir.rglob("*") if p.is_file()]
    raw = sum(p.stat().st_size for p in files)
    gz = sum(len(gzip.compress(p.read_bytes(), 6)) for p in files)
    index = len(gzip.compress((site_dir / "search" / "search_index.json").read_bytes(), 6))
    return sum(p.suffix == ".html" for p in files), len(files), raw, gz, index


# ---------------------------------------------------------------------------
# The synthetic knowledge base


def _item_text(n: int) -> tuple[str, list]:
    question = f"What does synthetic concept {n} mean, and when would you use it?"
    answer = [f"Concept {n} is a made-up idea used to measure how the build scales: it has a "
              f"definition, a use and a limit, exactly like concept {n + 1}.",
              [f"It applies to case {n}a.", f"It fails in case {n}b."]]
    return question, answer


def _question_md(n: int, total: int, item_id: str, verdict: str) -> str:
    ref = lambda k: f'{{{{ cite("ref-{(n + k) % REFERENCES:03d}") }}}}'  # noqa: E731
    out = [f"## What is synthetic concept {n}? {{ #q-{n:05d} }}", "", f'{{{{ source_item("{item_id}", "{verdict}") }}}}', ""]
    if verdict != "accurate":
        out += [f'!!! correction {verdict} "Concept {n} is not what the source says: it has a limit"', "",
                f"    1. **The definition misses the limit.** With $x_{{{n}}}$ the input, the limit is",
                "",
                f"        $$\\lim_{{x \\to \\infty}} \\frac{{{n} x}}{{x + 1}} = {n},$$",
                "",
                "        which the source leaves out.", "", "    **References**", "", f"    - {ref(0)}", "",
                "    *Reviewed by a second editor on 2026-01-01.*", ""]
    out += ['!!! answer "Answer"', "",
            f"    Concept {n} has a definition, a use and a limit; precision is $TP/(TP + FP)$ in case {n}a.", "",
            "    **References**", "", f"    - {ref(1)}", f"    - {ref(2)}", "",
            f'??? interviewer {LEVELS[n % 3]} "Interviewer notes"', "",
            f"    **Tests:** whether the candidate knows concept {n}.", "",
            "    **A strong answer:** names the definition, the use and the limit.", "",
            "    **Red flags:** confuses it with its neighbour.", "",
            f"    **Follow-ups:** how does it relate to concept {n + 1}?", "",
            f"    **Tags:** synthetic, group-{n % 20}", ""]
    out += [f'See also {{{{ question_link("q-{(n + 1) % total:05d}") }}}} and '
            f'{{{{ question_link("q-{(n + total // 2) % total:05d}") }}}}.', ""]
    return "\n".join(out)


def generate(project: Path, questions: int, per_page: int) -> None:
    """Write a synthetic knowledge base of ``questions`` questions into ``project`` (created).

    It uses the project's mkdocs.yml (its nav replaced by the synthetic topics), macros,
    overrides and stylesheet, so the build runs the same code as the real site.

    Raises:
        ValueError: if mkdocs.yml has no top-level ``nav:`` block to replace.
    """
    docs = project / "docs"
    for sub in ("sources/archive", "references", "topics", "about"):
        (docs / sub).mkdir(parents=True, exist_ok=True)
    (project / "macros").symlink_to(ROOT / "macros", target_is_directory=True)
    (project / "overrides").symlink_to(ROOT / "overrides", target_is_directory=True)
    (docs / "stylesheets").symlink_to(ROOT / "docs" / "stylesheets", target_is_directory=True)

    pages = (questions + per_page - 1) // per_page
    nav = "nav:\n  - Home: index.md\n  - Topics:\n" + "".join(f"      - topics/t{p:03d}.md\n" for p in range(pages))
    nav += ("  - Sources:\n      - sources/index.md\n" + "".join(f"      - sources/src{s:02d}.md\n" for s in range(SOURCES))
            + "  - About:\n      - about/methodology.md\n")
    config, count = re.subn(r"^nav:\n(?:[ \t].*\n|\n)*", nav, (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), flags=re.M)
    if count != 1:
        raise ValueError(f"{ROOT / 'mkdocs.yml'}: no top-level 'nav:' block found — the benchmark replaces it with the synthetic topics")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")

    refs = [{"id": f"ref-{r:03d}", "kind": "book", "authors": [f"A. Author {r}"], "title": f"Synthetic reference {r}",
             "year": 2000 + r % 25, "publisher": "Benchmark Press"} for r in range(REFERENCES)]
    (docs / "references" / "bench.yml").write_text(yaml.safe_dump(refs, sort_keys=False), encoding="utf-8")

    # One item per question, spread over the sources; each archive holds its items' text.
    items: dict[int, list] = {s: [] for s in range(SOURCES)}
    topics: dict[int, list[str]] = {p: [] for p in range(pages)}
    for n in range(questions):
        s = n % SOURCES
        item_id = f"src{s:02d}-{n:05d}"
        question, answer = _item_text(n)
        items[s].append({"id": item_id, "locator": f"question {n}", "question": question, "answer": answer})
        topics[n // per_page].append(_question_md(n, questions, item_id, CYCLE[n % len(CYCLE)]))
    for s, its in items.items():
        archive = "\n\n".join(q["question"] + "\n\n" + a[0] + "\n\n" + "\n".join(a[1])
                              for q in its for a in [q["answer"]]) + "\n"
        (docs / "sources" / "archive" / f"src{s:02d}.txt").write_text(archive, encoding="utf-8")
        data = {"id": f"src{s:02d}", "publisher": f"Publisher {s}", "title": f"Synthetic article {s}",
                "url": f"https://example.org/article-{s}", "published": "2024-01-01", "retrieved": "2024-06-01",
                "archive": f"archive/src{s:02d}.txt", "archive_sha256": hashlib.sha256(archive.encode()).hexdigest(),
                "items": its}
        (docs / "sources" / f"src{s:02d}.yml").write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
        (docs / "sources" / f"src{s:02d}.md").write_text(
            f"---\ntitle: Synthetic article {s}\ndescription: Every item of synthetic article {s}.\n---\n\n"
            f"# Synthetic article {s}\n\n{{{{ source_page(\"src{s:02d}\") }}}}\n", encoding="utf-8")
    # The list of published question ids that the build checks (macros/ids.py).
    ids = {"questions": {f"q-{n:05d}": f"topics/t{n // per_page:03d}.md" for n in range(questions)}, "aliases": {}}
    (docs / "ids.json").write_text(json.dumps(ids, indent=2) + "\n", encoding="utf-8")
    for p, body in topics.items():
        (docs / "topics" / f"t{p:03d}.md").write_text(
            f"---\ntitle: Synthetic topic {p}\ndescription: Synthetic questions {p * per_page} to "
            f"{p * per_page + len(body) - 1}, generated by the build benchmark.\n---\n\n# Synthetic topic {p}\n\n"
            + "\n".join(body), encoding="utf-8")
    (docs / "index.md").write_text("---\ntitle: Synthetic knowledge base\ndescription: A generated knowledge base "
                                   "for the build benchmark.\n---\n\n# Synthetic knowledge base\n\n"
                                   "{{ verdict_table() }}\n\n## Topics\n\n{{ topic_cards() }}\n", encoding="utf-8")
    (docs / "sources" / "index.md").write_text("---\ntitle: Sources\ndescription: The synthetic sources.\n---\n\n"
                                               "# Sources\n\n{{ source_table() }}\n", encoding="utf-8")
    (docs / "about" / "methodology.md").write_text("---\ntitle: Methodology\ndescription: The verdict scale.\n---\n\n"
                                                   "# Methodology\n\n## Verdicts { #verdicts }\n\n{{ verdict_table() }}\n",
                                                   encoding="utf-8")


def main() -> None:
    """Build the real site and the synthetic ones, and print the table of figures (options: see ``--help``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="strict builds of the real site (median reported)")
    parser.add_argument("--sizes", default="1000,10000", help="synthetic knowledge-base sizes, in questions")
    parser.add_argument("--per-page", type=int, default=100, help="questions per synthetic topic page")
    parser.add_argument("--keep", type=Path, help="generate the synthetic projects here and keep them")
    parser.add_argument("--profile", action="store_true",
                        help="build the largest synthetic size once more under cProfile and print where the time goes")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        runs = [build(ROOT, site) for _ in range(args.runs)]
        pages, files, raw, gz, index = site_size(site)
        times = [t for t, _ in runs]
        real_questions = sum(1 for md in (ROOT / "docs" / "topics").glob("*.md")
                             for line in md.read_text(encoding="utf-8").splitlines() if QUESTION_RE.match(line))
        rows.append((f"real site, median of {args.runs}", f"{real_questions:,}", pages, statistics.median(times), max(m for _, m in runs), files, raw, gz, index))
        print(f"real site: {args.runs} strict builds, median {statistics.median(times):.2f} s "
              f"(min {min(times):.2f} s, max {max(times):.2f} s)", flush=True)
        for n in sizes:
            base = args.keep or Path(tmp)
            project = base / f"synthetic-{n}"
            shutil.rmtree(project, ignore_errors=True)
            start = time.perf_counter()
            generate(project, n, args.per_page)
            print(f"synthetic {n}: generated in {time.perf_counter() - start:.1f} s, building…", flush=True)
            seconds, peak = build(project, project / "site")
            pages, files, raw, gz, index = site_size(project / "site")
            rows.append((f"synthetic, {n:,} questions", f"{n:,}", pages, seconds, peak, files, raw, gz, index))
        if args.profile and sizes:  # where the time goes, printed before the table
            n = max(sizes)
            seconds, _ = build(base / f"synthetic-{n}", Path(tmp) / "profiled", Path(tmp) / "build.prof")
            print(f"synthetic {n:,}, one more build under cProfile ({seconds:.1f} s with the profiler's overhead):")
            for label, share in stage_shares(Path(tmp) / "build.prof").items():
                print(f"  {label}: {100 * share:.0f} %")

    print("\n| Knowledge base | Questions | HTML pages | Build time | Peak memory | Site size (gzip) | Search index (gzip) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, q, pages, seconds, peak, files, raw, gz, index in rows:
        print(f"| {name} | {q} | {pages} | {seconds:.2f} s | {peak / 2**20:.0f} MiB | "
              f"{raw / 2**20:.1f} MiB ({gz / 2**20:.1f} MiB), {files} files | {index / 1024:,.0f} KiB |")
    if len(sizes) >= 2:  # growth between the first two synthetic sizes
        (q1, t1, m1), (q2, t2, m2) = [(n, row[3], row[4]) for n, row in zip(sizes[:2], rows[1:3], strict=True)]
        print(f"\ngrowth {q1:,} -> {q2:,} questions (x{q2 / q1:g}): build time x{t2 / t1:.1f}, "
              f"peak memory x{m2 / m1:.1f}; {1000 * (t2 - t1) / (q2 - q1):.1f} ms per additional question")

if __name__ == "__main__":
    main()
