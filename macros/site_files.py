"""The files of a site: only an allowlist of file types under ``docs/`` and ``overrides/``, no links.

MkDocs publishes every file under ``docs/`` that it does not build as a page, and copies
every file of the theme's ``custom_dir`` (``overrides/``) except templates, so a file
nobody reads is still served from the site's origin: an SVG or HTML file with its
script, a page in one of the other Markdown extensions that the content checks never
read, or, through a symbolic link, a file from outside the repository (``/etc/passwd``,
a home folder). ``check_files`` walks both folders without following links and refuses:

- every symbolic link, to a file or a folder, and anything that is not a regular file;
- hidden files and names with characters other than letters, digits, ``.``, ``_``, ``-``;
- every file type outside the allowlist of ``docs/`` (``docs_kind``) or of
  ``overrides/`` (``.html`` templates, ``.js``, ``.css``);
- files over the size caps (``TEXT_MAX_BYTES``, ``IMAGE_MAX_BYTES``), judged from the file
  system, without reading the file; images whose first bytes are not of their type;
- stylesheets that load anything from elsewhere (see ``check_css``).

Templates under ``overrides/`` are code that runs at build time: these checks cannot
judge them, a maintainer reviews every change there.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path, PurePosixPath

import tinycss2

from macros.problems import Problem

MIB = 1024 * 1024
TEXT_MAX_BYTES = 1 * MIB  # pages, data, archives, ids.json, stylesheets, scripts, templates
IMAGE_MAX_BYTES = 2 * MIB  # one image

# Extensions that MkDocs (mkdocs.utils.markdown_extensions) or other Markdown tools treat as
# Markdown: the checks read only .md pages, so any other would be built, or published, unchecked.
OTHER_MARKDOWN = (".markdown", ".mdown", ".mkdn", ".mkd", ".mdwn", ".mdtxt", ".mdtext", ".text")

# Each image type, and the bytes its files start with: alternatives, each a tuple of (offset, bytes).
IMAGE_MAGIC = {
    ".png": [((0, b"\x89PNG\r\n\x1a\n"),)],
    ".jpg": [((0, b"\xff\xd8\xff"),)],
    ".jpeg": [((0, b"\xff\xd8\xff"),)],
    ".gif": [((0, b"GIF87a"),), ((0, b"GIF89a"),)],
    ".webp": [((0, b"RIFF"), (8, b"WEBP"))],
    ".avif": [((4, b"ftypavif"),), ((4, b"ftypavis"),)],
    ".ico": [((0, b"\x00\x00\x01\x00"),)],
}

ALLOWED_TEXT = (
    ".md pages; .yml data in references/ and sources/; .txt archives in sources/archive/; "
    "ids.json; corrections-log.yml; .css in stylesheets/; .js in javascripts/; "
    "images: " + ", ".join(IMAGE_MAGIC)
)
OVERRIDE_SUFFIXES = (".html", ".js", ".css")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\Z")


def _shown(text: str) -> str:
    """Return ``text`` with control, non-ASCII and quote characters escaped, for a message."""
    return ascii(text)[1:-1]


def docs_kind(rel: PurePosixPath) -> tuple[str | None, str]:
    """Return what a file under ``docs/`` is, or why it is refused.

    Args:
        rel: the file's path relative to ``docs/``.

    Returns:
        ``(kind, "")`` with kind one of "page", "data", "archive", "ids", "css", "script",
        "image"; or ``(None, message)`` saying what is wrong and what to do.
    """
    suffix, parent, top = rel.suffix, rel.parent.as_posix(), rel.parts[0]
    if suffix == ".md":
        return "page", ""
    if suffix.lower() in OTHER_MARKDOWN + (".md",):
        return None, f"'{suffix}' pages are not read by the content checks — rename it to .md"
    if suffix == ".yml" and parent in ("references", "sources"):
        return "data", ""
    if suffix == ".txt" and parent == "sources/archive":
        return "archive", ""
    if rel.as_posix() == "ids.json":
        return "ids", ""
    if rel.as_posix() == "corrections-log.yml":
        return "data", ""
    if suffix == ".css" and top == "stylesheets":
        return "css", ""
    if suffix == ".js" and top == "javascripts":
        return "script", ""
    if suffix in IMAGE_MAGIC:
        return "image", ""
    if suffix.lower() == ".svg":
        return None, (
            "SVG can carry script that runs when the file is opened from the site — use a PNG or WebP image instead"
        )
    if suffix.lower() in (".html", ".htm", ".xhtml", ".xht", ".xml", ".shtml"):
        return None, (
            f"'{suffix}' files are published as they are, script included — write a Markdown page (.md) instead"
        )
    what = f"a '{suffix}' file" if suffix else "a file without an extension"
    return None, f"{what} is not allowed here — allowed under docs/: {ALLOWED_TEXT}"


def _size_problem(rel: str, size: int, limit: int) -> Problem | None:
    """Return a problem when ``size`` bytes is over ``limit`` bytes, else None."""
    if size <= limit:
        return None
    return Problem(
        rel,
        None,
        f"the file is {size / MIB:.1f} MiB, over the limit of {limit / MIB:g} MiB "
        "for this kind of file — make it smaller",
    )


def _image_problem(path: Path, rel: str) -> Problem | None:
    """Return a problem when the image at ``path`` does not start with its type's bytes, else None."""
    with open(path, "rb") as f:
        head = f.read(16)
    if any(
        all(head[at : at + len(magic)] == magic for at, magic in alternative)
        for alternative in IMAGE_MAGIC[path.suffix]
    ):
        return None
    return Problem(
        rel,
        None,
        f"the file is not a {path.suffix[1:].upper()} image (it does not start with the "
        f"bytes of one) — export it again in that format",
    )


# At-rules a stylesheet may use; @import (another stylesheet, maybe from another host) is not one.
# @page sets the printed page's margins (extra.css, print); its declarations are checked like any other.
CSS_AT_RULES = ("media", "supports", "keyframes", "font-face", "layer", "container", "page")
CSS_URL_FUNCTIONS = ("url", "src")  # their string argument is a URL
CSS_IMAGE_FUNCTIONS = ("image-set", "-webkit-image-set", "image", "cross-fade")  # every string is a URL
CSS_DATA_IMAGE = re.compile(r"data:image/(png|jpeg|gif|webp|avif|svg\+xml)[;,]", re.IGNORECASE)
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))


def css_url_problem(value: str, base: PurePosixPath) -> str | None:
    """Say what is wrong with a URL in a stylesheet, or return None when it is a file of the site.

    Allowed: a path relative to the stylesheet that stays inside the site, a ``#fragment``,
    and ``data:`` images (the icons of extra.css). The value is read as a browser reads it:
    tabs and newlines removed, surrounding spaces and control characters ignored.

    Args:
        value: the URL, CSS escapes already decoded (str).
        base: the stylesheet's folder, relative to the folder it is published from.

    Returns:
        "what is wrong" (str, without the fix), or None.
    """
    url = re.sub(r"[\t\n\r]", "", value).strip(_C0_AND_SPACE)
    shown = _shown(url if len(url) <= 80 else url[:80] + "…")
    scheme = _SCHEME.match(url)
    if scheme and CSS_DATA_IMAGE.match(url):
        return None
    if scheme and scheme[1].lower() in ("http", "https"):
        return f"url('{shown}') loads from another host"
    if scheme and scheme[1].lower() == "data":
        return f"url('{shown}') is a data: URL that is not an image"
    if scheme:
        return f"url('{shown}') uses the {scheme[1].lower()}: scheme"
    if url.startswith(("//", "\\\\", "/\\", "\\/")):
        return f"url('{shown}') loads from another host"
    if url.startswith(("/", "\\")) or "\\" in url:
        return f"url('{shown}') is an absolute path or has a backslash, so it may leave the site"
    target = os.path.normpath(os.path.join(base.as_posix() or ".", re.split(r"[?#]", url)[0] or "."))
    if target == ".." or target.startswith("../"):
        return f"url('{shown}') points outside the site"
    return None


def _css_nodes(rules):
    """Yield every node of a parsed stylesheet, depth first, without recursion."""
    stack = list(reversed(rules))
    while stack:
        node = stack.pop()
        yield node
        children = []
        for attribute in ("prelude", "content", "arguments"):
            children += getattr(node, attribute, None) or []
        stack.extend(reversed(children))


def _css_node_problem(node, base: PurePosixPath) -> str | None:
    """Say what is wrong with one node of a stylesheet, or return None."""
    urls = []
    if node.type == "error":
        return f"the stylesheet does not parse ({node.kind}: {node.message})"
    if node.type in ("at-rule", "at-keyword"):
        name = node.lower_at_keyword if node.type == "at-rule" else node.lower_value
        if name == "import":
            return "@import loads another stylesheet, from anywhere"
        if name not in CSS_AT_RULES:
            return (
                f"@{_shown(name)} is not one of the at-rules allowed here ({', '.join('@' + a for a in CSS_AT_RULES)})"
            )
    elif node.type == "url":
        urls = [node.value]
    elif node.type == "function" and node.lower_name in CSS_URL_FUNCTIONS + CSS_IMAGE_FUNCTIONS:
        if any(arg.type == "function" and arg.lower_name in ("var", "env", "attr") for arg in node.arguments):
            return f"{node.lower_name}() takes its URL from var(), env() or attr(), which cannot be checked"
        urls = [arg.value for arg in node.arguments if arg.type == "string"]
    return next((p for p in (css_url_problem(u, base) for u in urls) if p), None)


def check_css(text: str, rel: str, base: PurePosixPath) -> list[Problem]:
    r"""Check a stylesheet: it loads nothing from another host and runs nothing.

    Refused: ``@import`` and at-rules other than ``CSS_AT_RULES``; a URL (``url()``,
    ``src()``, ``image-set()``...) that is not a relative path inside the site, a fragment
    or a ``data:`` image; CSS that does not parse. CSS escapes are decoded first
    (tinycss2), so ``u\\72l(`` is read as ``url(``.

    Args:
        text: the stylesheet (str).
        rel: its path, relative to the project, for the messages.
        base: its folder, relative to the folder it is published from (docs/ or overrides/).

    Returns:
        A list of ``Problem``, one per offending token, with its line.
    """
    fix = " — keep the rules in this file and load only files of the site, by a path relative to the stylesheet"
    rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    problems = []
    for node in _css_nodes(rules):  # tinycss2 and this walk use no recursion: any depth is read
        message = _css_node_problem(node, base)
        if message:
            problems.append(Problem(rel, node.source_line, message + fix))
    return problems


def _read_text(path: Path, rel: str) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 file; return ``(text, [])``, or ``(None, [problem])`` naming the first bad byte's line."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        return None, [Problem(rel, line, f"the file is not UTF-8 text (byte 0x{data[e.start]:02x}) — save it as UTF-8")]


def _css_file(path: Path, rel: str, base: PurePosixPath) -> list[Problem]:
    """Read and check one stylesheet (see ``check_css``)."""
    text, problems = _read_text(path, rel)
    return problems if text is None else check_css(text, rel, base)


def _docs_file(path: Path, rel: str, inner: PurePosixPath) -> list[Problem]:
    """Check one regular file under docs/: its type, its size, and an image's or stylesheet's content.

    Args:
        path: the file.
        rel: its path relative to the project, for messages.
        inner: its path relative to docs/.

    Returns:
        A list of ``Problem``.
    """
    kind, message = docs_kind(inner)
    if kind is None:
        return [Problem(rel, None, message)]
    too_big = _size_problem(rel, path.lstat().st_size, IMAGE_MAX_BYTES if kind == "image" else TEXT_MAX_BYTES)
    if too_big:
        return [too_big]
    if kind == "image":
        return [p for p in [_image_problem(path, rel)] if p]
    return _css_file(path, rel, inner.parent) if kind == "css" else []


def _override_file(path: Path, rel: str, inner: PurePosixPath) -> list[Problem]:
    """Check one regular file under overrides/: only templates, scripts and stylesheets; the size cap; CSS.

    Args:
        path: the file.
        rel: its path relative to the project, for messages.
        inner: its path relative to overrides/.

    Returns:
        A list of ``Problem``.
    """
    if inner.suffix not in OVERRIDE_SUFFIXES:
        what = f"a '{inner.suffix}' file" if inner.suffix else "a file without an extension"
        return [
            Problem(
                rel,
                None,
                f"{what} is not allowed in overrides/ — only theme templates (.html), "
                "scripts (.js) and stylesheets (.css) belong there; SVG can carry script",
            )
        ]
    too_big = _size_problem(rel, path.lstat().st_size, TEXT_MAX_BYTES)
    if too_big:
        return [too_big]
    return _css_file(path, rel, inner.parent) if inner.suffix == ".css" else []


def _entry_problem(path: Path, rel: str) -> Problem | None:
    """Refuse a link, anything but a regular file or folder, a hidden name or a name with other characters."""
    mode = path.lstat().st_mode
    if stat.S_ISLNK(mode):
        return Problem(
            rel,
            None,
            f"is a symbolic link (to '{_shown(os.readlink(path))}'); the site would publish "
            "what it points at, even from outside the repository — commit the file itself",
        )
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return Problem(rel, None, "is not a regular file or folder — commit a regular file")
    if path.name.startswith("."):
        return Problem(
            rel, None, "hidden files and folders are not allowed here — remove it, or rename it without the leading dot"
        )
    if not _NAME.match(path.name):
        return Problem(
            rel,
            None,
            "the name has characters other than letters, digits, '.', '_' and '-' "
            "(or does not start with a letter or digit) — rename it",
        )
    return None


def _rel(path: Path, root_dir: Path) -> str:
    """Return ``path`` relative to ``root_dir``, with '/' and unusual characters escaped."""
    return _shown(PurePosixPath(Path(os.path.relpath(path, root_dir))).as_posix())


def _check_tree(root_dir: Path, top: Path, check_file) -> list[Problem]:
    """Walk ``top`` without following links; check every entry, and every regular file with ``check_file``.

    Args:
        root_dir: the project folder (messages name files relative to it).
        top: the folder to walk (docs/ or overrides/).
        check_file: ``(path, rel, inner) -> list[Problem]`` for a regular file.

    Returns:
        A list of ``Problem``.
    """
    if top.is_symlink():
        return [_entry_problem(top, _rel(top, root_dir))]
    if not top.is_dir():
        return [Problem(_rel(top, root_dir), None, "folder not found — create it, or correct the path in mkdocs.yml")]
    problems, errors = [], []
    for folder, dirs, files in os.walk(top, onerror=errors.append):  # followlinks=False: links are not entered
        dirs.sort()
        for name in dirs[:] + sorted(files):
            path = Path(folder, name)
            rel = _rel(path, root_dir)
            problem = _entry_problem(path, rel)
            if problem:
                problems.append(problem)
                if name in dirs:
                    dirs.remove(name)
            elif name in files:
                problems += check_file(path, rel, PurePosixPath(path.relative_to(top).as_posix()))
    problems += [
        Problem(_rel(Path(e.filename), root_dir), None, f"cannot be read ({e.strerror}) — make it readable")
        for e in errors
    ]
    return problems


def check_files(root_dir: Path, docs_dir: Path, overrides_dir: Path | None) -> list[Problem]:
    """Check every file and folder under docs/ and overrides/ (see the module's docstring).

    Nothing is followed or read whole before its type and size pass: links are reported,
    not entered; sizes come from ``lstat``.

    Args:
        root_dir: the project folder (the one holding mkdocs.yml); messages name files relative to it.
        docs_dir: the site's docs folder.
        overrides_dir: the theme's custom_dir, or None when the site has none.

    Returns:
        A list of ``Problem`` (empty when every file passes).

    Raises:
        OSError: when an entry disappears or cannot be read while it is checked.
    """
    problems = _check_tree(root_dir, docs_dir, _docs_file)
    if overrides_dir is not None:
        problems += _check_tree(root_dir, overrides_dir, _override_file)
    return problems
