"""Unit tests of macros/site_config.py: mkdocs.yml read with a safe loader and held to an allowlist;
and the hostile cases it owns (config-*)."""

from __future__ import annotations

import re
from pathlib import Path

import hostile_layout
import pytest

from macros.site_config import CONFIG_MAX_BYTES, MACROS_OPTIONS, check_config

ROOT = Path(__file__).resolve().parent.parent

# A valid configuration; each case below changes it.
VALID = """\
site_name: Test site
site_url: !ENV [SITE_URL, "http://127.0.0.1:8000/"]
repo_url: !ENV REPO_URL
strict: true
theme:
  name: material
  custom_dir: overrides
  font: false
plugins:
  - search:
      separator: '[\\s\\-]+'
  - macros:
      module_name: macros
      on_error_fail: true
      on_undefined: strict
      render_by_default: false
markdown_extensions:
  - toc:
      permalink: true
  - pymdownx.superfences
extra_javascript:
  - javascripts/kb.js
nav:
  - Home: index.md
"""


def with_render_by_default_false(text: str) -> str:
    """Add ``render_by_default: false`` under ``module_name: macros`` when the file lacks it.

    The real mkdocs.yml and the base fixture get that line when the page reader renders
    pages itself; until then the tests check them as they will be.
    """
    if "render_by_default:" in text:
        return text
    return re.sub(r"^( *)module_name: macros\n", r"\g<0>\1render_by_default: false\n", text, count=1, flags=re.M)


def check_text(tmp_path: Path, text: str) -> list:
    path = tmp_path / "mkdocs.yml"
    path.write_text(text, encoding="utf-8")
    return check_config(path)


def line_of(text: str, fragment: str) -> int:
    """The 1-based line of the first occurrence of ``fragment`` in ``text``."""
    return text[: text.index(fragment)].count("\n") + 1


def test_a_valid_configuration_passes(tmp_path):
    assert check_text(tmp_path, VALID) == []


@pytest.mark.parametrize(
    "config", ["mkdocs.yml", "tests/fixtures/base/mkdocs.yml", "tests/fixtures/aliases/mkdocs.yml"]
)
def test_the_real_configurations_pass(config, tmp_path):
    assert check_text(tmp_path, with_render_by_default_false((ROOT / config).read_text(encoding="utf-8"))) == []


def test_a_configuration_without_render_by_default_false_is_refused(tmp_path):
    problems = check_text(tmp_path, VALID.replace("      render_by_default: false\n", ""))
    assert [(p.line, "set render_by_default: false" in p.message) for p in problems] == [
        (line_of(VALID, "  - macros:"), True)
    ]


def test_loading_runs_nothing(tmp_path, monkeypatch):
    marker = tmp_path / "ran"
    monkeypatch.setenv("HOSTILE_MARKER", str(marker))
    text = VALID.replace(
        "site_name: Test site", 'site_name: !!python/object/apply:os.system ["touch \\"$HOSTILE_MARKER\\""]'
    )
    [problem] = check_text(tmp_path, text)
    assert (problem.path, problem.line) == ("mkdocs.yml", 1)
    assert "!!python/object/apply:os.system makes MkDocs run Python code" in problem.message
    assert not marker.exists()


# (what, text replaced, its replacement, the text on the problem's line, what the message says)
CASES = [
    (
        "python name",
        "site_name: Test site",
        "site_name: !!python/name:os.system",
        "site_name:",
        "!!python/name:os.system makes MkDocs run Python code",
    ),
    (
        "python tag in options",
        "      permalink: true",
        "      slugify: !!python/object/new:os.system [id]",
        "slugify",
        "run Python code",
    ),
    (
        "other tag",
        "site_name: Test site",
        "site_name: !include secret.txt",
        "site_name:",
        "the YAML tag !include is not allowed here",
    ),
    (
        "hooks",
        "strict: true",
        "strict: true\nhooks:\n  - evil.py",
        "hooks:",
        "hooks: makes MkDocs import and run Python files",
    ),
    (
        "INHERIT",
        "strict: true",
        "strict: true\nINHERIT: other.yml",
        "INHERIT:",
        "INHERIT: makes MkDocs read another configuration file",
    ),
    (
        "unknown key",
        "strict: true",
        "strict: true\nextra:\n  analytics: {provider: google}",
        "extra:",
        "'extra' is not a setting this site uses",
    ),
    (
        "copyright",
        "strict: true",
        "strict: true\ncopyright: <script>x</script>",
        "copyright:",
        "'copyright' is not a setting this site uses",
    ),
    (
        "j2 delimiters",
        "      render_by_default: false",
        "      render_by_default: false\n      j2_block_start_string: '[%'",
        "j2_block",
        "macros option 'j2_block_start_string' is not allowed",
    ),
    (
        "j2 extensions",
        "      render_by_default: false",
        "      render_by_default: false\n      j2_extensions: [jinja2.ext.do]",
        "j2_ext",
        "macros option 'j2_extensions' is not allowed",
    ),
    (
        "include_dir",
        "      render_by_default: false",
        "      render_by_default: false\n      include_dir: /",
        "include_dir",
        "macros option 'include_dir'",
    ),
    (
        "include_yaml",
        "      render_by_default: false",
        "      render_by_default: false\n      include_yaml: [/etc/passwd]",
        "include_yaml",
        "macros option 'include_yaml'",
    ),
    (
        "modules",
        "      render_by_default: false",
        "      render_by_default: false\n      modules: [evil]",
        "modules:",
        "macros option 'modules'",
    ),
    (
        "force_render_paths",
        "      render_by_default: false",
        "      render_by_default: false\n      force_render_paths: '*'",
        "force_render",
        "macros option 'force_render_paths'",
    ),
    (
        "verbose",
        "      render_by_default: false",
        "      render_by_default: false\n      verbose: true",
        "verbose",
        "macros option 'verbose'",
    ),
    ("module_name", "module_name: macros", "module_name: main", "module_name", "needs module_name: macros"),
    ("on_error_fail", "on_error_fail: true", "on_error_fail: false", "on_error_fail", "needs on_error_fail: true"),
    ("on_undefined", "on_undefined: strict", "on_undefined: keep", "on_undefined", "needs on_undefined: strict"),
    (
        "render_by_default",
        "render_by_default: false",
        "render_by_default: true",
        "render_by_default",
        "needs render_by_default: false",
    ),
    (
        "render_by_default as text",
        "render_by_default: false",
        "render_by_default: 'false'",
        "render_by_default",
        "needs render_by_default: false",
    ),
    (
        "remote script",
        "  - javascripts/kb.js",
        "  - https://evil.example/x.js",
        "https://evil",
        "extra_javascript entry 'https://evil.example/x.js' is not a local file",
    ),
    ("protocol-relative script", "  - javascripts/kb.js", "  - //evil.example/x.js", "//evil", "is not a local file"),
    ("absolute script", "  - javascripts/kb.js", "  - /javascripts/kb.js", "/javascripts", "is not a local file"),
    ("script outside docs", "  - javascripts/kb.js", "  - javascripts/../../x.js", "../", "is not a local file"),
    (
        "script in a dict",
        "  - javascripts/kb.js",
        "  - path: https://evil.example/x.js\n    defer: true",
        "path:",
        "is not a local file",
    ),
    (
        "script type",
        "  - javascripts/kb.js",
        "  - {path: javascripts/kb.js, type: text/html}",
        "path:",
        "take only path, type: module, async and defer",
    ),
    (
        "remote stylesheet",
        "extra_javascript:",
        "extra_css:\n  - http://evil.example/x.css\nextra_javascript:",
        "http://evil",
        "extra_css entry 'http://evil.example/x.css' is not a local file",
    ),
    (
        "stylesheet elsewhere",
        "extra_javascript:",
        "extra_css:\n  - javascripts/x.css\nextra_javascript:",
        "javascripts/x.css",
        "is not a local file",
    ),
    (
        "unknown plugin",
        "  - search:",
        "  - material/projects\n  - search:",
        "material/projects",
        "the plugin 'material/projects' is not one this site uses",
    ),
    (
        "search option",
        "      separator: '[\\s\\-]+'",
        "      jieba_dict: /etc/passwd",
        "jieba",
        "option 'jieba_dict' of the plugin 'search' is not allowed",
    ),
    (
        "snippets",
        "  - pymdownx.superfences",
        "  - pymdownx.snippets:\n      base_path: !relative $config_dir",
        "snippets",
        "the Markdown extension 'pymdownx.snippets' is not one this site uses",
    ),
    (
        "extension class",
        "  - pymdownx.superfences",
        "  - evil.module:Ext",
        "evil.module",
        "the Markdown extension 'evil.module:Ext'",
    ),
    ("custom_dir", "  custom_dir: overrides", "  custom_dir: docs", "custom_dir", "custom_dir must be 'overrides'"),
    (
        "theme logo",
        "  font: false",
        "  font: false\n  logo: https://evil.example/x.png",
        "logo",
        "theme option 'logo' is not one this site uses",
    ),
    ("web font", "  font: false", "  font:\n    text: Roboto", "font:", "font: false keeps pages from loading fonts"),
    ("docs_dir", "strict: true", "strict: true\ndocs_dir: /etc", "docs_dir", "docs_dir must be docs"),
    ("site_dir", "strict: true", "strict: true\nsite_dir: ../../out", "site_dir", "site_dir must be site"),
    ("strict", "strict: true", "strict: false", "strict", "strict must be true"),
    (
        "duplicate key",
        "strict: true",
        "strict: true\nsite_name: Other",
        "site_name: Other",
        "the key 'site_name' is already on line 1",
    ),
    ("merge key", "strict: true", "strict: true\n<<: {hooks: [evil.py]}", "<<", "merge keys (<<) are not allowed"),
    ("anchor", "theme:", "theme: &t", "theme:", "YAML anchors (&) and aliases (*) are not allowed"),
    (
        "secret from the environment",
        "repo_url: !ENV REPO_URL",
        "repo_url: !ENV [GITHUB_TOKEN, null]",
        "repo_url",
        "reads the environment variable 'GITHUB_TOKEN'",
    ),
    (
        "site name markup",
        "site_name: Test site",
        "site_name: Test<img src=x onerror=alert(1)>",
        "site_name",
        "contains <, >",
    ),
    (
        "site name bidi",
        "site_name: Test site",
        'site_name: "Test \\u202e site"',
        "site_name",
        "control or invisible character",
    ),
    (
        "description quote",
        "site_name: Test site",
        "site_name: Test site\nsite_description: 'a \" onmouseover=\"x'",
        "site_description",
        "contains <, >",
    ),
    (
        "javascript repo_url",
        "repo_url: !ENV REPO_URL",
        "repo_url: javascript:alert(1)",
        "repo_url",
        "is not an http(s) address",
    ),
    (
        "markup in a default",
        "repo_url: !ENV REPO_URL",
        "repo_url: !ENV [REPO_URL, 'https://x/\"><script>']",
        "repo_url",
        "is not an http(s) address",
    ),
    (
        "nav link",
        "  - Home: index.md",
        "  - Home: index.md\n  - Evil: javascript:alert(1)",
        "Evil",
        "nav entry 'javascript:alert(1)' is not a page of the site",
    ),
    (
        "nav outside docs",
        "  - Home: index.md",
        "  - Home: ../README.md",
        "Home",
        "nav entry '../README.md' is not a page",
    ),
    ("nav title markup", "  - Home: index.md", "  - <b>Home</b>: index.md", "Home", "contains <, >"),
    (
        "palette markup",
        "  font: false",
        "  font: false\n  palette:\n    - toggle:\n        name: '<svg onload=x>'",
        "onload",
        "contains <, >",
    ),
    ("syntax error", "strict: true", "strict: [true", "strict", "does not parse as YAML"),
]


@pytest.mark.parametrize("what,old,new,at,says", CASES, ids=[c[0] for c in CASES])
def test_a_configuration_change_is_refused_with_its_line(tmp_path, what, old, new, at, says):
    assert old in VALID
    text = VALID.replace(old, new, 1)
    problems = check_text(tmp_path, text)
    assert problems, what
    lines = [p.line for p in problems if says in p.message]
    assert lines, problems
    expected = line_of(text, at) if what != "syntax error" else line_of(text, "theme:")  # PyYAML marks where it noticed
    assert lines[0] == expected
    assert all(p.path == "mkdocs.yml" and " — " in p.message for p in problems)


def test_plugins_and_extensions_as_mappings_are_checked(tmp_path):
    text = VALID.replace("plugins:\n  - search:", "plugins:\n  search:").replace("  - macros:", "  macros:")
    text = text.replace("  - toc:", "  toc:").replace("  - pymdownx.superfences", "  pymdownx.snippets: {}")
    problems = check_text(tmp_path, text)
    assert [p.line for p in problems if "pymdownx.snippets" in p.message] == [line_of(text, "pymdownx.snippets")]
    assert len(problems) == 1


def test_an_alias_bomb_is_refused_without_being_expanded(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9)
    )
    problems = check_text(tmp_path, VALID + bomb)
    assert problems and all("anchors (&) and aliases (*)" in p.message for p in problems)
    assert problems[0].line == line_of(VALID + bomb, "a: &a")


def test_environment_variables_of_the_deploy_are_read(tmp_path):
    text = VALID.replace(
        "repo_url: !ENV REPO_URL", "repo_url: !ENV [REPO_URL, null]\nedit_uri: !ENV [EDIT_URI, 'edit/main/docs/']"
    )
    assert check_text(tmp_path, text) == []


def test_every_macros_option_is_required(tmp_path):
    text = VALID
    for key in MACROS_OPTIONS:
        text = re.sub(rf"^ +{key}: .*\n", "", text, flags=re.M)
    problems = check_text(tmp_path, text)
    assert sorted(k for k in MACROS_OPTIONS if any(f"set {k}:" in p.message for p in problems)) == sorted(
        MACROS_OPTIONS
    )


def test_a_file_that_is_not_utf8_names_its_line(tmp_path):
    path = tmp_path / "mkdocs.yml"
    path.write_bytes(VALID.encode() + b"site_author: \xff\n")
    [problem] = check_config(path)
    assert problem.line == VALID.count("\n") + 1 and "not UTF-8" in problem.message


def test_a_huge_file_is_refused_without_being_read(tmp_path, monkeypatch):
    path = tmp_path / "mkdocs.yml"
    with open(path, "wb") as f:
        f.truncate(64 * 1024 * 1024)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail(f"read {self}"))
    [problem] = check_config(path)
    assert problem.line is None and f"over the limit of {CONFIG_MAX_BYTES}" in problem.message


def test_an_empty_file_is_refused(tmp_path):
    [problem] = check_text(tmp_path, "")
    assert "must be a mapping" in problem.message


def test_strict_is_required(tmp_path):
    [problem] = check_text(tmp_path, VALID.replace("strict: true\n", ""))
    assert problem.line is None and "strict: true is missing" in problem.message


@pytest.mark.parametrize("case", hostile_layout.cases("config-"))
def test_hostile_config_cases_are_refused_where_case_yml_says(case, tmp_path, monkeypatch):
    marker = tmp_path / "marker"
    monkeypatch.setenv("HOSTILE_MARKER", str(marker))
    project, spec = hostile_layout.lay_out(case, tmp_path)
    assert spec["expect"] == "reject" and spec["file"] == "mkdocs.yml"
    problems = check_config(project / "mkdocs.yml")
    found = [p for p in problems if spec["says"] in p.message]
    assert found, problems
    assert found[0].line == spec.get("line")
    assert not marker.exists()


def test_there_are_hostile_config_cases():
    assert len(hostile_layout.cases("config-")) >= 10
