"""questions.json: valid against its versioned JSON Schema and faithful to the built pages."""

import json
import re

import jsonschema
import pytest

from conftest import ROOT
from macros import MACROS, checks


@pytest.fixture(scope="module")
def exported(real_site):
    _, site = real_site
    doc = json.loads((site / "questions.json").read_text(encoding="utf-8"))
    schema = json.loads((site / "questions.schema.json").read_text(encoding="utf-8"))
    return site, doc, schema


def test_export_is_valid_against_its_published_schema(exported):
    _, doc, schema = exported
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(doc)
    assert doc["version"] == schema["properties"]["version"]["const"]
    assert schema == json.loads((ROOT / "macros/schemas/questions.schema.json").read_text(encoding="utf-8"))


def test_schema_rejects_a_question_without_its_fields(exported):
    _, doc, schema = exported
    broken = json.loads(json.dumps(doc))
    del broken["questions"][0]["url"]
    with pytest.raises(jsonschema.ValidationError, match="'url' is a required property"):
        jsonschema.validate(broken, schema)


def test_every_question_and_item_is_exported_as_published(exported):
    site, doc, _ = exported
    questions = doc["questions"]
    kb = checks.check_all(ROOT / "docs", ROOT, MACROS)
    assert len(questions) == len({q["id"] for q in questions}) == len(kb.questions)
    items = [it for q in questions for it in q["source_items"]]
    assert len(items) == len({it["id"] for it in items}) == len(kb.items)
    assert {s["id"] for s in doc["sources"]} == set(kb.sources)
    assert all(q["notes"] and q["notes"]["tests"] and q["notes"]["red_flags"] for q in questions)
    cited = {r["id"] for r in doc["references"]}
    for q in questions:
        page = site / q["url"].removeprefix(doc["site_url"]).split("#")[0] / "index.html"
        html = page.read_text(encoding="utf-8")
        assert f'id="{q["id"]}"' in html, q["url"]
        assert q["answer"] and q["answer"]["references"], f"{q['id']} has no referenced answer"
        assert q["level"] in ("junior", "mid", "senior") and q["tags"], q["id"]
        assert set(q["answer"]["references"]) <= cited
        for it in q["source_items"]:
            fig = re.search(rf'<figure class="source-answer"[^>]*data-item="{it["id"]}"[^>]*>', html)
            assert fig and f'data-verdict="{it["verdict"]}"' in fig[0], it["id"]
            assert (it["correction"] is None) == (it["verdict"] == "accurate"), it["id"]
