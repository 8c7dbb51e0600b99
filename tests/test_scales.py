"""One definition of each scale (macros/scales.py): the schemas, the stylesheet and the benchmark agree with it."""

import json
import re

from conftest import ROOT
from macros import scales
from scripts import benchmark


def test_export_schema_takes_its_enums_from_the_scales():
    schema = json.loads((ROOT / "macros/schemas/questions.schema.json").read_text(encoding="utf-8"))
    text = json.dumps(schema)
    verdicts = re.search(r'"verdict": \{"enum": (\[[^\]]*\])', text)
    levels = re.search(r'"level": \{"enum": (\[[^\]]*\])', text)
    assert json.loads(verdicts[1]) == list(scales.ALL_VERDICTS)
    assert json.loads(levels[1]) == [*scales.LEVELS, None]


def test_stylesheet_has_every_rule_the_scales_require():
    css = (ROOT / "docs/stylesheets/extra.css").read_text(encoding="utf-8")
    missing = [rule for rule in scales.css_rules() if rule not in css]
    assert not missing, "add to docs/stylesheets/extra.css:\n" + "\n".join(missing)
    for v in scales.ALL_VERDICTS:  # a colour in the light palette and in the dark one
        assert len(re.findall(rf"--kb-{v}: #[0-9a-f]{{6}};", css)) == 2, v


def test_stylesheet_has_no_rule_for_a_verdict_or_level_off_the_scales():
    css = (ROOT / "docs/stylesheets/extra.css").read_text(encoding="utf-8")
    assert set(re.findall(r'data-verdict="([a-z]+)"', css)) <= set(scales.ALL_VERDICTS)
    assert set(re.findall(r"\.correction\.([a-z]+)", css)) <= set(scales.SEVERITY)
    assert set(re.findall(r"details\.interviewer\.([a-z]+)", css)) <= set(scales.LEVELS)


def test_benchmark_uses_the_scales():
    assert set(benchmark.CYCLE) <= set(scales.VERDICTS) and set(scales.VERDICTS) - {"unanswered"} <= set(
        benchmark.CYCLE
    )
    assert benchmark.LEVELS is scales.LEVELS
