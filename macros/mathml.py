"""Formulas as MathML, rendered at build time: no script, no font, no third-party request.

A Python-Markdown extension: pymdownx.arithmatex finds the formulas (``$...$``
inline, ``$$...$$`` as a block, with its escaping rules), and latex2mathml turns
each into MathML, which browsers render natively. ``define_env`` adds it to
MkDocs' Markdown extensions, so mkdocs.yml need not import project code.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from latex2mathml.converter import convert
from pymdownx import arithmatex


def to_mathml(tex: str, display: str = "inline") -> str:
    """Convert a LaTeX formula to a MathML ``<math>`` element.

    Args:
        tex: the formula, without delimiters, e.g. ``r"\\frac{TP}{TP + FN}"``.
        display: ``"inline"`` or ``"block"``.

    Returns:
        The MathML markup (str).

    Raises:
        ValueError: if latex2mathml cannot parse the formula; the message quotes it.
    """
    try:
        return convert(tex.strip(), display=display)
    except Exception as e:  # latex2mathml raises several exception types
        raise ValueError(f"cannot render the formula ${tex}$: {e} — check its LaTeX") from None


class _Inline(arithmatex.InlineArithmatexPattern):
    def handleMatch(self, m, data):
        groups = m.groups()
        escapes = groups[0] or (groups[3] if len(groups) > 3 else None)
        if escapes:
            return super().handleMatch(m, data)
        math = groups[2] or (groups[5] if len(groups) > 3 else "")
        return self.md.htmlStash.store(to_mathml(math)), m.start(0), m.end(0)


class _Block(arithmatex.BlockArithmatexProcessor):
    def generic_output(self, parent, math):
        el = etree.SubElement(parent, "div", {"class": "math-display"})
        el.text = self.parser.md.htmlStash.store(to_mathml(math, "block"))


class MathMLExtension(arithmatex.ArithmatexExtension):
    """Arithmatex's syntax with MathML output."""

    def extendMarkdown(self, md):
        self.setConfig("generic", True)
        # Only $...$ and $$...$$: \(...\) would catch escaped parentheses such as md_escape's.
        self.setConfig("inline_syntax", ["dollar"])
        self.setConfig("block_syntax", ["dollar"])
        super().extendMarkdown(md)
        inline = md.inlinePatterns["arithmatex-inline"]
        block = md.parser.blockprocessors["arithmatex-block"]
        new_inline = _Inline(inline.pattern, self.getConfigs())
        new_inline.md = md
        md.inlinePatterns.register(new_inline, "arithmatex-inline", 189.9)
        md.parser.blockprocessors.register(_Block(block.pattern.pattern, self.getConfigs(), md), "arithmatex-block", 79.9)
