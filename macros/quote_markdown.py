"""A source's answer written in Markdown, rendered faithfully and safely inside its quote.

A source's Markdown is untrusted text. ``render_quote()`` renders it with Python-Markdown
(paragraphs, lists, emphasis, code, tables), then keeps only an allowlist of elements and
attributes with nh3. Nothing it shows is loaded from another host: a formula the source
shows as an image whose LaTeX is in the image's address (``render/math?math=…``) becomes
MathML from that LaTeX, marked "shown as an image in the source"; any other image is named
in words ("image: …, from host"), not loaded. Links stay links (following one is the
reader's choice; nothing is fetched).
"""

from __future__ import annotations

import html
import re
from urllib.parse import unquote, urlsplit

import markdown
import nh3

from macros.mathml import to_mathml

#: Elements a quoted answer may keep, with their attributes.
ALLOWED = {
    "p": set(),
    "br": set(),
    "ul": set(),
    "ol": {"start"},
    "li": set(),
    "em": set(),
    "strong": set(),
    "code": set(),
    "pre": set(),
    "blockquote": set(),
    "a": {"href"},
    "hr": set(),
    "table": set(),
    "thead": set(),
    "tbody": set(),
    "tr": set(),
    "th": {"align"},
    "td": {"align"},
    "h4": set(),
    "h5": set(),
    "h6": set(),
    "sub": set(),
    "sup": set(),
    "del": set(),
}
_MATH_IMG = re.compile(
    r'<img\s+[^>]*?src="(https://render\.githubusercontent\.com/render/math\?math=[^"]*)"[^>]*>', re.I
)
_HTML_IMG = re.compile(r"<img\b[^>]*?(?:src=\"([^\"]*)\")?[^>]*>", re.I)
_MD_IMG = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
_SLOT = "\ue000{}\ue001"  # a private-use marker for a formula, replaced after sanitising
_SLOT_RE = re.compile("\ue000(\\d+)\ue001")


_EMPTY_TH = re.compile(r"<th>\s*</th>")


def _image_name(alt: str, url: str) -> str:
    host = urlsplit(url).netloc or "this page"
    return f"[image{': ' + alt if alt else ''}, from {host}, not shown]"


def render_quote(text: str) -> str:
    """Render a source's Markdown answer as sanitised HTML, loading nothing from another host.

    Args:
        text: the answer's Markdown, verbatim from the source.

    Returns:
        HTML (str): the elements of ``ALLOWED`` only, formulas as MathML with a note, other
        images named in words.

    Raises:
        ValueError: if a formula in an image address cannot be rendered (the message quotes it).
    """
    formulas: list[str] = []

    def formula(m: re.Match) -> str:
        latex = unquote(html.unescape(m[1]).split("math=", 1)[1])
        formulas.append(latex)
        return _SLOT.format(len(formulas) - 1)

    text = _MATH_IMG.sub(formula, text)
    text = _MD_IMG.sub(lambda m: html.escape(_image_name(m[1], m[2])), text)
    text = _HTML_IMG.sub(lambda m: html.escape(_image_name("", m[1] or "")), text)
    rendered = markdown.markdown(text, extensions=["fenced_code", "tables", "sane_lists"])
    clean = nh3.clean(
        rendered, tags=set(ALLOWED), attributes=ALLOWED, url_schemes={"http", "https", "mailto"}, link_rel=None
    )
    # A header cell with nothing in it heads nothing: an empty data cell looks the same and
    # does not announce an empty header to a screen reader (axe: empty-table-header).
    clean = _EMPTY_TH.sub("<td></td>", clean)
    return _SLOT_RE.sub(
        lambda m: (
            to_mathml(formulas[int(m[1])]) + ' <span class="source-note">(shown as an image in the source)</span>'
        ),
        clean,
    )
