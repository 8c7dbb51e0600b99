"""Each correction as schema.org ``ClaimReview`` data (JSON-LD) on the page that holds it.

Fact-check tools read ``ClaimReview`` (Google's Fact Check Explorer among them; Google Search
stopped showing it in 2025). ``claim_reviews()`` makes one per corrected item; the Markdown
extension appends them to each page that quotes corrected items, as one
``<script type="application/ld+json">`` element after the sanitiser has run (the data is ours,
built from the knowledge base, and escaped so that it cannot close the element).
Source: schema.org, ``ClaimReview`` (https://schema.org/ClaimReview) and ``Rating``.
"""

from __future__ import annotations

import json
import re

from markdown import Extension
from markdown.postprocessors import Postprocessor

from macros.model import KnowledgeBase
from macros.scales import SEVERITY

#: A verdict's position on the scale as a rating: 1 (wrong) … 7 (accurate).
RATING = (*SEVERITY, "accurate")
_ITEM = re.compile(r'<figure\b[^>]*\bdata-item="([a-z0-9-]+)"')


def _page_url(site_url: str, path: str) -> str:
    return site_url.rstrip("/") + "/" + re.sub(r"(^|/)index\.md$", r"\1", path).removesuffix(".md") + "/"


def claim_review(kb: KnowledgeBase, item_id: str, site_url: str, site_name: str) -> dict | None:
    """The ``ClaimReview`` of a corrected item, or None when the item has no correction.

    Args:
        kb: the knowledge base.
        item_id: a placed item's id.
        site_url: the site's absolute URL.
        site_name: the site's name (the review's author).

    Returns:
        A JSON-serialisable dict: ``claimReviewed`` (the quoted claim, or the question when the
        source gives no answer), ``itemReviewed`` (the source article as a ``CreativeWork`` with
        its publisher, and its URL and date where known), ``reviewRating`` (``alternateName`` =
        the verdict, ``ratingValue`` its position from 1 = wrong to 7 = accurate), ``author``,
        ``datePublished`` (the review date) and ``url`` (the quote's permanent address).
    """
    pl = kb.placements[item_id]
    if pl.correction is None:
        return None
    item = kb.items[item_id]
    src = kb.sources[item.source_id]
    quotes = [b if isinstance(b, str) else " ".join(b) for b in item.answer]
    work = {"@type": "CreativeWork", "name": src.title, "publisher": {"@type": "Organization", "name": src.publisher}}
    if src.url.startswith("http"):
        work["url"] = src.url
    if src.published != "unknown":
        work["datePublished"] = src.published
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": " ".join(quotes) if quotes else item.question,
        "itemReviewed": {"@type": "Claim", "appearance": work, "author": work["publisher"]},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": RATING.index(pl.verdict) + 1,
            "worstRating": 1,
            "bestRating": len(RATING),
            "alternateName": pl.verdict,
        },
        "author": {"@type": "Organization", "name": site_name, "url": site_url},
        "datePublished": pl.correction.reviewed,
        "url": _page_url(site_url, pl.path) + "#" + item_id,
    }


def json_ld(data) -> str:
    r"""Serialise ``data`` for a ``<script type="application/ld+json">`` element: ``<``, ``>`` and ``&``
    escaped as JSON ``\\u`` escapes, so the text cannot end the element or start a comment.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class _Append(Postprocessor):
    def __init__(self, md, kb: KnowledgeBase, site_url: str, site_name: str):
        super().__init__(md)
        self.kb, self.site_url, self.site_name = kb, site_url, site_name

    def run(self, text: str) -> str:
        reviews = [
            r
            for i in _ITEM.findall(text)
            if i in self.kb.placements
            for r in [claim_review(self.kb, i, self.site_url, self.site_name)]
            if r
        ]
        if not reviews:
            return text
        return text + f'\n<script type="application/ld+json">{json_ld(reviews)}</script>'


class ClaimReviewExtension(Extension):
    """Append the page's ``ClaimReview`` data (one JSON-LD array) to every page that quotes corrected items.

    Args:
        kb: the knowledge base.
        site_url: the site's absolute URL.
        site_name: the site's name.
    """

    def __init__(self, kb: KnowledgeBase, site_url: str, site_name: str):
        super().__init__()
        self.kb, self.site_url, self.site_name = kb, site_url, site_name

    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown's name)
        """Register this extension's processors with ``md`` (Python-Markdown's hook)."""
        # Last of all postprocessors, after the sanitiser (priority -1000, which refuses any script in content).
        md.postprocessors.register(_Append(md, self.kb, self.site_url, self.site_name), "kb-claim-review", -2000)
