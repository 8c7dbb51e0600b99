"""Print build figures: the real site, synthetic knowledge bases of 1,000 and 10,000 questions, and our overhead.

Usage: python scripts/benchmark.py [--runs N] [--size-runs M] [--sizes 1000,10000] [--per-page Q]
                                   [--compare REF] [--keep DIR] [--profile]

The real site: the median of N (default 5) ``mkdocs build --strict`` runs of the project as
it is (mkdocs.yml unchanged, the git-revision-date plugin included), the peak memory of a
build and the size of the built site. With ``--compare REF``, the tree of commit REF is
checked out in a temporary git worktree and the two trees are built alternately (this
tree, REF, this tree, REF…), N times each: the real site's build time before and after.

Each synthetic size: a knowledge base generated into a temporary directory (sources with
archives and SHA-256, a bibliography, topic pages of Q questions each using every macro:
source_item with verdicts, corrections with cite, answers, interviewer notes,
question_link cross-links, formulas), with the project's mkdocs.yml (its nav replaced),
macros and overrides.

The overhead: for the real site and each synthetic size, the same Markdown as it stands
after the macros run (every call expanded by the functions ``define_env`` registers, the
front matter kept) is built as a bare site: plain MkDocs and Material with mkdocs.yml's
theme, settings and Markdown extensions, but without the macros plugin, so without our
content checks, our macros and our two Markdown extensions (MathML formulas and the reader
tools' slots; the bare site shows formulas as ``$…$`` text). Neither build has the
git-revision-date plugin (the real site is built from a copy without it). The two are built
alternately (ours, bare, ours, bare…), N times at the real size and M times (default 3) at
each synthetic size; the ratio ours / bare of the medians, of wall-clock and of CPU time,
and the time per question. The synthetic rows of the first table are these "ours" builds.
With ``--profile``, the real site, the largest size and their bare twins are built once more
with the CPU time of each stage measured (``STAGES``): where our overhead goes.

Each build is a fresh subprocess; its time includes Python start-up and plugin loading;
its CPU time is the user and system time of the build and the processes it waited for, its
peak memory the child's maximum resident set size (``wait4``). CPU time is the steadier
figure on a shared machine. Goals (issue 6, 2 cores): real site <= 2 s; 10,000 questions
<= 15 s and <= 400 MB. Overhead (issue 15): ours / bare <= 1.15 at 10,000 questions, the time
per question flat from 1,000 to 10,000; (issue 18) the real site's strict build <= 1.3x bare.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import macros  # noqa: E402
from macros import checks  # noqa: E402
from macros.pages import QUESTION_RE  # noqa: E402
from macros.scales import LEVELS, VERDICTS  # noqa: E402
from macros.template import expand  # noqa: E402
from scripts.sitetools import build_command, build_env  # noqa: E402

#: Verdicts cycled through the synthetic items (every answered verdict on the scale, accurate and
#: wrong twice); all but accurate need a (reviewed) correction.
CYCLE = (*(v for v in VERDICTS if v != "unanswered"), "accurate", "wrong")
SOURCES = 10
REFERENCES = 50
#: The plugins left out: of both builds of the overhead (dates from git history), of the bare one (ours).
GIT_PLUGIN = "git-revision-date-localized"
MACROS_PLUGIN = "macros"

#: Where a build's CPU time goes (``--profile``): label -> the functions (module, attribute) whose time,
#: outermost calls only, the stage is. An indented stage is part of the one above it. Modules that a
#: build cannot import (the bare site has no ``macros``) are left out.
STAGES = {
    "Python-Markdown (all extensions)": [("markdown.core", "Markdown.convert")],
    "  our formulas extension (MathML)": [
        ("macros.mathml", "_Inline.handleMatch"),
        ("macros.mathml", "_Block.generic_output"),
    ],
    "  our tool-slots extension": [("macros.slots", "_ToolSlots.run")],
    "Material's search index": [
        ("material.plugins.search.plugin", "SearchPlugin.on_page_context"),
        ("material.plugins.search.plugin", "SearchPlugin.on_post_build"),
    ],
    "page templates (Jinja)": [("jinja2.environment", "Template.render")],
    "mkdocs-macros, set-up (define_env)": [("mkdocs_macros.plugin", "MacrosPlugin.on_config")],
    "  configuration and file checks": [
        ("macros.site_config", "check_config"),
        ("macros.site_files", "check_files"),
    ],
    "  reading the pages": [("macros.pages", "read_pages")],
    "  data files (YAML, JSON Schema)": [("macros.data", "load_sources"), ("macros.data", "load_references")],
    "  knowledge model": [("macros.model", "assemble")],
    "  rules": [("macros.rules", "check")],
    "    formulas converted to MathML (kept for the pages)": [("macros.mathml", "formula_problems")],
    "  permanent links": [("macros.ids", "check")],
    "mkdocs-macros, pages (our macros)": [("mkdocs_macros.plugin", "MacrosPlugin.on_page_markdown")],
    "mkdocs-macros, after the build (our export)": [("mkdocs_macros.plugin", "MacrosPlugin.on_post_build")],
}

#: Run as ``python -c STAGE_TIMER OUT STAGES_JSON -m mkdocs …``: MkDocs with each stage's functions
#: wrapped in a timer of the process's CPU time, and the garbage collector's time (``gc.callbacks``,
#: within whichever stage allocates); the seconds per stage are written to OUT as JSON.
STAGE_TIMER = """
import importlib, json, runpy, sys, time
out, stages, sys.argv = sys.argv[1], json.loads(sys.argv[2]), ["mkdocs", *sys.argv[5:]]
GC = "garbage collection"
spent = dict.fromkeys(stages, 0.0)

def timed(label, function):
    depth = [0]
    def wrapper(*args, **kwargs):
        if depth[0]:
            return function(*args, **kwargs)
        depth[0] += 1
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label] += time.process_time() - start
            depth[0] -= 1
    return wrapper

for label, functions in stages.items():
    for module, path in functions:
        try:
            owner = importlib.import_module(module)
        except ImportError:
            continue
        *parents, name = path.split(".")
        for parent in parents:
            owner = getattr(owner, parent)
        setattr(owner, name, timed(label, getattr(owner, name)))
import gc
gc_start = [0.0]
spent[GC] = 0.0
def on_gc(phase, info):
    if phase == "start":
        gc_start[0] = time.process_time()
    else:
        spent[GC] += time.process_time() - gc_start[0]
gc.callbacks.append(on_gc)
try:
    runpy.run_module("mkdocs", run_name="__main__")
except SystemExit as e:
    if e.code:
        raise
with open(out, "w") as f:
    json.dump(spent, f)
"""


class Run(NamedTuple):
    """One build's figures: wall-clock seconds, CPU seconds (user + system), peak resident set size in bytes."""

    seconds: float
    cpu: float
    peak: int


def build(project: Path, site_dir: Path, python_args: tuple[str, ...] = ()) -> Run:
    """Run ``mkdocs build --strict`` for ``project`` into ``site_dir``.

    Args:
        project: the directory holding ``mkdocs.yml``.
        site_dir: where the site is written.
        python_args: arguments for Python before ``-m mkdocs`` (see ``timed_build``).

    Returns:
        The build's ``Run``: wall-clock time, CPU time (of the build and the processes it waited for,
        e.g. git) and maximum resident set size.

    Raises:
        SystemExit: if the build fails (its output is printed).
    """
    start = time.perf_counter()
    proc = subprocess.Popen(
        build_command(project, site_dir, quiet=True, python_args=python_args),
        cwd=project,
        env=build_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        sys.exit(f"build of {project} failed:\n{output.decode(errors='replace')}")
    return Run(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024)  # Linux reports KiB


def median(runs: list[Run], field: str = "seconds") -> float:
    """The median of one field (``seconds``, ``cpu`` or ``peak``) of ``runs``."""
    return statistics.median(getattr(r, field) for r in runs)


def timed_build(project: Path, site_dir: Path, out: Path) -> tuple[Run, dict[str, float]]:
    """Build ``project`` once with each stage of ``STAGES`` timed (``STAGE_TIMER``).

    Args:
        project: the directory holding ``mkdocs.yml``.
        site_dir: where the site is written.
        out: a file for the timer's figures.

    Returns:
        The build's ``Run`` and ``STAGES``' labels -> CPU seconds.

    Raises:
        SystemExit: if the build fails.
    """
    run = build(project, site_dir, python_args=("-c", STAGE_TIMER, str(out), json.dumps(STAGES)))
    return run, json.loads(out.read_text(encoding="utf-8"))


def site_size(site_dir: Path) -> tuple[int, int, int, int, int]:
    """Return ``(HTML pages, files, bytes, gzip bytes, gzip bytes of the search index)`` of ``site_dir``."""
    files = [p for p in site_dir.rglob("*") if p.is_file()]
    raw = sum(p.stat().st_size for p in files)
    gz = sum(len(gzip.compress(p.read_bytes(), 6)) for p in files)
    index = len(gzip.compress((site_dir / "search" / "search_index.json").read_bytes(), 6))
    return sum(p.suffix == ".html" for p in files), len(files), raw, gz, index


# ---------------------------------------------------------------------------
# Projects to build: a copy without a plugin, and the bare twin


def without_plugins(config: str, names: Iterable[str]) -> str:
    """Return mkdocs.yml's text without the entries (and options) of the plugins ``names``.

    Args:
        config: the text of an mkdocs.yml whose plugins are a list of ``- name:`` entries.
        names: plugin names, e.g. ``["macros"]``.

    Returns:
        The text (str), otherwise unchanged.

    Raises:
        ValueError: if a plugin has not exactly one entry.
    """
    for name in names:
        entry = rf"^([ \t]+)- {re.escape(name)}(?:[ \t]*:)?[ \t]*(?:#.*)?\n(?:\1[ \t]+.*\n|[ \t]*\n)*"
        config, count = re.subn(entry, "", config, flags=re.M)
        if count != 1:
            raise ValueError(f"mkdocs.yml: {count} entries for the plugin '{name}' — the benchmark removes exactly one")
    return config


def copy_project(source: Path, dest: Path, config: str) -> Path:
    """Make a buildable copy of a project: its docs and overrides copied, its macros linked, ``config`` as mkdocs.yml.

    Args:
        source: the project (holding docs/ and, if it has one, overrides/).
        dest: a directory that does not exist yet.
        config: the text of the copy's mkdocs.yml.

    Returns:
        ``dest``.
    """
    shutil.copytree(source / "docs", dest / "docs")
    if (source / "overrides").is_dir():
        shutil.copytree(source / "overrides", dest / "overrides")
    (dest / "macros").symlink_to(ROOT / "macros", target_is_directory=True)
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    return dest


class _MacroHost:
    """What ``define_env`` uses of mkdocs-macros' plugin: the configuration, and ``macro()`` to register a function."""

    def __init__(self, conf):
        self.conf = conf
        self.macros: dict = {}

    def macro(self, function, name):
        """Register ``function`` as the macro ``name``."""
        self.macros[name] = function


def registered_macros(project: Path) -> dict:
    """The macro functions that ``define_env`` registers for ``project``, by name.

    Args:
        project: the directory holding ``mkdocs.yml`` (loaded with MkDocs' own ``load_config``).

    Returns:
        Macro name -> function.

    Raises:
        mkdocs.exceptions.PluginError: if the content has problems (as in the build).
    """
    from mkdocs.config import load_config

    host = _MacroHost(load_config(str(project / "mkdocs.yml")))
    macros.define_env(host)
    return host.macros


def bare_twin(project: Path, dest: Path) -> Path:
    """Write the bare twin of ``project`` into ``dest``: its pages as they stand after the macros run.

    Each page is its front matter and its body with every macro call expanded
    (``macros.template.expand`` with the functions ``define_env`` registers), as the build
    hands it to Python-Markdown; the other files are copied; mkdocs.yml loses the macros
    plugin, and with it our checks and our two Markdown extensions.

    Args:
        project: a project whose mkdocs.yml has the macros plugin (and no other plugin of ours).
        dest: a directory that does not exist yet.

    Returns:
        ``dest``.

    Raises:
        mkdocs.exceptions.PluginError, macros.problems.ContentError: if the content has problems.
        ValueError: if a page's text does not end with the body its record holds.
    """
    functions = registered_macros(project)
    kb = checks.check_all(project / "docs", project, macros.MACROS)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    copy_project(project, dest, without_plugins(config, [MACROS_PLUGIN]))
    (dest / "macros").unlink()
    for src_uri, record in kb.pages.items():
        page = dest / "docs" / src_uri
        text = page.read_text(encoding="utf-8")
        if not text.endswith(record.body):
            raise ValueError(f"{page}: the page reader's body is not the end of the file's text")
        page.write_text(text[: len(text) - len(record.body)] + expand(record.parts, functions), encoding="utf-8")
    return dest


@contextlib.contextmanager
def checkout(ref: str) -> Iterator[Path]:
    """Check out commit ``ref`` of this repository in a temporary git worktree, removed afterwards.

    Args:
        ref: a commit, branch or tag.

    Yields:
        The worktree's directory (Path).

    Raises:
        subprocess.CalledProcessError: if git cannot add the worktree (e.g. an unknown ref).
    """
    tmp = Path(tempfile.mkdtemp(prefix="benchmark-ref-"))
    tree = tmp / "tree"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(tree), ref], check=True)
    try:
        yield tree
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False)
        shutil.rmtree(tmp, ignore_errors=True)


# ---------------------------------------------------------------------------
# The synthetic knowledge base


def _item_text(n: int) -> tuple[str, list]:
    question = f"What does synthetic concept {n} mean, and when would you use it?"
    answer = [
        f"Concept {n} is a made-up idea used to measure how the build scales: it has a "
        f"definition, a use and a limit, exactly like concept {n + 1}.",
        [f"It applies to case {n}a.", f"It fails in case {n}b."],
    ]
    return question, answer


def _question_md(n: int, total: int, item_id: str, verdict: str) -> str:
    """A synthetic question in the order the rules require: answer, source item and correction, notes."""
    ref = lambda k: f'{{{{ cite("ref-{(n + k) % REFERENCES:03d}") }}}}'  # noqa: E731
    out = [
        f"## What is synthetic concept {n}? {{ #q-{n:05d} }}",
        "",
        '!!! answer "Answer"',
        "",
        f"    Concept {n} has a definition, a use and a limit; precision is $TP/(TP + FP)$ in case {n}a.",
        "",
        "    **References**",
        "",
        f"    - {ref(1)}",
        f"    - {ref(2)}",
        "",
        f'{{{{ source_item("{item_id}", "{verdict}") }}}}',
        "",
    ]
    if verdict != "accurate":
        out += [
            f'!!! correction {verdict} "Concept {n} is not what the source says: it has a limit"',
            "",
            f"    1. **The definition misses the limit.** With $x_{{{n}}}$ the input, the limit is",
            "",
            f"        $$\\lim_{{x \\to \\infty}} \\frac{{{n} x}}{{x + 1}} = {n},$$",
            "",
            "        which the source leaves out.",
            "",
            "    **References**",
            "",
            f"    - {ref(0)}",
            "",
            "    *Reviewed by a second editor on 2026-01-01.*",
            "",
        ]
    out += [
        f'??? interviewer {LEVELS[n % 3]} "Interviewer notes"',
        "",
        f"    **Tests:** whether the candidate knows concept {n}.",
        "",
        "    **A strong answer:** names the definition, the use and the limit.",
        "",
        "    **Red flags:** confuses it with its neighbour.",
        "",
        f"    **Follow-ups:** how does it relate to concept {n + 1}?",
        "",
        f"    **Tags:** synthetic, group-{n % 20}",
        "",
        f'See also {{{{ question_link("q-{(n + 1) % total:05d}") }}}} and '
        f'{{{{ question_link("q-{(n + total // 2) % total:05d}") }}}}.',
        "",
    ]
    return "\n".join(out)


def generate(project: Path, questions: int, per_page: int) -> None:
    """Write a synthetic knowledge base of ``questions`` questions into ``project`` (created).

    It uses the project's mkdocs.yml (its nav replaced by the synthetic topics, without the
    git-revision-date plugin: the content has no history), macros, overrides and stylesheet,
    so the build runs the same code as the real site.

    Raises:
        ValueError: if mkdocs.yml has no top-level ``nav:`` block to replace.
    """
    docs = project / "docs"
    for sub in ("sources/archive", "references", "topics", "about"):
        (docs / sub).mkdir(parents=True, exist_ok=True)
    (project / "macros").symlink_to(ROOT / "macros", target_is_directory=True)
    # Copies, not links: the build's file checks refuse symbolic links under docs/ and overrides/.
    shutil.copytree(ROOT / "overrides", project / "overrides")
    shutil.copytree(ROOT / "docs" / "stylesheets", docs / "stylesheets")

    pages = (questions + per_page - 1) // per_page
    nav = "nav:\n  - Home: index.md\n  - Topics:\n" + "".join(f"      - topics/t{p:03d}.md\n" for p in range(pages))
    nav += (
        "  - Sources:\n      - sources/index.md\n"
        + "".join(f"      - sources/src{s:02d}.md\n" for s in range(SOURCES))
        + "  - About:\n      - about/methodology.md\n"
    )
    config, count = re.subn(
        r"^nav:\n(?:[ \t].*\n|\n)*", nav, (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), flags=re.M
    )
    if count != 1:
        raise ValueError(
            f"{ROOT / 'mkdocs.yml'}: no top-level 'nav:' block found — "
            "the benchmark replaces it with the synthetic topics"
        )
    (project / "mkdocs.yml").write_text(without_plugins(config, [GIT_PLUGIN]), encoding="utf-8")

    refs = [
        {
            "id": f"ref-{r:03d}",
            "kind": "book",
            "authors": [f"A. Author {r}"],
            "title": f"Synthetic reference {r}",
            "year": 2000 + r % 25,
            "publisher": "Benchmark Press",
        }
        for r in range(REFERENCES)
    ]
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
        archive = (
            "\n\n".join(q["question"] + "\n\n" + a[0] + "\n\n" + "\n".join(a[1]) for q in its for a in [q["answer"]])
            + "\n"
        )
        (docs / "sources" / "archive" / f"src{s:02d}.txt").write_text(archive, encoding="utf-8")
        data = {
            "id": f"src{s:02d}",
            "publisher": f"Publisher {s}",
            "title": f"Synthetic article {s}",
            "url": f"https://example.org/article-{s}",
            "published": "2024-01-01",
            "retrieved": "2024-06-01",
            "archive": f"archive/src{s:02d}.txt",
            "archive_sha256": hashlib.sha256(archive.encode()).hexdigest(),
            "items": its,
        }
        (docs / "sources" / f"src{s:02d}.yml").write_text(
            yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
        (docs / "sources" / f"src{s:02d}.md").write_text(
            f"---\ntitle: Synthetic article {s}\ndescription: Every item of synthetic article {s}.\n---\n\n"
            f'# Synthetic article {s}\n\n{{{{ source_page("src{s:02d}") }}}}\n',
            encoding="utf-8",
        )
    # The list of published question ids that the build checks (macros/ids.py).
    ids = {"questions": {f"q-{n:05d}": f"topics/t{n // per_page:03d}.md" for n in range(questions)}, "aliases": {}}
    (docs / "ids.json").write_text(json.dumps(ids, indent=2) + "\n", encoding="utf-8")
    for p, body in topics.items():
        (docs / "topics" / f"t{p:03d}.md").write_text(
            f"---\ntitle: Synthetic topic {p}\ndescription: Synthetic questions {p * per_page} to "
            f"{p * per_page + len(body) - 1}, generated by the build benchmark.\n---\n\n# Synthetic topic {p}\n\n"
            + "\n".join(body),
            encoding="utf-8",
        )
    (docs / "index.md").write_text(
        "---\ntitle: Synthetic knowledge base\ndescription: A generated knowledge base "
        "for the build benchmark.\n---\n\n# Synthetic knowledge base\n\n"
        "{{ verdict_table() }}\n\n## Topics\n\n{{ topic_cards() }}\n",
        encoding="utf-8",
    )
    (docs / "sources" / "index.md").write_text(
        "---\ntitle: Sources\ndescription: The synthetic sources.\n---\n\n# Sources\n\n{{ source_table() }}\n",
        encoding="utf-8",
    )
    (docs / "about" / "methodology.md").write_text(
        "---\ntitle: Methodology\ndescription: The verdict scale.\n---\n\n"
        "# Methodology\n\n## Verdicts { #verdicts }\n\n{{ verdict_table() }}\n",
        encoding="utf-8",
    )


# ---------------------------------------------------------------------------
# Measuring and printing


class Overhead(NamedTuple):
    """A knowledge base built as ours and as its bare twin, alternately."""

    name: str
    questions: int
    ours: list[Run]
    bare: list[Run]


def interleave(builds: dict[str, tuple[Path, Path]], runs: int) -> dict[str, list[Run]]:
    """Build each project ``runs`` times, alternately (a, b, a, b…), so that the machine's drift falls on all.

    Args:
        builds: label -> (the directory holding its mkdocs.yml, its site directory), in build order.
        runs: builds of each project.

    Returns:
        Label -> its ``Run`` figures, in build order.

    Raises:
        SystemExit: if a build fails.
    """
    results: dict[str, list[Run]] = {label: [] for label in builds}
    for i in range(runs):
        for label, (project, site_dir) in builds.items():
            results[label].append(build(project, site_dir))
            print(f"  {label} {i + 1}/{runs}: {results[label][-1].seconds:.2f} s", end="", flush=True)
        print(flush=True)
    return results


def overhead(name: str, project: Path, questions: int, runs: int, work: Path) -> Overhead:
    """Build ``project`` and its bare twin (written to ``work / "bare"``) alternately, ``runs`` times each.

    The sites stay in ``work / "site-ours"`` and ``work / "site-bare"``.
    """
    bare = bare_twin(project, work / "bare")
    print(f"{name}: ours and bare, {runs} builds each, alternately", flush=True)
    results = interleave({"ours": (project, work / "site-ours"), "bare": (bare, work / "site-bare")}, runs)
    return Overhead(name, questions, results["ours"], results["bare"])


def real_questions() -> int:
    """The number of questions on the real site's topic pages."""
    return sum(
        1
        for md in (ROOT / "docs" / "topics").glob("*.md")
        for line in md.read_text(encoding="utf-8").splitlines()
        if QUESTION_RE.match(line)
    )


def real_site(runs: int, compare: str | None, tmp: Path) -> list[Run]:
    """Build the real site ``runs`` times, alternately with commit ``compare``'s tree if given; print the medians.

    Returns:
        This tree's ``Run`` figures; its last site is in ``tmp / "real"``.
    """
    this = f"this tree ({_git('rev-parse', '--short', 'HEAD')})"
    if compare is None:
        results = {this: [build(ROOT, tmp / "real") for _ in range(runs)]}
    else:
        with checkout(compare) as tree:
            before = f"{compare} ({_git('rev-parse', '--short', compare)})"
            print(f"real site: {this} and {before}, {runs} strict builds each, alternately", flush=True)
            results = interleave({this: (ROOT, tmp / "real"), before: (tree, tmp / "real-before")}, runs)
    print("\n| Real site, mkdocs.yml as committed | Builds | Median | Min | Max | CPU (median) |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, rs in results.items():
        times = [r.seconds for r in rs]
        print(
            f"| {label} | {len(rs)} | {median(rs):.2f} s | {min(times):.2f} s | {max(times):.2f} s "
            f"| {median(rs, 'cpu'):.2f} s |"
        )
    if compare is not None:
        (after, before) = results.values()
        print(
            f"\nafter / before: {median(after) / median(before):.2f} (wall), "
            f"{median(after, 'cpu') / median(before, 'cpu'):.2f} (CPU)\n",
            flush=True,
        )
    return results[this]


def _git(*args: str) -> str:
    """The output of ``git args…`` in this repository, stripped."""
    return subprocess.run(["git", "-C", str(ROOT), *args], check=True, capture_output=True, text=True).stdout.strip()


def print_overhead(rows: list[Overhead]) -> None:
    """Print the overhead tables (ours / bare, medians of wall-clock and CPU time) and how time per question grows."""
    for field, what in (("seconds", "wall-clock"), ("cpu", "CPU")):
        print(
            f"\n| Knowledge base ({what} time, medians) | Questions | Builds each | Ours | Bare | Ours / bare "
            "| Ours, per question | Bare, per question |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for o in rows:
            ours, bare = median(o.ours, field), median(o.bare, field)
            print(
                f"| {o.name} | {o.questions:,} | {len(o.ours)} | {ours:.2f} s | {bare:.2f} s | {ours / bare:.2f} "
                f"| {1000 * ours / o.questions:.2f} ms | {1000 * bare / o.questions:.2f} ms |"
            )
        synthetic = [o for o in rows if o.name.startswith("synthetic")]
        for a, b in zip(synthetic, synthetic[1:], strict=False):
            for side in ("ours", "bare"):
                ta, tb = median(getattr(a, side), field), median(getattr(b, side), field)
                pa, pb = 1000 * ta / a.questions, 1000 * tb / b.questions
                print(
                    f"{side}, {what}, {a.questions:,} -> {b.questions:,} questions: {pa:.2f} -> {pb:.2f} ms per "
                    f"question (x{pb / pa:.2f}); {1000 * (tb - ta) / (b.questions - a.questions):.2f} ms per added one"
                )


def print_profile(name: str, project: Path, bare: Path, tmp: Path) -> None:
    """Build ``project`` and its bare twin once more each with timed stages, and print where their CPU time goes."""
    runs, stages = {}, {}
    for label, path in (("ours", project), ("bare", bare)):
        runs[label], stages[label] = timed_build(path, tmp / f"timed-{label}", tmp / f"{label}-stages.json")
    ours_all, bare_all = runs["ours"].cpu, runs["bare"].cpu
    print(f"\n| {name}, one build each, CPU time | Ours | Bare | Ours - bare |")
    print("|---|---:|---:|---:|")
    rows = {"whole build": (ours_all, bare_all)}
    rows.update((label, (stages["ours"][label], stages["bare"][label])) for label in STAGES)
    top = [label for label in STAGES if not label.startswith(" ")]
    rows["the rest (start-up and imports, MkDocs, other plugins)"] = tuple(
        total - sum(stages[side][label] for label in top) for side, total in (("ours", ours_all), ("bare", bare_all))
    )
    rows["garbage collection (within the stages above)"] = (
        stages["ours"]["garbage collection"],
        stages["bare"]["garbage collection"],
    )
    for label, (ours, bare_s) in rows.items():
        print(
            f"| {label.replace('  ', '&nbsp;&nbsp;')} | {ours:.2f} s ({100 * ours / ours_all:.0f} %) "
            f"| {bare_s:.2f} s ({100 * bare_s / bare_all:.0f} %) | {ours - bare_s:+.2f} s |"
        )


def print_sizes(rows: list[tuple]) -> None:
    """Print the table of build time, peak memory and site size."""
    print(
        "\n| Knowledge base | Questions | HTML pages | Build time | Peak memory | Site size (gzip) "
        "| Search index (gzip) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, q, pages, seconds, peak, files, raw, gz, index in rows:
        print(
            f"| {name} | {q:,} | {pages} | {seconds:.2f} s | {peak / 2**20:.0f} MiB | "
            f"{raw / 2**20:.1f} MiB ({gz / 2**20:.1f} MiB), {files} files | {index / 1024:,.0f} KiB |"
        )
    if len(rows) >= 3:  # growth between the first two synthetic sizes
        (_, q1, _, t1, m1, *_), (_, q2, _, t2, m2, *_) = rows[1:3]
        print(
            f"\ngrowth {q1:,} -> {q2:,} questions (x{q2 / q1:g}): build time x{t2 / t1:.1f}, "
            f"peak memory x{m2 / m1:.1f}; {1000 * (t2 - t1) / (q2 - q1):.1f} ms per additional question"
        )


def synthetic(questions: int, per_page: int, runs: int, work: Path) -> Overhead:
    """Generate a synthetic knowledge base in ``work / "project"`` (``work`` emptied first) and measure its overhead.

    Args:
        questions: its size.
        per_page: questions per topic page.
        runs: builds of ours and of the bare twin.
        work: the directory for the project, its bare twin and their sites.

    Returns:
        The ``Overhead`` figures.
    """
    shutil.rmtree(work, ignore_errors=True)
    start = time.perf_counter()
    generate(work / "project", questions, per_page)
    print(f"synthetic {questions:,}: generated in {time.perf_counter() - start:.1f} s", flush=True)
    return overhead(f"synthetic, {questions:,} questions", work / "project", questions, runs, work)


def size_row(name: str, questions: int, runs: list[Run], site_dir: Path) -> tuple:
    """A row of the size table: name, questions, pages, median time, peak memory, files, bytes, gzip, index."""
    pages, files, raw, gz, index = site_size(site_dir)
    return name, questions, pages, median(runs), max(r.peak for r in runs), files, raw, gz, index


def main() -> None:
    """Build the real site and the synthetic ones, and print the tables of figures (options: see ``--help``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="builds of the real site, each kind (median reported)")
    parser.add_argument("--size-runs", type=int, default=3, help="builds of each synthetic size, ours and bare")
    parser.add_argument("--sizes", default="1000,10000", help="synthetic knowledge-base sizes, in questions")
    parser.add_argument("--per-page", type=int, default=100, help="questions per synthetic topic page")
    parser.add_argument("--compare", metavar="REF", help="also build commit REF's tree, alternately with this one")
    parser.add_argument("--keep", type=Path, help="generate the synthetic projects here and keep them")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="build the real site, the largest synthetic size and their bare twins once more, timing each stage",
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        runs = real_site(args.runs, args.compare, tmp)
        questions = real_questions()
        rows = [size_row(f"real site, median of {args.runs}", questions, runs, tmp / "real")]
        config = without_plugins((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), [GIT_PLUGIN])
        ours = copy_project(ROOT, tmp / "real-overhead" / "ours", config)
        overheads = [overhead("real site", ours, questions, args.runs, tmp / "real-overhead")]
        for n in sizes:
            work = (args.keep or tmp) / f"synthetic-{n}"
            overheads.append(synthetic(n, args.per_page, args.size_runs, work))
            rows.append(
                size_row(
                    f"synthetic, {n:,} questions, median of {args.size_runs}", n, overheads[-1].ours, work / "site-ours"
                )
            )
        if args.profile:
            print_profile("real site", ours, tmp / "real-overhead" / "bare", tmp)
        if args.profile and sizes:
            work = (args.keep or tmp) / f"synthetic-{max(sizes)}"
            print_profile(f"synthetic, {max(sizes):,} questions", work / "project", work / "bare", tmp)
    print_sizes(rows)
    print_overhead(overheads)


if __name__ == "__main__":
    main()
