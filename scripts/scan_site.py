"""Output scan: look through a built site for anything that could run code or load from elsewhere.

Usage:
    python scripts/scan_site.py SITE_DIR [--host HOST ...]

A second line of defence, independent of the build's sanitiser (macros/sanitize.py): it
reads what MkDocs wrote (every HTML, SVG, XML, CSS and JSON file) and reports

- a ``<script>`` other than Material's bundle, the site's own ``docs/javascripts/`` files
  and Material's known inline snippets (and the site's own, from ``overrides/partials/``);
  any ``<iframe>``, ``<object>``, ``<embed>``, ``<base>`` or refreshing ``<meta>``;
- an inline event handler (``on…=``) anywhere;
- a ``javascript:``, ``vbscript:`` or ``data:`` URL: in an attribute, in CSS ``url()`` or
  ``@import``, or as a JSON string; the one exception is ``data:image/svg+xml`` icons in
  Material's stylesheets and ``stylesheets/extra.css``;
- a ``style`` attribute (only the ``text-align`` Python-Markdown's tables write is known),
  and an id beginning with ``__`` in a page's content or that is not one of Material's;
- anything loaded from another host: ``src``, ``srcset``, ``<link href>``, ``action``,
  CSS ``url()`` and ``@import``. Links (``<a href>``) to other hosts are the site's
  references and are fine.

HTML inside the search index's strings (Material shows search results as HTML) is scanned as HTML.
The site's own hosts come from ``--host`` or, by default, from ``sitemap.xml`` (site_url).
Prints one line per finding, ``file:line: what — why``; exit status 0 when there is none,
1 when there are findings, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlsplit

import tinycss2

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from macros.problems import Problem, sort_problems  # noqa: E402

#: Scripts the pages may load, as paths from the site root.
KNOWN_SCRIPTS = (
    re.compile(r"assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js"),
    re.compile(r"javascripts/(kb|ids|a11y)\.js"),
)
#: Material 9.8's inline scripts, by SHA-256 of their text (``__md_scope``'s base path left out):
#: the localStorage helpers, the palette preference, the tabbed-content anchor.
#: An unknown one is printed with its hash; if it is Material's, add the hash here.
KNOWN_INLINE = {
    "7eb3684fdacd2881f67b9428983273a29d8774d8bc82622af9b65a8ec1032a90",  # __md_scope, __md_get, __md_set
    # The same, as overrides/partials/javascripts/base.html writes it (one text on every page, for the CSP).
    "3947a1f7d4f5cde237c07fb10f4139e2fc53ef0fbcad846f7f9f155b64863dae",
    "0eb10c249dbdb0beef225a10ce5cbe55418cc4a7014cc208f8e7d6ed8f00906e",  # the reader's palette
    "ffcc0f7735fdab434d257c80e65cec2e88d716991e69757185b7e450e41a5b2f",  # a link to a content tab
}
#: The site's own inline scripts: theme partials included in a <script> element.
OWN_INLINE = (ROOT / "overrides" / "partials" / "search-on-demand.js",)
#: Stylesheets whose ``data:image/svg+xml`` icons are known (Material's and the site's).
DATA_ICON_CSS = (
    re.compile(r"assets/stylesheets/(main|palette)\.[0-9a-f]{8}\.min\.css"),
    re.compile(r"stylesheets/extra\.css"),
)
#: Material's own element ids (outside the content): a page's content may not use them.
THEME_IDS = re.compile(r"__(config|drawer|search|toc|consent|skip|palette_\d+|nav_[\d_]+(_label)?)")
#: The one ``style`` attribute the site writes: Python-Markdown's tables align columns with it.
ALIGN_STYLE = re.compile(r"text-align: (left|center|right);")
#: Elements that embed or load other documents, or change how the page's URLs resolve.
EMBEDDING = {"iframe", "frame", "frameset", "object", "embed", "applet", "portal", "base"}
#: Attributes whose value is a URL the browser loads (or, for href on <a>/<area>, follows).
URL_ATTRS = {
    "src",
    "href",
    "xlink:href",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "ping",
    "manifest",
    "codebase",
    "longdesc",
    "usemap",
    "lowsrc",
    "dynsrc",
    "icon",
    "cite",
}
SRCSET_ATTRS = {"srcset", "imagesrcset"}
#: Attributes that hold a URL only to follow (a link) or cite, not to load.
LINK_ONLY = {("a", "href"), ("area", "href"), ("q", "cite"), ("blockquote", "cite"), ("del", "cite"), ("ins", "cite")}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_CONTROL = re.compile(r"[\x00-\x20]+")
_SCRIPT_SCHEMES = ("javascript:", "vbscript:")


def _scheme_of(url: str) -> str:
    """The scheme of ``url`` as a browser reads it ("" for a relative URL), lower case."""
    url = _CONTROL.sub("", url)  # leading/trailing controls and spaces go; tabs and newlines anywhere
    m = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", url)
    return m.group(1).lower() if m else ""


def _host_of(url: str) -> str | None:
    """The host ``url`` names (lower case), or None when it is relative to the site."""
    url = _CONTROL.sub("", url).replace("\\", "/")
    if not _scheme_of(url) and not url.startswith("//"):
        return None
    return (urlsplit(url).hostname or "").lower()


def inline_hash(text: str) -> str:
    """SHA-256 (hex) of an inline script's text, without the base path Material writes into it.

    Args:
        text: the script element's content (str).

    Returns:
        64 hex digits (str).
    """
    text = re.sub(r'__md_scope=new URL\("[./]*",location\)', '__md_scope=new URL("",location)', text.strip())
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _own_inline() -> set[str]:
    return {p.read_text(encoding="utf-8").strip() for p in OWN_INLINE if p.is_file()}


class Scan:
    """What the scan found, and what it knows: the site's root, its hosts."""

    def __init__(self, site_dir: Path, hosts: set[str]):
        self.site_dir, self.hosts = site_dir, {h.lower() for h in hosts}
        self.found: list[Problem] = []
        self.own_inline = _own_inline()

    def add(self, path: str, line: int | None, message: str) -> None:
        """Record one finding: the file, its line (or None) and what is wrong."""
        self.found.append(Problem(path, line, message))

    def url(self, path: str, line: int | None, where: str, url: str, loads: bool, data_ok: bool = False) -> None:
        """Check one URL found at ``where`` (e.g. "the src of <img>") in ``path``."""
        scheme = _scheme_of(url)
        shown = " ".join(url.split())[:80]
        if scheme in ("javascript", "vbscript"):
            self.add(path, line, f"{where} is a {scheme}: URL ('{shown}') — a page may not run code from a URL")
        elif scheme == "data":
            if not (data_ok and _CONTROL.sub("", url).lower().startswith("data:image/svg+xml")):
                self.add(path, line, f"{where} is a data: URL ('{shown}') — use a file of the site")
        elif loads and scheme not in ("", "http", "https"):
            self.add(path, line, f"{where} loads a {scheme}: URL ('{shown}') — load only files of the site")
        elif loads and (host := _host_of(url)) is not None and host not in self.hosts:
            self.add(
                path,
                line,
                f"{where} loads from another host, {host or '(none)'} ('{shown}') — "
                "load only files of the site: no request may leave it",
            )


def scan_css(scan: Scan, path: str, css: str, line: int | None = None, data_ok: bool = False) -> None:
    """Report ``javascript:``/``data:`` URLs and loads from other hosts in a stylesheet.

    Args:
        scan: the ``Scan`` to add findings to.
        path: the file, relative to the site (str).
        css: the stylesheet, or a ``style`` attribute's declarations (str).
        line: the line of ``css`` in ``path`` when it is part of an HTML file; None for a
            stylesheet file (lines then come from the CSS).
        data_ok: whether ``data:image/svg+xml`` icons are known in this stylesheet.
    """

    def walk(nodes):
        after_import = False
        for node in nodes:
            at = line if line is not None else node.source_line
            if node.type == "url":
                scan.url(path, at, "a CSS url()", node.value, True, data_ok)
            elif node.type == "string" and after_import:
                scan.url(path, at, "a CSS @import", node.value, True, data_ok)
            elif node.type == "function":
                if node.lower_name in ("url", "src", "image-set", "-webkit-image-set"):
                    for arg in node.arguments:
                        if arg.type == "string":
                            scan.url(path, at, f"a CSS {node.lower_name}()", arg.value, True, data_ok)
                walk(node.arguments)
            elif node.type in ("() block", "[] block", "{} block"):
                walk(node.content)
            if node.type != "whitespace":
                after_import = node.type == "at-keyword" and node.lower_value == "import"

    # Tokens, not rules: a style attribute's declarations and a broken rule are read alike,
    # with CSS escapes (u\72l, @\69mport) decoded as browsers decode them.
    walk(tinycss2.parse_component_value_list(css, skip_comments=True))


class _Page(HTMLParser):
    """Reads one HTML, SVG or XML document (or an HTML fragment from JSON) and reports to a ``Scan``."""

    def __init__(self, scan: Scan, path: str, kind: str, where: str = ""):
        """``kind``: "page" (the site's HTML: Material's scripts allowed), "document" (SVG,
        XML: no script at all) or "fragment" (HTML in a JSON string, reported at ``where``).
        """
        super().__init__(convert_charrefs=True)
        self.scan, self.path, self.kind, self.where = scan, path, kind, where
        self.base = PurePosixPath(path).parent.as_posix()  # URLs in the page resolve from its folder
        self.content_depth = 0  # > 0 inside article.md-content__inner
        self.script: tuple[int, dict] | None = None  # an open <script>: its line and attributes
        self.script_text: list[str] = []
        self.ids: dict[str, int] = {}

    def line(self) -> int | None:
        return None if self.kind == "fragment" else self.getpos()[0]

    def report(self, message: str) -> None:
        self.scan.add(self.path, self.line(), message + (f" (in {self.where})" if self.where else ""))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_starttag(self, tag, attrs):
        attrs = [(name.lower(), value or "") for name, value in attrs]
        a = dict(attrs)
        if self.content_depth:
            self.content_depth += tag == "article"
        elif tag == "article" and "md-content__inner" in a.get("class", "").split():
            self.content_depth = 1
        if tag == "script":
            self.script = (self.line(), a)
            if "src" in a:
                self.script_src(a["src"])
        elif tag in EMBEDDING:
            self.report(f"a <{tag}> element — pages may not embed other documents or change their base URL")
        elif tag == "meta" and a.get("http-equiv", "").lower() in ("refresh", "set-cookie"):
            self.report(f'a <meta http-equiv="{a["http-equiv"]}"> — pages may not redirect or set cookies')
        elif tag == "foreignobject":
            self.report("an SVG <foreignObject> — SVG may not carry HTML")
        for name, value in attrs:
            self.attribute(tag, name, value)

    def attribute(self, tag: str, name: str, value: str) -> None:
        if name.startswith("on"):
            self.report(f"an inline event handler, the {name} attribute of <{tag}> — pages may not run code")
            return
        if _scheme_of(value) in ("javascript", "vbscript") and name not in URL_ATTRS:
            self.report(f"the {name} attribute of <{tag}> is a {_scheme_of(value)}: URL — pages may not run code")
        if name in URL_ATTRS and not (tag == "script" and name == "src"):
            self.scan.url(
                self.path,
                self.line(),
                f"the {name} of <{tag}>" + (f" (in {self.where})" if self.where else ""),
                value,
                (tag, name) not in LINK_ONLY,
            )
        elif name in SRCSET_ATTRS:
            for candidate in value.split(","):
                if candidate.strip():
                    self.scan.url(self.path, self.line(), f"the {name} of <{tag}>", candidate.split()[0], True)
        elif name == "style":
            if not (tag in ("td", "th") and ALIGN_STYLE.fullmatch(value.strip())):
                self.report(f"a style attribute on <{tag}> ('{value[:60]}') — pages may not restyle the site")
            scan_css(self.scan, self.path, value, self.line())
        elif name == "id" and value.startswith("__"):
            self.ids[value] = self.ids.get(value, 0) + 1
            if self.content_depth or self.kind != "page" or not THEME_IDS.fullmatch(value) or self.ids[value] > 1:
                self.report(
                    f"the id '{value}' on <{tag}> — ids beginning with '__' are the theme's; content may not use them"
                )

    def script_src(self, src: str) -> None:
        host = _host_of(src)
        target = urljoin(f"/{self.base}/" if self.base != "." else "/", _CONTROL.sub("", src))
        if (
            self.kind == "page"
            and (host is None or host in self.scan.hosts)
            and _scheme_of(src) in ("", "http", "https")
        ):
            site_path = urlsplit(target).path.lstrip("/")
            if any(p.fullmatch(site_path) for p in KNOWN_SCRIPTS):
                return
        self.report(
            f'a <script src="{src[:80]}"> that is not one of the site\'s scripts — pages may run only '
            "Material's bundle and docs/javascripts/ (see KNOWN_SCRIPTS in scripts/scan_site.py)"
        )

    def handle_endtag(self, tag):
        if tag == "article" and self.content_depth:
            self.content_depth -= 1
        if tag == "script" and self.script:
            self.inline_script("".join(self.script_text))

    def handle_data(self, data):
        if self.script is not None:
            self.script_text.append(data)

    def close(self):
        super().close()
        if self.script:  # a script never closed runs to the end of the document
            self.inline_script("".join(self.script_text))

    def inline_script(self, text: str) -> None:
        (line, a), self.script, self.script_text = self.script, None, []
        if "src" in a:
            return
        kind = a.get("type", "").lower()
        if self.kind == "page" and kind == "application/json" and a.get("id") == "__config":
            try:
                scan_json_value(self.scan, self.path, json.loads(text), "the theme's configuration", line)
            except ValueError:
                self.scan.add(self.path, line, "the theme's configuration is not JSON — it may only be Material's")
        elif self.kind == "page" and kind == "application/ld+json":
            # The site's ClaimReview data (macros/claimreview.py): data, never run; its JSON
            # escapes every "<", so it cannot end the element early.
            try:
                json.loads(text)
                if "<" in text:
                    raise ValueError
            except ValueError:
                self.scan.add(
                    self.path,
                    line,
                    "a JSON-LD block that is not plain JSON (or holds a '<') — "
                    "only the build's ClaimReview data may be one",
                )
        elif not (
            self.kind == "page"
            and kind in ("", "text/javascript")
            and (inline_hash(text) in KNOWN_INLINE or text.strip() in self.scan.own_inline)
        ):
            self.scan.add(
                self.path,
                line,
                "an inline <script> that is not one of Material's or the site's "
                f"(sha256 {inline_hash(text)}) — pages may not run code of their own; if "
                "it is Material's, add its hash to KNOWN_INLINE in scripts/scan_site.py"
                + (f" (in {self.where})" if self.where else ""),
            )

    def handle_pi(self, data):
        if data.lower().startswith("xml-stylesheet"):
            self.report("an xml-stylesheet instruction — XML files may not load a stylesheet")


def scan_html(scan: Scan, path: str, text: str, kind: str = "page", where: str = "") -> None:
    """Report what could run code or load from elsewhere in one HTML, SVG or XML document.

    Args:
        scan: the ``Scan`` to add findings to.
        path: the file, relative to the site (str).
        text: its content (str).
        kind: "page" for the site's HTML pages, "document" for SVG and XML (no script at
            all), "fragment" for HTML inside a JSON string.
        where: for a fragment, where in the file it is (str).
    """
    page = _Page(scan, path, kind, where)
    page.feed(text)
    page.close()


_HTML_IN_TEXT = re.compile(r"<[A-Za-z!/?]")


def scan_json_value(scan: Scan, path: str, value, where: str, line: int | None = None, html: bool = False) -> None:
    """Report ``javascript:``/``data:`` URLs among the strings of a JSON value and, when its
    strings are HTML, scan those that hold markup as HTML.

    Args:
        scan: the ``Scan`` to add findings to.
        path: the file, relative to the site (str).
        value: the decoded JSON (dict, list, str, number, bool or None).
        where: what the value is, for the messages (str).
        line: the line in ``path`` (int), or None.
        html: whether a page shows the strings as HTML (Material's search index), not as text.
    """
    stack = [(value, "")]
    while stack:
        value, pointer = stack.pop()
        if isinstance(value, dict):
            stack += [(v, f"{pointer}/{k}") for k, v in value.items()]
        elif isinstance(value, list):
            stack += [(v, f"{pointer}/{i}") for i, v in enumerate(value)]
        elif isinstance(value, str):
            if _scheme_of(value) in ("javascript", "vbscript", "data"):
                scan.add(
                    path,
                    line,
                    f"{where} {pointer or '/'} is a {_scheme_of(value)}: URL ('{value[:60]}') — "
                    "data may hold only http(s) or relative URLs",
                )
            if html and _HTML_IN_TEXT.search(value):
                scan_html(scan, path, value, "fragment", f"{where} {pointer or '/'}")


def site_hosts(site_dir: Path) -> set[str]:
    """The site's own hosts: those of the pages listed in its ``sitemap.xml`` (MkDocs writes
    them from ``site_url``); empty when there is none.

    Args:
        site_dir: the built site (Path).

    Returns:
        Host names, lower case (set of str).
    """
    sitemap = site_dir / "sitemap.xml"
    if not sitemap.is_file():
        return set()
    locs = re.findall(r"<loc>\s*([^<\s]+)\s*</loc>", sitemap.read_text(encoding="utf-8"))
    return {h for h in (_host_of(loc) for loc in locs) if h}


HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".xht"}
#: JSON files whose strings a page shows as HTML: Material's search results. (The export,
#: questions.json, is data: the interview kit shows its strings as text.)
HTML_JSON = {"search/search_index.json"}
DOCUMENT_SUFFIXES = {".svg", ".xml"}


def scan_site(site_dir: Path, hosts: set[str] | None = None) -> list[Problem]:
    """Scan every HTML, SVG, XML, CSS and JSON file of a built site.

    Args:
        site_dir: the built site (Path).
        hosts: the site's own hosts (set of str); default ``site_hosts(site_dir)``.

    Returns:
        The findings, a list of ``Problem`` (path relative to ``site_dir``, the line where
        known, what was found — why it is not allowed), sorted; empty when the site is clean.
    """
    site_dir = Path(site_dir)
    scan = Scan(site_dir, site_hosts(site_dir) if hosts is None else hosts)
    for file in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        rel, suffix = file.relative_to(site_dir).as_posix(), file.suffix.lower()
        if suffix not in HTML_SUFFIXES | DOCUMENT_SUFFIXES | {".css", ".json"}:
            continue
        text = file.read_text(encoding="utf-8", errors="replace")
        if suffix in HTML_SUFFIXES:
            scan_html(scan, rel, text)
        elif suffix in DOCUMENT_SUFFIXES:
            scan_html(scan, rel, text, "document")
        elif suffix == ".css":
            scan_css(scan, rel, text, data_ok=any(p.fullmatch(rel) for p in DATA_ICON_CSS))
        else:
            try:
                scan_json_value(scan, rel, json.loads(text), "the value at", html=rel in HTML_JSON)
            except ValueError as e:
                scan.add(rel, None, f"not valid JSON ({e}) — a published JSON file must parse")
    return sort_problems(scan.found)


def main(argv: list[str] | None = None) -> int:
    """Scan the site named on the command line; print the findings; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site_dir", type=Path)
    parser.add_argument("--host", action="append", help="a host of the site itself (default: from sitemap.xml)")
    args = parser.parse_args(argv)
    if not args.site_dir.is_dir():
        parser.error(f"{args.site_dir} is not a folder — build the site first (mkdocs build)")
    found = scan_site(args.site_dir, set(args.host) if args.host else None)
    for problem in found:
        print(problem)
    print(f"{len(found)} finding(s)" if found else "nothing found")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
