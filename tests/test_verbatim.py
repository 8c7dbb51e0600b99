"""Every quoted question and answer is a character-for-character substring of its source's archive."""

import hashlib

import pytest
import yaml

from conftest import ROOT

SOURCES = sorted((ROOT / "docs" / "sources").glob("*.yml"))


@pytest.mark.parametrize("path", SOURCES, ids=[p.stem for p in SOURCES])
def test_every_quote_is_verbatim(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    archive_path = path.parent / data["archive"]
    archive = archive_path.read_text(encoding="utf-8")
    assert hashlib.sha256(archive_path.read_bytes()).hexdigest() == data["archive_sha256"]
    for item in data["items"]:
        texts = [] if item.get("question_reconstructed") else [item["question"]]
        for block in item.get("answer", []):
            texts += block if isinstance(block, list) else [block]
        pos = 0
        for text in texts:
            assert text and text.strip() == text, (item["id"], text)
            assert text in archive, f"{item['id']}: not verbatim: {text!r}"
            # The quotes of one item appear in the archive in the order they are given.
            found = archive.find(text, pos)
            assert found >= 0, f"{item['id']}: out of order: {text!r}"
            pos = found + len(text)


def test_reconstructed_questions_only_where_headings_were_lost():
    for path in SOURCES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        flags = {bool(i.get("question_reconstructed")) for i in data["items"]}
        assert flags == ({True} if data["id"] == "testgorilla" else {False}), path.name
