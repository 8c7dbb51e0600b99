"""Formulas as MathML, rendered at build time: no script, no font, no third-party request.

A Python-Markdown extension: pymdownx.arithmatex finds the formulas (``$...$``
inline, ``$$...$$`` as a block, with its escaping rules), and latex2mathml turns
each into MathML, which browsers render natively. ``define_env`` adds it to
MkDocs' Markdown extensions, so mkdocs.yml need not import project code.

One convention differs from plain LaTeX (``upright_names``): a run of two or more
capital letters is a name, set upright as one identifier (``TP``, ``FPR``, ``RMSE``);
a product of single capitals is written with spaces (``W H``, ``X Y``).
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as etree

from latex2mathml.converter import convert_to_element
from pymdownx import arithmatex


def to_mathml(tex: str, display: str = "inline") -> str:
    r"""Convert a LaTeX formula to a MathML ``<math>`` element.

    Conversions are cached for the build (``define_env`` clears the cache): the
    content checks convert every formula first, and the pages reuse the result.
    latex2mathml wraps every group in an ``<mrow>``; those with a single child, and
    the one that holds the whole formula, are left out (``_unwrap``). MathML Core
    renders an ``<mrow>`` of one child as that child, and the children of ``<math>``
    as one row, so the formula looks the same with fewer elements for the browser
    to style and lay out (133 of 958 on the evaluation-metrics page).

    Args:
        tex: the formula, without delimiters, e.g. ``r"\\frac{TP}{TP + FN}"``.
        display: ``"inline"`` or ``"block"``.

    Returns:
        The MathML markup (str).

    Raises:
        ValueError: if latex2mathml cannot parse the formula; the message quotes it.
    """
    return _convert(tex.strip(), display)


#: Commands whose braced argument is text or a font choice: their capitals stay as written.
_VERBATIM_ARGUMENT = re.compile(r"\\(?:text[a-z]*|math[a-z]+|operatorname\*?|mbox|boldsymbol|begin|end)\s*\{")
_COMMAND = re.compile(r"\\(?:[A-Za-z]+|.)", re.S)
_NAME = re.compile(r"(?<![A-Za-z])[A-Z]{2,}(?![A-Za-z])")


def upright_names(tex: str) -> str:
    r"""Write each run of two or more capital letters of a formula as ``\\mathrm{…}``.

    In LaTeX, ``TP`` is the product of ``T`` and ``P``, set in italics with a gap;
    in these pages such a run is an abbreviation (true positives ``TP``, ``FPR``,
    ``RMSE``, ``C_{FN}``), so it is set upright, as one identifier (``_join_names``).
    A run counts when no other letter touches it: ``TPs`` and ``xTP`` are left alone,
    and so are lower-case runs (``nkd`` stays a product). Command names (``\\Sigma``)
    and the arguments of text and font commands (``\\text{RMSE}``,
    ``\\mathbf{AB}``, ``\\operatorname{TPR}``) are not changed. A product of single
    capitals is written with a space: ``W H``.

    Args:
        tex: the formula, without delimiters.

    Returns:
        The formula (str), with ``\\mathrm{…}`` around each name.
    """
    out, i = [], 0
    while i < len(tex):
        if tex[i] != "\\":
            j = tex.find("\\", i)
            j = len(tex) if j < 0 else j
            out.append(_NAME.sub(lambda m: "\\mathrm{" + m.group(0) + "}", tex[i:j]))
            i = j
        elif m := _VERBATIM_ARGUMENT.match(tex, i):
            j = _closing_brace(tex, m.end())
            out.append(tex[i:j])
            i = j
        else:
            m = _COMMAND.match(tex, i)
            j = m.end() if m else len(tex)
            out.append(tex[i:j])
            i = j
    return "".join(out)


def _closing_brace(tex: str, start: int) -> int:
    """Return the index just after the brace that closes the group opened before ``start``
    (the end of ``tex`` if it is never closed: latex2mathml then reports the formula).
    """
    depth, k = 1, start
    while k < len(tex):
        if tex[k] == "\\":  # an escaped character, such as \{
            k += 2
            continue
        depth += (tex[k] == "{") - (tex[k] == "}")
        if depth == 0:
            return k + 1
        k += 1
    return len(tex)


@functools.cache
def _convert(tex: str, display: str) -> str:
    try:
        math = convert_to_element(upright_names(tex), display=display)
    except Exception as e:  # latex2mathml raises several exception types
        raise ValueError(
            f"cannot render the formula ${tex}$ ({type(e).__name__}{': ' + str(e) if str(e) else ''}) "
            "— check its LaTeX: balanced braces, known commands"
        ) from None
    _join_names(math)
    _unwrap(math)
    # latex2mathml writes characters as references (&#x003B1;), which ElementTree escapes
    # again: restore those, and nothing else, so that a '<' of the formula's text stays text.
    return _REFERENCE.sub(r"&\1", etree.tostring(math, encoding="unicode"))


_REFERENCE = re.compile(r"&amp;(#x[0-9A-Fa-f]+;|#[0-9]+;)")


def _join_names(parent: etree.Element) -> None:
    r"""Below ``parent``, make each ``\\mathrm{…}`` of several letters one identifier.

    latex2mathml writes ``\\mathrm{TP}`` as a row of upright one-letter ``<mi>``
    elements; a single ``<mi>TP</mi>`` is upright too (MathML Core sets an ``<mi>`` of
    more than one character upright) and reads as one name.
    """
    for i, child in enumerate(list(parent)):
        _join_names(child)
        letters = list(child)
        if (
            child.tag == "mrow"
            and not child.attrib
            and len(letters) >= 2
            and all(
                e.tag == "mi"
                and e.attrib == {"mathvariant": "normal"}
                and len(e) == 0
                and len(e.text or "") == 1
                and not (e.tail or "").strip()
                for e in letters
            )
        ):
            name = etree.Element("mi")
            name.text = "".join(e.text for e in letters)
            name.tail = child.tail
            parent[i] = name


def _unwrap(parent: etree.Element) -> None:
    """Below ``parent``, replace by its children each attribute-less ``<mrow>`` that is
    the sole child of ``<math>`` or has one child other than an ``<mo>`` (an operator
    alone in a row is spaced as such; moved into a longer row it could be spaced as a
    prefix or postfix).
    """
    for i, child in enumerate(list(parent)):
        _unwrap(child)
        if child.tag != "mrow" or child.attrib or (child.text or "").strip() or (child.tail or "").strip():
            continue
        if (parent.tag == "math" and len(parent) == 1) or (len(child) == 1 and child[0].tag != "mo"):
            parent[i : i + 1] = list(child)


#: Forget the conversions of an earlier build (``mkdocs serve`` rebuilds in one process).
clear_cache = _convert.cache_clear


_BLOCK = re.compile(arithmatex.RE_DOLLAR_BLOCK)
_INLINE = re.compile(arithmatex.RE_SMART_DOLLAR_INLINE)
_CODE = re.compile(r"^\s*(```|~~~).*?^\s*\1[^\n]*$|(`+).*?\2", re.S | re.M)


def formula_problems(text: str) -> list[tuple[int, str]]:
    """Find the formulas of a Markdown page that cannot be rendered, before the build renders them.

    Uses the same patterns as the extension (``$$...$$``, then smart ``$...$``),
    outside fenced code and code spans.

    Args:
        text: the page's Markdown.

    Returns:
        ``(line, message)`` pairs, 1-based lines; empty when every formula renders.
    """

    def blank(m):  # keep line numbers: replace the match by its newlines
        return "\n" * m.group(0).count("\n")

    text = _CODE.sub(blank, text)
    out = []
    for pattern, display in ((_BLOCK, "block"), (_INLINE, "inline")):
        for m in pattern.finditer(text):
            tex = m.group("math") if display == "block" else m.group(3)
            if tex is None:  # an escaped dollar
                continue
            try:
                to_mathml(tex, display)
            except ValueError as e:
                out.append((text.count("\n", 0, m.start()) + 1, str(e)))
        if display == "block":
            text = pattern.sub(blank, text)
    return sorted(out)


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
        """Register this extension's processors with ``md`` (Python-Markdown's hook)."""
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
        md.parser.blockprocessors.register(
            _Block(block.pattern.pattern, self.getConfigs(), md), "arithmatex-block", 79.9
        )


def makeExtension(**kwargs) -> MathMLExtension:  # noqa: N802 — the name Python-Markdown looks for
    """Return the extension, for a configuration that names this module (``- macros.mathml``).

    ``mkdocs.zensical.yml`` does: Zensical builds a page's Markdown converter before it calls
    ``define_env`` for that page, so the extension that ``define_env`` adds would miss the
    first page it renders.

    Args:
        kwargs: arithmatex's configuration options, as Python-Markdown passes them.

    Returns:
        A ``MathMLExtension``.
    """
    return MathMLExtension(**kwargs)
