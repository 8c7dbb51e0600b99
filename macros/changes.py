"""What a change does that a maintainer must look at: the report of ``scripts/check.py --base REF``.

A pull request that passes every check can still change what the checks cannot judge:
the code and configuration that build and test the site, the archived evidence behind
the quotes, and the editorial judgement itself (a verdict made milder, a correction
deleted, a review line written by the author). ``report()`` compares the base
revision's files with the change's and lists those changes, each with its file and
line; ``to_markdown()`` writes the list for a pull request's job summary.

The comparison is pure (``report`` takes data); ``collect()`` reads that data with git.
Everything a change writes (file names, ids, verdicts, dates) is shown in Markdown code
spans with control and invisible characters escaped, so it cannot forge the report.

Run ``python -m macros.changes --base REF [--project DIR] [--summary FILE]`` to print
the report alone: CI runs the base branch's copy of this module over a pull request,
so the pull request cannot change what the report says about it.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from macros.problems import Problem
from macros.scales import SEVERITY, UNREVIEWED

#: Verdicts from most to least severe: the corrections' scale, then accurate (the mildest).
VERDICT_ORDER: tuple[str, ...] = (*SEVERITY, "accurate")
#: The report's sections, in order: key, heading, why it needs a maintainer.
SECTIONS: tuple[tuple[str, str, str], ...] = (
    (
        "code",
        "Code, configuration and other files",
        "anything outside the content files: it can run at build time, in CI or in a reader's browser, "
        "or change how the site is built and checked",
    ),
    ("archives", "Archives changed", "the evidence every quote is checked against"),
    ("quotes", "Quotes changed", "a source's items, which must match the archive word for word"),
    ("milder", "Verdicts made milder", f"on the scale {' > '.join(VERDICT_ORDER)}, or withdrawn"),
    ("accurate", "Judged accurate", "accurate needs no correction, so no second editor has checked it"),
    ("corrections", "Corrections removed", "a correction that was published under an item is gone"),
    ("reviews", "Review lines added or changed", "the line that says a second editor checked the correction"),
    ("references", "References added or changed", "the works corrections and answers cite"),
    ("sources", "Sources added or changed", "the articles quoted and their metadata"),
    ("unread", "Files the report could not read", "compare these by hand"),
)
#: libyaml's parser when PyYAML has it (much faster), else the pure-Python one (composing nodes runs no tags).
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: At most this many entries are written per section (a job summary holds 1 MiB).
MAX_ENTRIES = 200

_CALL = re.compile(
    r"""\{\{-?\s*source_item\s*\(\s*(["'])(?P<item>.*?)\1\s*"""
    r"""(?:,\s*(?:verdict\s*=\s*)?(["'])(?P<verdict>.*?)\3\s*)?\)"""
)
_HEADING = re.compile(r"^#{1,2}\s")
_ADMONITION = re.compile(r"^\s*(?:!!!|\?\?\?\+?)\s+(?P<kind>\S+)")
_REVIEW = re.compile(r"reviewed by a second editor", re.I)
_REVIEW_LINE = re.compile(r"^\s*\*Reviewed by a second editor on (?P<date>.*?)\.\*\s*$")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class FileChange:
    """One file that differs between the base revision and the change.

    Attributes:
        status: ``"added"``, ``"modified"``, ``"deleted"`` or ``"type changed"``.
        path: the file, relative to the project (str, POSIX separators).
        symlink: True when either side is a symbolic link.
    """

    status: str
    path: str
    symlink: bool = False


@dataclass(frozen=True)
class Entry:
    """One line of the report.

    Attributes:
        section: a key of ``SECTIONS``.
        path: the file, relative to the project.
        line: the 1-based line, or None for the whole file.
        text: what changed, as Markdown (values a change wrote are already in code spans).
    """

    section: str
    path: str
    line: int | None
    text: str


class CannotCompare(Exception):
    """The base revision cannot be compared (unknown, or without the ids file); ``str()`` says what to do.

    Args:
        message: what is wrong — what to do.
        path: the file concerned, relative to the project, or None.
    """

    def __init__(self, message: str, path: str | None = None):
        super().__init__(message)
        self.path = path


@dataclass
class Placement:
    """A ``source_item`` call on a page, as the report reads it.

    Attributes:
        item: the item id.
        path: the page, relative to the project.
        line: the call's 1-based line.
        verdict: the verdict argument (``unreviewed`` when there is none).
        correction: the line of the correction admonition below it, or None.
        review: ``(line, text)`` of its review line, or None.
    """

    item: str
    path: str
    line: int
    verdict: str
    correction: int | None = None
    review: tuple[int, str] | None = None


def visible(value: str, limit: int = 120) -> str:
    r"""Return ``value`` with every invisible character written out, for a message or a report.

    Control, format (bidi, zero-width), separator (other than the space) and unassigned
    characters become ``\\u{...}``; a value longer than ``limit`` characters is cut with "…".

    Args:
        value: any text a change wrote (str).
        limit: the most characters kept.

    Returns:
        str.
    """
    value = str(value)
    return "".join(
        c if c == " " or unicodedata.category(c)[0] not in "CZ" else f"\\u{{{ord(c):04X}}}" for c in value[:limit]
    ) + ("…" if len(value) > limit else "")


def shown(value: str, limit: int = 120) -> str:
    """Return ``value`` as a Markdown code span that shows it literally and cannot end early (see ``visible``).

    Args:
        value: any text a change wrote (str).
        limit: the most characters shown.

    Returns:
        The code span (str).
    """
    text = visible(value, limit)
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def classify(path: str, docs: str = "docs") -> str:
    """Return what a changed file is: ``"content"``, ``"archives"`` or ``"code"``.

    An allowlist: content is the pages (``*.md`` under the docs folder, but not in its
    ``javascripts/`` or ``stylesheets/``), the data (``sources/*.yml``,
    ``references/*.yml``) and ``ids.json``; archives are files under ``sources/archive/``;
    everything else (code, configuration, other files, anything outside the docs
    folder) is ``"code"``.

    Args:
        path: relative to the project, POSIX separators.
        docs: the docs folder, relative to the project.

    Returns:
        ``"content"``, ``"archives"`` or ``"code"``.
    """
    if not path.startswith(docs + "/"):
        return "code"
    inner = path[len(docs) + 1 :]
    if inner.startswith("sources/archive/"):
        return "archives"
    if inner in ("ids.json", "corrections-log.yml") or re.fullmatch(r"(?:references|sources)/[^/]+\.yml", inner):
        return "content"
    if inner.endswith(".md") and not inner.startswith(("javascripts/", "stylesheets/")):
        return "content"
    return "code"


def milder(old: str, new: str) -> bool:
    """Return True when verdict ``new`` is milder than ``old``, or withdraws it.

    Milder means later in ``VERDICT_ORDER`` (``SEVERITY``, then accurate); a verdict on
    the scale changed to ``unreviewed`` is withdrawn. Values off the scale are never milder.

    Args:
        old: the base revision's verdict.
        new: the change's verdict.

    Returns:
        bool.
    """
    if old not in VERDICT_ORDER:
        return False
    if new == UNREVIEWED:
        return True
    return new in VERDICT_ORDER and VERDICT_ORDER.index(new) > VERDICT_ORDER.index(old)


def placements(text: str, path: str) -> list[Placement]:
    """Read a page's ``source_item`` calls, with each one's correction and review line.

    A line-based reading: a correction admonition and a review line belong to the last
    item above them; a heading or another admonition ends an item's part of the page.

    Args:
        text: the page.
        path: the page, relative to the project.

    Returns:
        The placements in page order.
    """
    out: list[Placement] = []
    current = None
    for n, line in enumerate(text.splitlines(), 1):
        call = _CALL.search(line)
        admonition = _ADMONITION.match(line)
        if call:
            current = Placement(call["item"], path, n, call["verdict"] or UNREVIEWED)
            out.append(current)
        elif _HEADING.match(line) or (admonition and admonition["kind"] != "correction"):
            current = None
        elif current and admonition:
            current.correction = n
        elif current and _REVIEW.search(line):
            current.review = (n, line.strip())
    return out


def _review_shown(line: str) -> str:
    """Return a review line for the report: ``reviewed on `date` `` when it has the usual form, else the line."""
    m = _REVIEW_LINE.match(line)
    return f"reviewed on {shown(m['date'])}" if m else shown(line)


def _verdict_entries(base: list[Placement], head: list[Placement]) -> list[Entry]:
    """Entries for verdicts made milder or given as accurate, corrections removed, review lines added or changed."""
    before = {}
    for p in base:
        before.setdefault(p.item, p)
    out, placed = [], {p.item for p in head}
    for p in head:
        b, item = before.get(p.item), shown(p.item)
        was = f" (in the base revision at {shown(f'{b.path}:{b.line}')})" if b and b.path != p.path else ""
        if b and milder(b.verdict, p.verdict):
            out.append(Entry("milder", p.path, p.line, f"{item}: {shown(b.verdict)} → {shown(p.verdict)}{was}"))
        elif p.verdict == "accurate" and (b is None or b.verdict == UNREVIEWED):
            out.append(
                Entry(
                    "accurate",
                    p.path,
                    p.line,
                    f"{item}: {shown(b.verdict if b else 'newly placed')} → {shown(p.verdict)}",
                )
            )
        if b and b.correction and not p.correction:
            out.append(
                Entry(
                    "corrections",
                    p.path,
                    p.line,
                    f"{item}: the correction at {shown(f'{b.path}:{b.correction}')} in the base revision is gone",
                )
            )
        if p.review and (not b or not b.review or b.review[1] != p.review[1]):
            old = f" (was {_review_shown(b.review[1])})" if b and b.review else ""
            out.append(Entry("reviews", p.path, p.review[0], f"{item}: {_review_shown(p.review[1])}{old}"))
    for b in before.values():
        if b.item not in placed and b.correction:
            out.append(
                Entry(
                    "corrections",
                    b.path,
                    b.correction,
                    f"{shown(b.item)} is no longer placed; its correction (base revision, this line) is gone",
                )
            )
    return out


def _plain(node: yaml.Node):
    """Return a YAML node (from ``yaml.compose``, no aliases) as comparable nested tuples of str."""
    if isinstance(node, yaml.ScalarNode):
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return tuple(_plain(v) for v in node.value)
    return tuple((_plain(k), _plain(v)) for k, v in node.value)


def _compose(text: str) -> yaml.Node | None:
    """Parse YAML to its node tree (nothing constructed, no tags run).

    Raises:
        ValueError: on invalid YAML or an alias (which could expand without bound), saying which.
    """
    try:
        if any(isinstance(e, yaml.AliasEvent) for e in yaml.parse(text, Loader=_YAML_LOADER)):
            raise ValueError("it uses YAML aliases (*name)")
        return yaml.compose(text, Loader=_YAML_LOADER)
    except yaml.YAMLError as e:
        raise ValueError(f"invalid YAML ({getattr(e, 'problem', None) or e})") from None


def _records(node: yaml.Node | None) -> dict[str, tuple[int, dict]]:
    """Return each mapping of a YAML sequence that has an ``id``: id -> (line, {key: plain value}).

    A repeated key keeps its last value, as YAML loaders do.
    """
    out = {}
    for entry in node.value if isinstance(node, yaml.SequenceNode) else []:
        if isinstance(entry, yaml.MappingNode):
            fields = {_plain(k): _plain(v) for k, v in entry.value}
            if isinstance(fields.get("id"), str):
                out[fields["id"]] = (entry.start_mark.line + 1, fields)
    return out


def _changed(old: dict, new: dict, skip: tuple[str, ...] = ()) -> list[str]:
    """Return the keys whose values differ between two records, sorted."""
    return sorted(k for k in set(old) | set(new) if k not in skip and old.get(k) != new.get(k))


def _yaml_files(files: dict[str, str], folder: str, unread: list[Entry], side: str) -> dict[str, yaml.Node | None]:
    """Compose every ``folder/*.yml`` of ``files``; a file that cannot be read becomes an ``unread`` entry."""
    out = {}
    for path, text in sorted(files.items()):
        if re.fullmatch(rf"{re.escape(folder)}/[^/]+\.yml", path):
            try:
                out[path] = _compose(text)
            except ValueError as e:
                unread.append(Entry("unread", path, None, f"{side}: {e}"))
    return out


def _reference_entries(base: dict[str, str], head: dict[str, str], docs: str, unread: list[Entry]) -> list[Entry]:
    """Entries for references added or changed (``docs/references/*.yml``)."""

    def records(files, side):
        found = {}
        for path, node in _yaml_files(files, f"{docs}/references", unread, side).items():
            found.update({rid: (path, line, fields) for rid, (line, fields) in _records(node).items()})
        return found

    old, out = records(base, "base revision"), []
    for rid, (path, line, fields) in records(head, "this change").items():
        if rid not in old:
            out.append(Entry("references", path, line, f"new reference {shown(rid)}: {shown(fields.get('title', ''))}"))
        elif keys := _changed(old[rid][2], fields):
            out.append(
                Entry("references", path, line, f"reference {shown(rid)}: {', '.join(map(shown, keys))} changed")
            )
    return out


def _source_entries(base: dict[str, str], head: dict[str, str], docs: str, unread: list[Entry]) -> list[Entry]:
    """Entries for sources added or changed and quotes changed (``docs/sources/*.yml``)."""

    def records(files, side):
        found = {}
        for path, node in _yaml_files(files, f"{docs}/sources", unread, side).items():
            if isinstance(node, yaml.MappingNode):
                fields = {_plain(k): (k, v) for k, v in node.value}
                items = _records(fields["items"][1]) if "items" in fields else {}
                meta = {k: _plain(v) for k, (_, v) in fields.items() if k != "items"}
                found[path] = (meta, items)
        return found

    old, out = records(base, "base revision"), []
    old_items = {i: rec for _, items in old.values() for i, rec in items.items()}
    for path, (meta, items) in records(head, "this change").items():
        if path not in old:
            out.append(
                Entry(
                    "sources",
                    path,
                    1,
                    f"new source {shown(meta.get('id', ''))}: "
                    f"{shown(meta.get('publisher', ''))}, {shown(meta.get('title', ''))}",
                )
            )
        elif keys := _changed(old[path][0], meta):
            out.append(
                Entry("sources", path, 1, f"source {shown(meta.get('id', ''))}: {', '.join(map(shown, keys))} changed")
            )
        for iid, (line, fields) in items.items():
            if iid in old_items and (keys := _changed(old_items[iid][1], fields)):
                out.append(Entry("quotes", path, line, f"{shown(iid)}: {', '.join(map(shown, keys))} changed"))
    return out


def report(changes: list[FileChange], base: dict[str, str], head: dict[str, str], docs: str = "docs") -> list[Entry]:
    """List what a change does that needs a maintainer's eyes.

    Args:
        changes: every file that differs between the base revision and the change.
        base: the base revision's content files, path -> text: its pages (``docs/**/*.md``)
            and data (``docs/sources/*.yml``, ``docs/references/*.yml``).
        head: the same files of the change.
        docs: the docs folder, relative to the project.

    Returns:
        The entries, in ``SECTIONS`` order, then by file and line.
    """
    out, unread = [], []
    for change in changes:
        kind = "code" if change.symlink else classify(change.path, docs)
        if kind != "content":
            out.append(Entry(kind, change.path, None, change.status + (" (a symbolic link)" if change.symlink else "")))
    pages = {
        side: [p for path, text in sorted(files.items()) if path.endswith(".md") for p in placements(text, path)]
        for side, files in (("base", base), ("head", head))
    }
    out += _verdict_entries(pages["base"], pages["head"])
    out += _reference_entries(base, head, docs, unread)
    out += _source_entries(base, head, docs, unread)
    order = [key for key, _, _ in SECTIONS]
    return sorted(out + unread, key=lambda e: (order.index(e.section), e.path, e.line or 0))


def to_markdown(entries: list[Entry], base_label: str) -> str:
    """Write the report as Markdown for a job summary (``$GITHUB_STEP_SUMMARY``) or a terminal.

    Args:
        entries: from ``report``.
        base_label: what was compared against, e.g. ``"origin/main (3f2a9c1)"``.

    Returns:
        Markdown text ending in a newline.
    """
    lines = ["## Changes that need a maintainer's eyes", "", f"Compared with {shown(base_label)}.", ""]
    if not entries:
        lines += [
            "None: no code, configuration, evidence, verdict, correction, review line, reference or source changed.",
            "",
        ]
    for key, heading, why in SECTIONS:
        found = [e for e in entries if e.section == key]
        if not found:
            continue
        lines += [f"### {heading} ({len(found)})", "", f"_{why}._", ""]
        for e in found[:MAX_ENTRIES]:
            lines.append(f"- {shown(f'{e.path}:{e.line}' if e.line else e.path, 300)} {e.text}")
        if len(found) > MAX_ENTRIES:
            lines.append(f"- … and {len(found) - MAX_ENTRIES} more")
        lines.append("")
    return "\n".join(lines)


def review_date_problem(date_text: str, today: date) -> str | None:
    """Check the date of a review line (``*Reviewed by a second editor on YYYY-MM-DD.*``).

    Args:
        date_text: the date as written.
        today: the day of the check (the build's date).

    Returns:
        None when ``date_text`` is a real date written YYYY-MM-DD and not after ``today``;
        otherwise "what is wrong — what to do" (str).
    """
    how = f"write the day the second editor checked the correction, e.g. {today.isoformat()}"
    if not _ISO_DATE.fullmatch(date_text):
        return f"the review date '{visible(date_text)}' is not written YYYY-MM-DD — {how}"
    try:
        day = date.fromisoformat(date_text)
    except ValueError:
        return f"the review date {date_text} is not a real date — {how}"
    if day > today:
        return f"the review date {date_text} is in the future — {how}"
    return None


def review_date_problems(text: str, path: str, today: date) -> list[Problem]:
    """Check the date of every review line of a page (see ``review_date_problem``).

    Args:
        text: the page.
        path: the page, relative to the project (for messages).
        today: the day of the check.

    Returns:
        A list of ``Problem``, one per review line with a bad date.
    """
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        m = _REVIEW_LINE.match(line)
        if m and (message := review_date_problem(m["date"], today)):
            out.append(Problem(path, n, message))
    return out


def _git(project: Path, *args: str, data: bytes | None = None) -> subprocess.CompletedProcess:
    """Run git in ``project`` (bytes output); never raises on a git error."""
    return subprocess.run(["git", "-C", str(project), *args], input=data, capture_output=True)


def file_changes(project: Path, ref: str) -> list[FileChange]:
    """Every file under ``project`` that differs between ``ref`` and the working tree, untracked files too.

    Args:
        project: the site's project folder (inside a git work tree).
        ref: the base revision.

    Returns:
        A list of ``FileChange`` (paths relative to ``project``).
    """
    raw = _git(project, "diff", "--raw", "-z", "--no-renames", "--relative", ref, "--").stdout.split(b"\0")
    names = {"A": "added", "M": "modified", "D": "deleted", "T": "type changed"}
    out = []
    for meta, name in zip(raw[0::2], raw[1::2], strict=False):
        old_mode, new_mode, _, _, status = meta.decode().lstrip(":").split()
        out.append(
            FileChange(names.get(status[0], status), name.decode("utf-8", "replace"), "120000" in (old_mode, new_mode))
        )
    for name in _git(project, "ls-files", "-z", "--others", "--exclude-standard").stdout.split(b"\0"):
        if name:
            path = name.decode("utf-8", "replace")
            out.append(FileChange("added", path, (project / path).is_symlink()))
    return out


def _content_path(path: str, docs: str) -> bool:
    """True for the files ``report`` reads: the docs folder's pages and its sources' and references' data."""
    return classify(path, docs) == "content" and (
        path.endswith(".md")
        or path == f"{docs}/corrections-log.yml"
        or re.fullmatch(rf"{re.escape(docs)}/(?:sources|references)/[^/]+\.yml", path) is not None
    )


def base_files(project: Path, ref: str, docs: str) -> dict[str, str]:
    """Read the content files (see ``report``) of revision ``ref``.

    Args:
        project: the site's project folder (inside a git work tree).
        ref: the base revision.
        docs: the docs folder, relative to ``project``.

    Returns:
        path (relative to ``project``) -> text (UTF-8, undecodable bytes replaced).
    """
    listing = _git(project, "ls-tree", "-r", "-z", ref, "--", docs).stdout.split(b"\0")
    wanted = {}
    for row in filter(None, listing):
        meta, name = row.split(b"\t", 1)
        mode, kind, sha = meta.decode().split()
        path = name.decode("utf-8", "replace")
        if kind == "blob" and mode != "120000" and _content_path(path, docs):
            wanted[path] = sha
    out = _git(project, "cat-file", "--batch", data="".join(f"{s}\n" for s in wanted.values()).encode()).stdout
    texts, pos = [], 0
    for _ in wanted:
        header_end = out.index(b"\n", pos)
        size = int(out[pos:header_end].split()[2])
        texts.append(out[header_end + 1 : header_end + 1 + size].decode("utf-8", "replace"))
        pos = header_end + 1 + size + 1
    return dict(zip(wanted, texts, strict=False))


def head_files(project: Path, docs: str) -> dict[str, str]:
    """Read the content files (see ``report``) of the working tree; symbolic links are not followed.

    Args:
        project: the site's project folder.
        docs: the docs folder, relative to ``project``.

    Returns:
        path (relative to ``project``) -> text (UTF-8, undecodable bytes replaced).
    """
    out = {}
    for folder, _, names in os.walk(project / docs):  # does not enter symbolic links to folders
        for name in names:
            path = Path(folder) / name
            rel = path.relative_to(project).as_posix()
            if not path.is_symlink() and path.is_file() and _content_path(rel, docs):
                out[rel] = path.read_bytes().decode("utf-8", "replace")
    return dict(sorted(out.items()))


def collect(
    project: Path, ref: str, docs: str = "docs"
) -> tuple[list[FileChange], dict[str, str], dict[str, str], str]:
    """Read what ``report`` compares, with git: the changed files and both revisions' content files.

    Args:
        project: the site's project folder (inside a git work tree).
        ref: the base revision (a branch, tag or commit).
        docs: the docs folder, relative to ``project``.

    Returns:
        ``(changes, base, head, label)``, ``label`` naming ``ref`` and its commit.

    Raises:
        CannotCompare: ``project`` is not in a git work tree, git does not know ``ref``, or
            ``ref`` has no ``ids.json`` in its docs folder.
    """
    found = _git(project, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if found.returncode != 0:
        raise CannotCompare(
            f"git finds no revision {ref!r} in {project} — fetch it first (in CI: "
            "actions/checkout with fetch-depth: 0), or name the commit the change starts from"
        )
    if _git(project, "cat-file", "-e", f"{ref}:./{docs}/ids.json").returncode != 0:
        raise CannotCompare(
            f"the base revision {ref!r} has no {docs}/ids.json, so the published links and the "
            f"content cannot be compared — pass the branch the change will be merged into as --base",
            f"{docs}/ids.json",
        )
    label = f"{ref} ({found.stdout.decode().strip()[:12]})"
    return file_changes(project, ref), base_files(project, ref, docs), head_files(project, docs), label


def main(argv: list[str] | None = None) -> int:
    """Print the report (and append it to ``--summary``); return 0, or 1 when it cannot compare."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", metavar="REF", required=True, help="the revision the change starts from")
    parser.add_argument("--project", type=Path, default=Path.cwd(), help="the site's folder (default: here)")
    parser.add_argument("--docs", default="docs", help="its docs folder, relative to it (default: docs)")
    parser.add_argument("--summary", type=Path, help="also append the report to this file ($GITHUB_STEP_SUMMARY)")
    args = parser.parse_args(argv)
    try:
        changes, base, head, label = collect(args.project.resolve(), args.base, args.docs)
    except CannotCompare as e:
        print(f"{e.path or '--base ' + args.base}: {e}")
        return 1
    text = to_markdown(report(changes, base, head, args.docs), label)
    print(text)
    if args.summary:
        with args.summary.open("a", encoding="utf-8") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
