"""The editorial scales, defined once: verdicts (order, label, meaning, severity) and interview levels.

The JSON Schemas, the stylesheet's verdict colours, the corrections index, the export and
the benchmark take these values from here; ``tests/test_scales.py`` fails when a generated
copy (a schema's ``enum``, a CSS rule) differs. Source: the project's editorial standards
(the verdict scale and its meanings).
"""

from __future__ import annotations

#: Each verdict with its meaning, in the scale's order (accurate first).
VERDICTS: dict[str, str] = {
    "accurate": "correct and precise enough that a candidate repeating it would be marked right",
    "vague": "too imprecise to be checked or useful",
    "incomplete": "true as far as it goes, but leaves out the essential point, or the list it announces is missing",
    "misleading": "partly true, but leads a reader to a wrong belief",
    "wrong": "factually incorrect",
    "outdated": "was true once, no longer",
    "unanswered": "the source asks the question but gives no answer",
}
#: Verdict of a placed item that no editor has judged yet.
UNREVIEWED = "unreviewed"
#: Every value a placement's verdict may take.
ALL_VERDICTS: tuple[str, ...] = (*VERDICTS, UNREVIEWED)
#: Verdicts that must be followed by a correction.
NEEDS_CORRECTION = frozenset(VERDICTS) - {"accurate"}
#: Verdicts with a correction, most severe first (the corrections index's order).
SEVERITY: tuple[str, ...] = ("wrong", "misleading", "outdated", "incomplete", "vague", "unanswered")
#: Interview levels, in increasing order.
LEVELS: tuple[str, ...] = ("junior", "mid", "senior")
#: The parts every interviewer note has, in this order, each starting a paragraph.
NOTE_PARTS: tuple[str, ...] = ("Tests", "A strong answer", "Red flags", "Follow-ups", "Tags")

assert set(SEVERITY) == NEEDS_CORRECTION


def verdict_label(verdict: str) -> str:
    """Return the display label of a verdict (str), e.g. ``"Wrong"`` or ``"Not yet reviewed"``."""
    return "Not yet reviewed" if verdict == UNREVIEWED else verdict.capitalize()


def css_rules() -> list[str]:
    """The stylesheet rules the scales require, one per line, as ``docs/stylesheets/extra.css`` writes them.

    ``tests/test_scales.py`` checks that the stylesheet has each (generate, then check): a colour
    for every verdict in both palettes, the selector that applies it, the correction's colour
    for every verdict that needs a correction, and the level badge of the interviewer notes.

    Returns:
        Lines of CSS (list of str).
    """
    rules = [f'[data-verdict="{v}"] {{ --kb-verdict: var(--kb-{v}); }}' for v in ALL_VERDICTS]
    rules += [f".md-typeset .correction.{v} {{ --kb-verdict: var(--kb-{v}); }}" for v in SEVERITY]
    rules += [f'.md-typeset details.interviewer.{lv}::after {{ content: "Level: {lv}"; }}' for lv in LEVELS]
    return rules
