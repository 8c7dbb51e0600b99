"""The built HTML: valid (Nu HTML Checker), a meta description on every page, every page in the sitemap."""

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
import yaml

from conftest import NODE_MODULES, ROOT, missing_tool, site_pages

VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"

#: Errors that only Material's own templates produce, in markup that no template
#: block reaches. Each entry: (start of vnu's message, pattern the offending markup
#: in vnu's extract must match). Anything else, including the same message on other
#: markup, fails the test.
MATERIAL_ONLY = [
    # base.html writes the drawer and search toggles as
    # <input class="md-toggle" type="checkbox" ... autocomplete="off"> outside any block
    # (autocomplete is not allowed on checkboxes).
    (
        "Attribute “autocomplete” is only allowed when the input type is",
        re.compile(
            r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" id="__(drawer|search)" autocomplete="off">'
        ),
    ),
    # partials/nav-item.html gives a section's label (feature navigation.sections)
    # tabindex="{{ tabindex }}" with tabindex undefined, i.e. tabindex="". The partial is a
    # 170-line macro file; overriding it would mean maintaining a copy of Material's navigation.
    (
        "Bad value “” for attribute “tabindex” on element “label”",
        re.compile(r'<label class="md-nav__link" for="__nav(_\d+)+" id="__nav(_\d+)+_label" tabindex="">'),
    ),
]


def is_materials_own_error(message: dict) -> bool:
    """True when a message of the Nu HTML Checker is one of MATERIAL_ONLY (its message and its markup)."""
    return any(
        message["message"].startswith(text) and pattern.search(message.get("extract", ""))
        for text, pattern in MATERIAL_ONLY
    )


def test_every_page_is_valid_html(built_site):
    if not VNU.is_file():
        missing_tool(f"the Nu HTML Checker ({VNU})", "run `npm ci --omit=dev --ignore-scripts` (scripts/test does)")
    java = shutil.which("java")
    if java is None:
        missing_tool("java", "apt-get install -y default-jre-headless (.ci/run does)")
    files = sorted(str(p) for p in built_site.rglob("*.html"))
    assert len(files) >= 5
    proc = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode in (0, 1), proc.stdout + proc.stderr[-3000:]  # 1: errors found
    messages = json.loads(proc.stderr)["messages"]
    errors = [m for m in messages if m["type"] != "info"]
    allowed = [m for m in errors if is_materials_own_error(m)]
    rest = [
        f"{m.get('url', '?').removeprefix('file:' + str(built_site) + '/')}:{m.get('lastLine', '?')}: {m['message']}"
        f" — {' '.join(m.get('extract', '').split())}"
        for m in errors
        if not is_materials_own_error(m)
    ]
    assert not rest, f"{len(rest)} HTML error(s):\n" + "\n".join(rest)
    # The allowlist is not dead: Material's markup is still there (update it when Material changes).
    assert allowed, "no allowlisted Material error was reported: remove stale entries from MATERIAL_ONLY"


class _Meta(HTMLParser):
    def __init__(self):
        super().__init__()
        self.descriptions = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and a.get("name") == "description":
            self.descriptions.append(a.get("content") or "")


def _front_matter(md_path):
    text = md_path.read_text(encoding="utf-8")
    m = re.match(r"---\n(.*?)\n---\n", text, re.S)
    return yaml.safe_load(m.group(1)) if m else {}


def test_every_page_has_its_meta_description(built_site):
    site_description = yaml.safe_load(
        re.search(r"^site_description: (.*)$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)[1]
    )
    problems = []
    pages = site_pages(built_site)
    for path in pages:
        html_file = built_site / (path + "index.html" if path == "" or path.endswith("/") else path)
        meta = _Meta()
        meta.feed(html_file.read_text(encoding="utf-8"))
        if len(meta.descriptions) != 1 or not meta.descriptions[0].strip():
            problems.append(f"{path or '/'}: {len(meta.descriptions)} meta description(s): {meta.descriptions}")
            continue
        stem = path.rstrip("/") or "index"
        sources = [ROOT / "docs" / f"{stem}.md", ROOT / "docs" / stem / "index.md"]
        source = next((s for s in sources if s.is_file()), None)
        # A page from Markdown shows its front matter's description; a generated page (404) the site's.
        expected = _front_matter(source)["description"] if source else site_description
        if meta.descriptions[0] != expected:
            problems.append(f"{path or '/'}: meta description {meta.descriptions[0]!r}, expected {expected!r}")
    assert "404.html" in pages
    assert not problems, "\n".join(problems)


def test_sitemap_lists_every_page(built_site):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    paths = [
        urlsplit(loc.text).path for loc in ET.parse(built_site / "sitemap.xml").getroot().findall("s:url/s:loc", ns)
    ]
    root = min(paths, key=len)
    listed = sorted(p.removeprefix(root) for p in paths)
    assert listed == [p for p in site_pages(built_site) if p != "404.html"]


@pytest.mark.parametrize(
    "bad,expected",
    [
        (
            {
                "message": "Attribute “autocomplete” is only allowed when the input type is “color”.",
                "extract": '<input type="checkbox" id="mine" autocomplete="off">',
            },
            False,
        ),
        (
            {
                "message": "Bad value “” for attribute “tabindex” on element “label”: The empty string is not a valid integer.",
                "extract": '    <label class="md-nav__link" for="__nav_2" id="__nav_2_label" tabindex="">\n',
            },
            True,
        ),
    ],
)
def test_allowlist_matches_only_materials_markup(bad, expected):
    assert is_materials_own_error(bad) is expected
