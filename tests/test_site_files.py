"""Unit tests of macros/site_files.py: only allowlisted files under docs/ and overrides/, no links,
size caps, stylesheets that load nothing from elsewhere; and the hostile cases it owns (files-*)."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

import hostile_layout
import mkdocs.utils
import pytest

from macros.site_config import check_config
from macros.site_files import IMAGE_MAX_BYTES, MIB, OTHER_MARKDOWN, TEXT_MAX_BYTES, check_css, check_files

ROOT = Path(__file__).resolve().parent.parent
PNG = b"\x89PNG\r\n\x1a\n" + bytes(8)


@pytest.fixture
def site(tmp_path):
    """A project with a docs/ folder holding one page, and an empty overrides/ folder."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    (tmp_path / "overrides").mkdir()
    return tmp_path


def put(root: Path, rel: str, data: bytes | str = b"x") -> Path:
    """Write ``data`` at ``root/rel`` (folders made as needed); return the path."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def problems_of(root: Path) -> list:
    return check_files(root, root / "docs", root / "overrides")


def test_the_real_site_passes():
    assert check_files(ROOT, ROOT / "docs", ROOT / "overrides") == []


def test_the_base_fixture_passes():
    base = ROOT / "tests" / "fixtures" / "base"
    assert check_files(base, base / "docs", None) == []


def test_every_markdown_extension_of_mkdocs_but_md_is_refused():
    assert set(mkdocs.utils.markdown_extensions) - {".md"} <= set(OTHER_MARKDOWN)


@pytest.mark.parametrize("suffix", OTHER_MARKDOWN + (".MD",))
def test_other_markdown_extensions_are_refused(site, suffix):
    put(site, f"docs/topics/evil{suffix}", "{{ cycler.__init__.__globals__.os.system('id') }}\n")
    [problem] = problems_of(site)
    assert (problem.path, problem.line) == (f"docs/topics/evil{suffix}", None)
    assert "rename it to .md" in problem.message


@pytest.mark.parametrize(
    "rel",
    [
        "docs/index.md",
        "docs/about/x.md",
        "docs/references/core.yml",
        "docs/sources/demo.yml",
        "docs/sources/archive/demo.txt",
        "docs/sources/archive/demo.md",
        "docs/ids.json",
        "docs/stylesheets/extra.css",
        "docs/stylesheets/print/x.css",
        "docs/javascripts/kb.js",
    ],
)
def test_allowlisted_files_pass(site, rel):
    put(site, rel, "a { color: red; }\n" if rel.endswith(".css") else "x\n")
    assert problems_of(site) == []


@pytest.mark.parametrize(
    "rel,says",
    [
        ("docs/images/logo.svg", "SVG can carry script"),
        ("docs/about/page.html", "published as they are, script included"),
        ("docs/page.htm", "published as they are"),
        ("docs/page.xhtml", "published as they are"),
        ("docs/feed.xml", "published as they are"),
        ("docs/topics/x.js", "a '.js' file is not allowed here"),
        ("docs/topics/x.css", "a '.css' file is not allowed here"),
        ("docs/topics/x.yml", "a '.yml' file is not allowed here"),
        ("docs/references/x.yaml", "a '.yaml' file is not allowed here"),
        ("docs/sources/archive/x.yml", "a '.yml' file is not allowed here"),
        ("docs/about/notes.txt", "a '.txt' file is not allowed here"),
        ("docs/about/ids.json", "a '.json' file is not allowed here"),
        ("docs/CNAME", "a file without an extension is not allowed here"),
        ("docs/x.wasm", "a '.wasm' file is not allowed here"),
    ],
)
def test_other_file_types_are_refused(site, rel, says):
    put(site, rel, "<svg onload=alert(1)>" if rel.endswith(".svg") else "x")
    [problem] = problems_of(site)
    assert (problem.path, problem.line) == (rel, None)
    assert says in problem.message
    assert " — " in problem.message


def test_a_symlink_to_etc_passwd_is_refused(site):
    os.symlink("/etc/passwd", site / "docs" / "leak.txt")
    [problem] = problems_of(site)
    assert problem.path == "docs/leak.txt"
    assert "symbolic link (to '/etc/passwd')" in problem.message and "commit the file itself" in problem.message


def test_a_symlink_with_an_allowed_name_is_refused(site):
    os.symlink("/proc/self/environ", site / "docs" / "about.md")
    [problem] = problems_of(site)
    assert problem.path == "docs/about.md" and "symbolic link" in problem.message


def test_a_symlinked_folder_is_refused_and_not_entered(site, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    put(outside, "evil.markdown", "{{ 7*7 }}")
    os.symlink(outside, site / "docs" / "more")
    os.symlink("/root", site / "docs" / "home")
    problems = problems_of(site)
    assert [p.path for p in problems] == ["docs/home", "docs/more"]
    assert all("symbolic link" in p.message for p in problems)


def test_a_dangling_symlink_is_refused(site):
    os.symlink("missing.md", site / "docs" / "gone.md")
    assert [p.path for p in problems_of(site)] == ["docs/gone.md"]


def test_docs_itself_a_symlink_is_refused(tmp_path):
    real = put(tmp_path, "elsewhere/index.md", "# x\n").parent
    os.symlink(real, tmp_path / "docs")
    [problem] = check_files(tmp_path, tmp_path / "docs", None)
    assert problem.path == "docs" and "symbolic link" in problem.message


def test_a_symlink_under_overrides_is_refused(site):
    os.symlink("/etc/passwd", site / "overrides" / "main.html")
    [problem] = problems_of(site)
    assert problem.path == "overrides/main.html" and "symbolic link" in problem.message


def test_a_fifo_is_refused_without_being_opened(site):
    os.mkfifo(site / "docs" / "pipe.md")
    [problem] = problems_of(site)
    assert problem.path == "docs/pipe.md" and "not a regular file" in problem.message


@pytest.mark.parametrize(
    "name,says",
    [
        (".htaccess", "hidden files"),
        (".well-known/", "hidden files"),
        ("a b.md", "characters other than"),
        ("<script>.md", "characters other than"),
        ("x\u202egnp.md", "characters other than"),
        ("-x.md", "does not start with a letter or digit"),
        ("bad\nname/", "characters other than"),
    ],
)
def test_hidden_and_unusual_names_are_refused(site, name, says):
    if name.endswith("/"):
        put(site, f"docs/{name}page.md", "# x\n")
    else:
        put(site, f"docs/{name}", "x")
    [problem] = problems_of(site)  # a refused folder is not entered
    assert problem.path == "docs/" + ascii(name.rstrip("/"))[1:-1]
    assert says in problem.message


def test_a_64_mib_file_is_refused_without_being_read(site, monkeypatch):
    big = site / "docs" / "stylesheets" / "big.css"
    big.parent.mkdir()
    with open(big, "wb") as f:
        f.truncate(64 * MIB)  # sparse: no byte is written
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail(f"read {self}"))
    [problem] = problems_of(site)
    assert problem.path == "docs/stylesheets/big.css"
    assert "64.0 MiB, over the limit of 1 MiB" in problem.message


@pytest.mark.parametrize(
    "rel,limit",
    [("docs/about/x.md", TEXT_MAX_BYTES), ("docs/img/x.png", IMAGE_MAX_BYTES), ("overrides/main.html", TEXT_MAX_BYTES)],
)
def test_the_size_cap_is_the_limit(site, rel, limit):
    path = put(site, rel, PNG)
    with open(path, "r+b") as f:
        f.truncate(limit)
    assert problems_of(site) == []
    with open(path, "r+b") as f:
        f.truncate(limit + 1)
    [problem] = problems_of(site)
    assert problem.path == rel and "over the limit" in problem.message


@pytest.mark.parametrize(
    "suffix,head",
    [
        (".png", PNG),
        (".jpg", b"\xff\xd8\xff\xe0"),
        (".jpeg", b"\xff\xd8\xff\xdb"),
        (".gif", b"GIF89a"),
        (".webp", b"RIFF\x10\x00\x00\x00WEBPVP8 "),
        (".avif", b"\x00\x00\x00\x1cftypavif"),
        (".ico", b"\x00\x00\x01\x00"),
    ],
)
def test_images_pass_only_with_their_own_bytes(site, suffix, head):
    put(site, f"docs/img/ok{suffix}", head + bytes(16))
    assert problems_of(site) == []
    put(site, f"docs/img/bad{suffix}", b"<html><script>window.__hostile = 1</script>")
    [problem] = problems_of(site)
    assert problem.path == f"docs/img/bad{suffix}" and f"not a {suffix[1:].upper()} image" in problem.message


@pytest.mark.parametrize(
    "rel,says",
    [
        ("overrides/partials/icon.svg", "a '.svg' file is not allowed in overrides/"),
        ("overrides/partials/data.txt", "a '.txt' file is not allowed in overrides/"),
        ("overrides/page.md", "a '.md' file is not allowed in overrides/"),
        ("overrides/hooks.py", "a '.py' file is not allowed in overrides/"),
    ],
)
def test_overrides_hold_only_templates_scripts_and_stylesheets(site, rel, says):
    put(site, "overrides/main.html", "{% extends 'base.html' %}")
    put(site, "overrides/partials/x.js", "1;")
    put(site, "overrides/assets/x.css", "a { color: red; }")
    assert problems_of(site) == []
    put(site, rel)
    [problem] = problems_of(site)
    assert problem.path == rel and says in problem.message


def test_no_overrides_folder_is_checked_when_there_is_none(site):
    put(site, "overrides/x.svg")
    assert check_files(site, site / "docs", None) == []


def test_css_under_overrides_is_checked(site):
    put(site, "overrides/assets/x.css", "a{}\n@import 'https://evil.example/x.css';\n")
    [problem] = problems_of(site)
    assert (problem.path, problem.line) == ("overrides/assets/x.css", 2) and "@import" in problem.message


BASE = PurePosixPath("stylesheets")


@pytest.mark.parametrize(
    "css",
    [
        "a { color: red }",
        "@media print { a { display: none } }",
        "a { mask-image: url('data:image/svg+xml;charset=utf-8,<svg xmlns=\"http://www.w3.org/2000/svg\"/>') }",
        "a { background: url(../images/x.png) }",
        'a { background: url("x.png?v=1#a") }',
        "a { filter: url(#f) }",
        "a { background: image-set('x.png' 1x, 'y.png' 2x) }",
        "a { content: 'https://example.com is text' }",
        "@supports (display: grid) { a { display: grid } }\n@keyframes k { from { opacity: 0 } }",
    ],
)
def test_css_that_loads_only_files_of_the_site_passes(css):
    assert check_css(css, "docs/stylesheets/x.css", BASE) == []


@pytest.mark.parametrize(
    "css,line,says",
    [
        ("a{}\n@import url('https://evil.example/x.css');", 2, "@import loads another stylesheet"),
        ("@import 'local.css';", 1, "@import"),
        ("@media print {\n  @import 'x.css';\n}", 2, "@import"),
        ("@\\69mport 'https://evil.example/x.css';", 1, "@import"),
        (
            "a { background: url(https://tracker.example/p.png) }",
            1,
            "url('https://tracker.example/p.png') loads from another host",
        ),
        ("a { background: url(//evil.example/p.png) }", 1, "loads from another host"),
        ("a {\n  background: u\\72l(//evil.example/p.png)\n}", 2, "loads from another host"),
        ("a { background: url('\\\\\\\\evil.example/p.png') }", 1, "loads from another host"),
        ("a { background: url(' HTTPS://evil.example/p.png') }", 1, "loads from another host"),
        ("a { background: url('java\\9 script:alert(1)') }", 1, "uses the javascript: scheme"),
        ("a { background: url('data:text/html,<script>x</script>') }", 1, "data: URL that is not an image"),
        ("a { background: url(/x.png) }", 1, "absolute path"),
        ("a { background: url(../../x.png) }", 1, "points outside the site"),
        ("a { background: image-set('https://evil.example/x.png' 1x) }", 1, "loads from another host"),
        ("a { background: -webkit-image-set(url(//evil.example/x.png) 1x) }", 1, "loads from another host"),
        ("@font-face { src: url('https://fonts.example/f.woff2') }", 1, "loads from another host"),
        ("a { --u: 'https://evil.example/x.png'; background: image-set(var(--u) 1x) }", 1, "var(), env() or attr()"),
        ("@namespace svg url(http://www.w3.org/2000/svg);", 1, "@namespace is not one of the at-rules allowed here"),
        ("a { background: url(x y) }", 1, "does not parse"),
    ],
)
def test_css_that_loads_from_elsewhere_is_refused(css, line, says):
    problems = check_css(css, "docs/stylesheets/x.css", BASE)
    assert problems, css
    assert (problems[0].path, problems[0].line) == ("docs/stylesheets/x.css", line)
    assert says in problems[0].message and "relative to the stylesheet" in problems[0].message


def test_css_that_is_not_utf8_names_the_line(site):
    put(site, "docs/stylesheets/x.css", b"a{}\nb{content:'\xff'}\n")
    [problem] = problems_of(site)
    assert (problem.path, problem.line) == ("docs/stylesheets/x.css", 2) and "not UTF-8" in problem.message


def test_a_url_nested_deep_in_css_is_found():
    css = "a{b:" + "(" * 100_000 + "url(//evil.example/x)" + ")" * 100_000 + "}"
    [problem] = check_css(css, "x.css", BASE)
    assert "loads from another host" in problem.message


@pytest.mark.parametrize("case", hostile_layout.cases("files-"))
def test_hostile_file_cases_are_refused_where_case_yml_says(case, tmp_path):
    project, spec = hostile_layout.lay_out(case, tmp_path)
    assert spec["expect"] == "reject" and spec["class"] in (1, 4, 5)
    overrides = project / "overrides"
    problems = check_config(project / "mkdocs.yml") + check_files(
        project, project / "docs", overrides if overrides.exists() or overrides.is_symlink() else None
    )
    found = [p for p in problems if p.path == spec["file"] and spec["says"] in p.message]
    assert found, problems
    assert found[0].line == spec.get("line")


def test_there_are_hostile_file_cases():
    assert len(hostile_layout.cases("files-")) >= 10
