"""The benchmark's bare twin (scripts/benchmark.py): the same Markdown after the macros, built without them.

Only what the figures rest on is tested here; the figures themselves are printed by the script.
"""

import yaml
from mkdocs.utils.yaml import yaml_load

from conftest import ROOT
from scripts import benchmark
from scripts.sitetools import make_fixture, run_build


def _plugins(config: str) -> list[str]:
    return [next(iter(p)) if isinstance(p, dict) else p for p in yaml_load(config)["plugins"] or []]


def test_without_plugins_removes_only_the_named_entries():
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    plugins = _plugins(config)
    for name in (benchmark.MACROS_PLUGIN, benchmark.GIT_PLUGIN):
        reduced = benchmark.without_plugins(config, [name])
        assert _plugins(reduced) == [p for p in plugins if p != name]
        assert {k: v for k, v in yaml_load(reduced).items() if k != "plugins"} == {
            k: v for k, v in yaml_load(config).items() if k != "plugins"
        }


def test_without_plugins_refuses_a_plugin_that_is_not_there():
    try:
        benchmark.without_plugins("plugins:\n  - search\n", ["macros"])
    except ValueError as e:
        assert "'macros'" in str(e)
    else:
        raise AssertionError("no error for a missing plugin")


def test_the_bare_twin_has_the_expanded_markdown_and_builds_without_the_macros(tmp_path):
    project = make_fixture("base", tmp_path)
    bare = benchmark.bare_twin(project, tmp_path / "bare")
    assert benchmark.MACROS_PLUGIN not in _plugins((bare / "mkdocs.yml").read_text(encoding="utf-8"))
    assert not (bare / "macros").exists()
    pages = sorted((project / "docs").rglob("*.md"))
    calls = 0
    for page in pages:
        source, twin = page.read_text(encoding="utf-8"), (bare / "docs" / page.relative_to(project / "docs"))
        text = twin.read_text(encoding="utf-8")
        calls += source.count("{{")
        assert "{{" not in text, twin
        front = source.split("---\n", 2)[1]
        assert text.startswith(f"---\n{front}---\n") and yaml.safe_load(front)["title"], twin
    assert calls > 0
    result = run_build(bare, tmp_path / "site", quiet=True)
    assert result.returncode == 0, result.stdout
    topic = next((tmp_path / "site" / "topics").rglob("index.html")).read_text(encoding="utf-8")
    assert 'class="source-answer"' in topic  # the macros' output, rendered by plain MkDocs
