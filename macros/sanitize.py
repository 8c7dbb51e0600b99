"""Every page's HTML through an allowlist sanitiser (nh3, the binding of Rust's ammonia).

The allowlist is what the site itself writes: Python-Markdown's and Material's markup
(headings with their permanent links, admonitions, details, tables, code highlighting,
grid cards), the MathML of ``macros.mathml`` (latex2mathml), and the classes, ids and
``data-*`` attributes of the HTML contract (docs/about/html-contract.md). Links may be
``http:``, ``https:``, ``mailto:`` or relative; images only files of the site. No
element runs code, no attribute restyles the page (the only ``style`` kept is the
``text-align`` the tables extension writes), and no id begins with ``__`` (the theme's
own ids, such as ``__config``).

``SanitizeExtension`` runs the sanitiser on each page's HTML after every other step of
Python-Markdown; when it would remove anything, the build fails naming the page, the
line where the removed text is found in the page's Markdown, and what would go. The
real site's pages pass through unchanged in meaning; what is published is the
sanitiser's output.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3
from markdown import Extension
from markdown.postprocessors import Postprocessor
from pygments.token import STANDARD_TYPES

from macros.problems import ContentError, Problem

VERDICTS = {"accurate", "vague", "incomplete", "misleading", "wrong", "outdated", "unanswered", "unreviewed"}
LEVELS = {"junior", "mid", "senior"}
#: Material's admonition types and their aliases, and the site's own (docs/stylesheets/extra.css).
ADMONITIONS = {
    "note",
    "abstract",
    "summary",
    "tldr",
    "info",
    "todo",
    "tip",
    "hint",
    "important",
    "success",
    "check",
    "done",
    "question",
    "help",
    "faq",
    "warning",
    "caution",
    "attention",
    "failure",
    "fail",
    "missing",
    "danger",
    "error",
    "bug",
    "example",
    "quote",
    "cite",
    "correction",
    "answer",
    "interviewer",
}
#: Pygments' token classes and pymdownx.highlight's spans (line numbers, highlighted lines, a title).
HIGHLIGHT = set(STANDARD_TYPES.values()) - {""} | {"linenos", "normal", "special", "hll", "filename"}
MATHML_TAGS = {
    "math",
    "mi",
    "mn",
    "mo",
    "ms",
    "mspace",
    "mtext",
    "mrow",
    "mfrac",
    "msqrt",
    "mroot",
    "mstyle",
    "merror",
    "mpadded",
    "mphantom",
    "msub",
    "msup",
    "msubsup",
    "munder",
    "mover",
    "munderover",
    "mmultiscripts",
    "mprescripts",
    "none",
    "mtable",
    "mtr",
    "mtd",
    "menclose",
}
#: Presentation attributes latex2mathml writes; not mathcolor, mathbackground, href or style.
MATHML_ATTRIBUTES = {
    "display",
    "mathvariant",
    "mathsize",
    "stretchy",
    "fence",
    "form",
    "separator",
    "minsize",
    "maxsize",
    "largeop",
    "movablelimits",
    "symmetric",
    "lspace",
    "rspace",
    "accent",
    "accentunder",
    "width",
    "height",
    "depth",
    "voffset",
    "linethickness",
    "displaystyle",
    "scriptlevel",
    "columnalign",
    "columnlines",
    "columnspacing",
    "rowalign",
    "rowlines",
    "rowspacing",
    "frame",
    "notation",
    "linebreak",
}
TAGS = {
    "a",
    "abbr",
    "aside",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
} | MATHML_TAGS
_GLOBAL = {"id", "title", "lang", "aria-label", "aria-hidden", "aria-describedby", "aria-labelledby"}
ATTRIBUTES = {
    "*": _GLOBAL,
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "details": {"open"},
    "figure": {"data-item", "data-source", "data-verdict", "data-search-exclude"},
    "span": {"data-verdict", "data-search-exclude", "data-linenos", "data-level", "data-topic"},
    "ol": {"start", "reversed"},
    "code": {"class"},  # filtered by _attribute_filter: the highlight classes and language-*
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "math": {"xmlns"} | MATHML_ATTRIBUTES,
    **{tag: MATHML_ATTRIBUTES for tag in MATHML_TAGS - {"math"}},
}
CLASSES = {
    # "toc": Python-Markdown's toc extension runs the postprocessors on the table of contents too.
    "div": {
        "admonition",
        "math-display",
        "kb-page-tools",
        "kb-question-tools",
        "grid",
        "cards",
        "card",
        "toc",
        "highlight",
        "linenodiv",
    }
    | ADMONITIONS
    | VERDICTS,
    "details": ADMONITIONS | LEVELS | VERDICTS,
    "p": {
        "admonition-title",
        "source-question",
        "source-unanswered",
        "source-lost",
        "kb-question-meta",
        "kb-sources-label",
    },
    "blockquote": {"source-markdown"},
    "figure": {"source-answer"},
    "span": {
        "verdict-badge",
        "source-label",
        "source-hint",
        "source-difficulty",
        "source-note",
        "kb-level",
        "kb-tags",
        "kb-topic-progress",
    }
    | HIGHLIGHT,
    "a": {"headerlink", "toclink"},
    "table": {"highlighttable"},
    "td": {"linenos", "code"},
    "th": {"filename"},
}
#: The one ``style`` the site writes: Python-Markdown's tables align a column with it.
_ALIGN = {f"text-align: {side};" for side in ("left", "center", "right")}
TAG_ATTRIBUTE_VALUES = {"td": {"style": _ALIGN}, "th": {"style": _ALIGN}}
URL_SCHEMES = {"http", "https", "mailto"}
#: Whitespace the URL parser drops anywhere in a URL, and what it strips at its start.
_URL_DROPPED = re.compile(r"[\t\n\r]")
_URL_LEADING = re.compile(r"^[\x00-\x20]+")


def _is_local(url: str) -> bool:
    r"""True when ``url`` is a path on this site: no scheme, not ``//host`` (nor ``\\\\host``)."""
    return not _scheme(url) and not re.match(r"[\\/]{2}", _URL_LEADING.sub("", _URL_DROPPED.sub("", url)))


_LANGUAGE = re.compile(r"language-[A-Za-z0-9_+#.-]+")


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    if attr == "id" and value.startswith("__"):
        return None
    if tag == "code" and attr == "class":  # a fenced block's language (fenced_code writes language-x)
        return " ".join(c for c in value.split() if c in HIGHLIGHT or _LANGUAGE.fullmatch(c)) or None
    if tag == "img" and attr == "src" and not _is_local(value):
        return None
    return value


_STRICT = nh3.Cleaner(
    tags=TAGS,
    attributes=ATTRIBUTES,
    allowed_classes=CLASSES,
    attribute_filter=_attribute_filter,
    tag_attribute_values=TAG_ATTRIBUTE_VALUES,
    url_schemes=URL_SCHEMES,
    link_rel=None,
)


def sanitise(text: str) -> str:
    """Return ``text`` (an HTML fragment) with everything outside the site's allowlist removed.

    Args:
        text: HTML (str).

    Returns:
        The sanitised HTML (str), serialised by nh3: attribute order, quoting and
        character references may differ from ``text`` where nothing was removed.
    """
    return _STRICT.clean(text)


_TAG_NAME = re.compile(r"<([A-Za-z][^\t\n\f\r />]*)")
#: An HTML comment as browsers end it (also "<!-->" and "--!>"); nh3 removes comments.
_COMMENT = re.compile(r"<!--(?:-?>|.*?--!?>)", re.S)
_ATTR_VALUE = re.compile(r"""=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")


def _scheme(url: str) -> str:
    """The scheme a browser reads in ``url`` (lower case), or ""."""
    m = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", _URL_LEADING.sub("", _URL_DROPPED.sub("", url)))
    return m.group(1).lower() if m else ""


def _loose(text: str, named: set[str]) -> str:
    """``text`` through nh3 allowing every tag (``named``: the tags it names), attribute and
    URL scheme it contains.

    Both this and ``sanitise`` parse with the same HTML parser, so their outputs differ
    only by what the allowlist removes.
    """
    tags = named | TAGS
    values = (next(filter(None, m.groups()), "") for m in _ATTR_VALUE.finditer(text))
    schemes = {_scheme(html.unescape(v)) for v in values if ":" in v or "&" in v} - {""} | URL_SCHEMES
    return nh3.Cleaner(
        tags=tags,
        clean_content_tags=set(),
        attributes={},
        generic_attribute_prefixes={""},
        url_schemes=schemes,
        link_rel=None,
    ).clean(text)


@dataclass(frozen=True)
class Removal:
    """One thing the sanitiser would remove.

    Attributes:
        tag: the element (str).
        attr: the attribute (str), or None when the whole element would go.
        value: the attribute's value, the class for ``attr == "class"``, ``"math"`` for a
            MathML element outside ``<math>`` (str), or None.
    """

    tag: str
    attr: str | None = None
    value: str | None = None


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Elements(HTMLParser):
    """The elements of an HTML fragment as serialised by nh3, each with its parent."""

    # nh3 writes the content of these elements raw, as browsers read it.
    CDATA_CONTENT_ELEMENTS = (
        "script",
        "style",
        "noscript",
        "xmp",
        "iframe",
        "noembed",
        "noframes",
        "textarea",
        "title",
    )

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str], int | None]] = []  # tag, attributes, parent's index
        self._open: list[int] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append(
            (tag, {name: value or "" for name, value in attrs}, self._open[-1] if self._open else None)
        )
        if tag not in _VOID:
            self._open.append(len(self.elements) - 1)

    def handle_startendtag(self, tag, attrs):
        self.elements.append(
            (tag, {name: value or "" for name, value in attrs}, self._open[-1] if self._open else None)
        )

    def handle_endtag(self, tag):
        if self._open and self.elements[self._open[-1]][0] == tag:
            self._open.pop()


def _compare(loose: str, strict: str) -> tuple[list[Removal], set[str]]:
    """What ``strict`` lacks of ``loose``, and the tags of ``loose``: both the same fragment
    through nh3, ``strict`` with fewer tags, attributes and classes allowed, so its elements
    are a subsequence. What is inside a removed element is not reported again.
    """
    before, after = _Elements(loose).elements, [e[:2] for e in _Elements(strict).elements]
    out, gone, j = [], set(), 0
    for i, (tag, attrs, parent) in enumerate(before):
        if parent in gone:
            gone.add(i)
        elif j < len(after) and after[j][0] == tag:
            kept = after[j][1]
            j += 1
            for name, value in attrs.items():
                if name == "class":
                    out += [Removal(tag, "class", c) for c in value.split() if c not in kept.get("class", "").split()]
                elif name not in kept:
                    out.append(Removal(tag, name, value))
        else:
            out.append(Removal(tag))
            gone.add(i)
    return out, {e[0] for e in before}


_MATHML_TAG = re.compile(rf"<({'|'.join(sorted(MATHML_TAGS, key=len, reverse=True))})[\t\n\f\r />]", re.I)


def _out_of_place(original: str, strict: str) -> list[Removal]:
    """MathML elements that nh3 drops, with their content, because they are not inside a
    ``<math>`` element: allowed by name, so no other comparison sees them go.
    """
    before = Counter(t.lower() for t in _MATHML_TAG.findall(_COMMENT.sub("", original)))
    after = Counter(_MATHML_TAG.findall(strict))
    return [Removal(tag, None, "math") for tag in sorted(before) if after[tag] < before[tag]]


def check(text: str) -> tuple[str, list[Removal]]:
    """Sanitise an HTML fragment and say what the sanitiser removed.

    Differences of serialisation only (attribute order, quoting, character references,
    void-element slashes) are not removals: the fragment is compared with itself through
    the same parser allowing everything it contains.

    Args:
        text: HTML (str).

    Returns:
        ``(sanitised, removals)``: the sanitised HTML (str) and a list of ``Removal``,
        in document order; empty when nothing of meaning was removed.
    """
    strict = sanitise(text)
    if strict == text:
        return strict, []
    loose = _loose(text, {t.lower() for t in _TAG_NAME.findall(text)})
    found, seen = _compare(loose, strict) if loose != strict else ([], set())
    # Elements the parser drops with what follows them (an unclosed <style>, MathML out of
    # place) are in neither output: every tag the fragment names must be allowed.
    named = dict.fromkeys(t.lower() for t in _TAG_NAME.findall(_COMMENT.sub("", text)))  # in document order
    found += [Removal(tag) for tag in named if tag not in TAGS | seen]
    if not found and strict.count("<m") < text.lower().count("<m"):
        found = _out_of_place(text, strict)
    return strict, found


_CODE_ELEMENTS = {
    "script",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "portal",
    "base",
    "link",
    "meta",
    "form",
    "style",
    "template",
    "noscript",
}


def _short(value: str, limit: int = 60) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def describe(removal: Removal) -> str:
    """Say what would be removed and what to do, e.g. "the onclick attribute of <img> would be
    removed — pages may not run code: remove it".

    Args:
        removal: a ``Removal``.

    Returns:
        The message (str), without file or line.
    """
    tag, attr, value = removal.tag, removal.attr, removal.value
    if attr is None and value == "math":
        return (
            f"the <{tag}> element would be removed with its content — MathML belongs inside <math>: "
            "write the formula as $...$"
        )
    if attr is None:
        why = (
            "pages may not run code, load other content or restyle the site"
            if tag in _CODE_ELEMENTS
            else "it is not among the elements pages may use (macros/sanitize.py)"
        )
        return f"the <{tag}> element would be removed — {why}: remove it; show HTML as code, in backticks"
    what = f"the {attr} attribute of <{tag}> would be removed"
    if attr.startswith("on"):
        return f"{what} — pages may not run code: remove it"
    if attr == "style":
        return f"{what} — pages may not restyle the site: remove it; use the site's admonitions, lists and tables"
    if attr == "id":
        return (
            f"the id '{_short(value)}' of <{tag}> would be removed — ids beginning with '__' belong to the "
            "theme: choose another id"
        )
    if attr == "class":
        return (
            f"the class '{value}' of <{tag}> would be removed — it is not one of the site's classes "
            "(docs/about/html-contract.md, macros/sanitize.py): remove it"
        )
    if tag == "img" and attr == "src" and not _is_local(value or ""):
        return (
            f"the image '{_short(value)}' would be removed — images must be files of this site, not loaded "
            "from another host or a data: URL: put the image under docs/ and link it by a relative path"
        )
    if attr in ("href", "src"):
        return (
            f"the {attr} '{_short(value)}' of <{tag}> would be removed — links may be only http:, https:, "
            "mailto: or relative: remove it"
        )
    return f"{what} — it is not among the attributes pages may use (macros/sanitize.py): remove it"


def removals(text: str) -> list[str]:
    """Say what the sanitiser would remove from an HTML fragment.

    Args:
        text: HTML (str).

    Returns:
        One message (str) per removal, as ``describe`` words it; empty when the
        sanitiser changes nothing of meaning.
    """
    return [describe(r) for r in check(text)[1]]


_FENCE = re.compile(r"^\s*(```|~~~)")


def _needles(removal: Removal) -> list[re.Pattern]:
    """Patterns that find, in a page's Markdown, the text that made ``removal``: most specific first."""
    tag, attr, value = removal.tag, removal.attr, removal.value or ""

    def word(w):
        return rf"(?<![\w-]){re.escape(w)}(?![\w-])"

    value_pattern = re.compile(re.escape(value.split()[0][:40]), re.I) if value.strip() else None
    if attr is None:
        return [re.compile(rf"<\s*{re.escape(tag)}(?![\w-])", re.I)]
    if attr == "class":
        return [
            re.compile(p, re.I)
            for p in (
                rf"\.{re.escape(value)}(?![\w-])",
                rf"class\s*=\s*[\"']?[^\"'>]*{word(value)}",
                rf"^\s*(!!!|\?\?\?\+?)\s.*{word(value)}",
                word(value),
            )
        ]
    by_name = re.compile(rf"(?<![\w-]){re.escape(attr)}\s*=", re.I)
    if attr in ("href", "src", "id", "style") and value_pattern:
        return [value_pattern, by_name]
    return [by_name] + ([value_pattern] if value_pattern else [])


def find_line(source: str, removal: Removal) -> int | None:
    """Find the line of a page's Markdown that holds what ``removal`` would remove.

    Lines in fenced code are searched last (a removal cannot come from code, but a line
    that only looks like a fence may hide raw HTML). Each line is also searched with its
    character references decoded (``jav&#x61;script:``).

    Args:
        source: the page's Markdown (str), front matter included so lines match the file.
        removal: a ``Removal``.

    Returns:
        The 1-based line (int), or None when the text is not in the page (it came from data
        a macro shows).
    """
    lines, fenced, inside = source.split("\n"), set(), False
    for n, line in enumerate(lines):
        if _FENCE.match(line):
            inside = not inside
        elif inside:
            fenced.add(n)
    order = [n for n in range(len(lines)) if n not in fenced] + sorted(fenced)
    for pattern in _needles(removal):
        for n in order:
            if pattern.search(lines[n]) or pattern.search(html.unescape(lines[n])):
                return n + 1
    return None


_NOT_IN_PAGE = (
    " (it is not in this page's Markdown: it comes from the data a macro shows here, in "
    "docs/references/*.yml or docs/sources/*.yml)"
)


def problems(text: str, path: str, source: str) -> tuple[str, list[Problem]]:
    """Sanitise a page's HTML; say, as ``Problem`` records, what it would remove.

    Args:
        text: the page's HTML (str).
        path: the page's file, relative to the project (str), for the messages.
        source: the page's Markdown (str), to find the line of each removal.

    Returns:
        ``(sanitised, problems)``: the sanitised HTML (str) and a list of ``Problem``,
        one per removal; empty when nothing of meaning would be removed.
    """
    clean, found = check(text)
    out = []
    for removal in found:
        line = find_line(source, removal)
        out.append(Problem(path, line, describe(removal) + ("" if line or not source else _NOT_IN_PAGE)))
    return clean, out


#: Runs after every other postprocessor: Python-Markdown's and pymdownx's are all at 0 or above.
PRIORITY = -1000


class _Sanitise(Postprocessor):
    def __init__(self, md, extension: SanitizeExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        clean, found = problems(text, self.extension.page, self.extension.source)
        if found:
            raise ContentError(found)
        return clean


class SanitizeExtension(Extension):
    """Sanitise each page's HTML last; fail when anything of meaning would be removed.

    Set ``page`` (the page's file relative to the project, str) and ``source`` (its
    Markdown as in the file, str) before each page is converted, for the messages.

    Raises (from ``Markdown.convert``):
        macros.problems.ContentError: one ``Problem`` per removal, naming the page, the line
            where found, what would be removed and what to do.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.page = "(page)"
        self.source = ""

    def extendMarkdown(self, md):
        """Register this extension's processors with ``md`` (Python-Markdown's hook)."""
        md.postprocessors.register(_Sanitise(md, self), "sanitize", PRIORITY)
