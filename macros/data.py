"""The knowledge base's data files: sources (with their archives) and the bibliography.

``load_sources`` and ``load_references`` read and schema-check the YAML files; the rules
(``macros.rules``) then check what the schema cannot (quotes verbatim, archive hashes,
duplicate ids and URLs).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from macros.problems import Problem
from macros.yamldata import load_yaml_file, node_line, read_text, rel_path


@dataclass
class Item:
    """A source item: one question and/or answer exactly as a source article gives it."""

    id: str
    source_id: str
    locator: str
    question: str
    question_reconstructed: bool
    answer: list  # blocks: str (a paragraph) or list[str] (a bulleted list)
    path: str
    line: int
    lost: str = ""  # what the archived text lost at the end of the item, in a reader's words
    difficulty: str = ""  # the source's own difficulty mark (easy, medium, expert), if it has one
    answer_markdown: str = ""  # the answer as the source writes it in Markdown, verbatim

    @property
    def answered(self) -> bool:
        """True when the source gives an answer (paragraphs or Markdown)."""
        return bool(self.answer or self.answer_markdown)

    @property
    def quotes(self) -> list[str]:
        """Every verbatim string of the item: its question (unless reconstructed), each answer block or entry,
        and its Markdown answer.
        """
        out = [] if self.question_reconstructed else [self.question]
        for block in self.answer:
            out.extend(block if isinstance(block, list) else [block])
        return out + ([self.answer_markdown] if self.answer_markdown else [])


@dataclass
class Source:
    """A source article: its metadata, its archived text and its items, in article order."""

    id: str
    publisher: str
    title: str
    url: str
    published: str
    retrieved: str
    note: str
    archive: str
    path: str
    archive_text: str | None = None  # None when the archive is missing or unreadable
    archive_sha256: str = ""  # as recorded in the data file
    archive_sha256_actual: str = ""  # of the archive file's bytes
    lines: dict = field(default_factory=dict)  # field name -> line in the data file
    items: list[Item] = field(default_factory=list)
    repository: str = ""  # for a file in a repository: the repository, the commit, the creator, the licence
    commit: str = ""
    creator: str = ""
    licence: dict = field(default_factory=dict)  # {"name": …, "url": …}


def load_sources(docs_dir: Path, root_dir: Path, problems: list[Problem]) -> dict[str, Source]:
    """Load every ``docs/sources/*.yml`` (schema ``source.schema.json``) and its archive.

    Args:
        docs_dir: the MkDocs ``docs_dir``.
        root_dir: the project directory; message paths are relative to it.
        problems: receives schema, syntax and encoding problems, and a missing archive.

    Returns:
        The sources by id, in file-name order (a file that is invalid is left out).
    """
    sources: dict[str, Source] = {}
    for path in sorted((Path(docs_dir) / "sources").glob("*.yml")):
        rel = rel_path(path, root_dir)
        data, root = load_yaml_file(path, rel, "source.schema.json", problems)
        if data is None:
            continue
        src = Source(
            id=data["id"],
            publisher=data["publisher"],
            title=data["title"],
            url=data["url"],
            published=str(data["published"]),
            retrieved=str(data["retrieved"]),
            note=data.get("note", ""),
            archive=data["archive"],
            path=rel,
            archive_sha256=data["archive_sha256"],
            repository=data.get("repository", ""),
            commit=data.get("commit", ""),
            creator=data.get("creator", ""),
            licence=data.get("licence", {}),
            lines={k: node_line(root, [k]) for k in ("id", "url", "archive", "archive_sha256")},
        )
        _read_archive(src, path.parent / data["archive"], root_dir, problems)
        src.items = [_item(raw, src.id, rel, node_line(root, ["items", i])) for i, raw in enumerate(data["items"])]
        sources.setdefault(src.id, src)
    return sources


def _read_archive(src: Source, archive_path: Path, root_dir: Path, problems: list[Problem]) -> None:
    """Read a source's archive into ``src`` (its text and the SHA-256 of its bytes), or report it missing."""
    if archive_path.is_file() and not archive_path.is_symlink():
        src.archive_sha256_actual = hashlib.sha256(archive_path.read_bytes()).hexdigest()
        src.archive_text = read_text(archive_path, rel_path(archive_path, root_dir), problems)
    else:
        problems.append(
            Problem(
                src.path,
                src.lines["archive"],
                f"archive file '{src.archive}' not found — keep the article's text there, relative to this file",
            )
        )


def _item(raw: dict, source_id: str, rel: str, line: int | None) -> Item:
    """An ``Item`` from its entry in a source's data file."""
    return Item(
        id=raw["id"],
        source_id=source_id,
        locator=raw["locator"],
        question=raw["question"],
        question_reconstructed=raw.get("question_reconstructed", False),
        answer=raw.get("answer", []),
        path=rel,
        line=line,
        lost=raw.get("lost", ""),
        difficulty=raw.get("difficulty", ""),
        answer_markdown=raw.get("answer_markdown", ""),
    )


def load_references(docs_dir: Path, root_dir: Path, problems: list[Problem]) -> list[dict]:
    """Load the bibliography: every ``docs/references/*.yml`` (a list of entries per file).

    Args:
        docs_dir: the MkDocs ``docs_dir``.
        root_dir: the project directory; message paths are relative to it.
        problems: receives schema, syntax and encoding problems.

    Returns:
        Every entry in file order, each the dict as written plus ``path`` (``file:line``),
        ``file`` and ``line``; duplicates included (the rules report them).
    """
    entries = []
    for path in sorted((Path(docs_dir) / "references").glob("*.yml")):
        rel = rel_path(path, root_dir)
        data, root = load_yaml_file(path, rel, "references.schema.json", problems)
        for i, ref in enumerate(data or []):
            line = node_line(root, [i])
            entries.append({**ref, "path": f"{rel}:{line}", "file": rel, "line": line})
    return entries


def load_log(docs_dir: Path, root_dir: Path, problems: list[Problem]) -> list[dict]:
    """Load the corrections log, ``docs/corrections-log.yml`` (schema ``corrections-log.schema.json``).

    Args:
        docs_dir: the MkDocs ``docs_dir``.
        root_dir: the project directory; message paths are relative to it.
        problems: receives schema, syntax and encoding problems.

    Returns:
        The entries in file order, each the dict as written plus ``file`` and ``line``; an empty
        list when the file is absent or invalid.
    """
    path = Path(docs_dir) / "corrections-log.yml"
    if not path.is_file():
        return []
    rel = rel_path(path, root_dir)
    data, root = load_yaml_file(path, rel, "corrections-log.schema.json", problems)
    return [{**entry, "file": rel, "line": node_line(root, [i])} for i, entry in enumerate(data or [])]
