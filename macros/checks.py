"""Every content check in one call, for the build (``define_env``) and ``scripts/check.py``.

``check_all()`` runs the knowledge model's checks (``macros.kb.build``: ids, verdicts,
references, verbatim quotes, template code), the page checks below (front matter
against ``schemas/front-matter.schema.json``; no raw HTML in question titles; no
active content such as ``<script>`` anywhere in a page) and the permanent-link checks
(``macros.ids``), and reports all their problems together.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from macros import ids, mathml
from macros import kb as knowledge
from macros.kb import Problem

_FRONT = re.compile(r"---\n(.*?)\n---\n", re.S)
_TITLE = re.compile(r"^## (?P<title>.*?)(?: \{ #[^}]*\})?\s*$")
_TAG = re.compile(r"<[A-Za-z/!?]")
#: Elements and attributes that run code, load other content or restyle the page.
_ACTIVE = re.compile(r"<(?P<tag>script|iframe|frame|object|embed|style|link|meta|base|form|svg|math)\b"
                     r"|<[a-z][^>]*\s(?P<attr>on[a-z]+)\s*="
                     r"|(?P<url>(?:\(|=\s*[\"']?|<)\s*javascript:)", re.I)
_CODE_SPAN = re.compile(r"(`+).*?\1")


def check_pages(docs_dir: Path, root_dir: Path) -> list[Problem]:
    """Check the front matter and the raw HTML of every Markdown page.

    Args:
        docs_dir: the MkDocs ``docs_dir``.
        root_dir: the project directory; message paths are relative to it.

    Returns:
        A list of ``Problem``: a page without front matter, front matter that does not
        match the schema, a question title containing HTML, or active content
        (``<script>``, ``<iframe>``, ``<style>``, an ``on…=`` handler, a ``javascript:``
        URL) outside code, or a formula that cannot be rendered. YAML syntax errors are left to ``macros.kb.build``.
    """
    problems: list[Problem] = []
    for path in sorted(Path(docs_dir).rglob("*.md")):
        rel = knowledge._rel(path, root_dir)
        text = path.read_text(encoding="utf-8")
        is_topic = path.relative_to(docs_dir).as_posix().startswith("topics/")
        m = _FRONT.match(text)
        if not m:
            problems.append(Problem(rel, 1, "the page has no front matter — start it with a '---' line, "
                                            "'title: …', 'description: …' (one sentence) and another '---' line"))
        else:
            try:
                meta, root = knowledge.parse_yaml(m.group(1))
                valid_yaml = True
            except yaml.YAMLError:
                valid_yaml = False  # reported by macros.kb.build
            if valid_yaml:
                for e in knowledge.schema_validator("front-matter.schema.json").iter_errors(meta):
                    where = "/".join(str(p) for p in e.absolute_path)
                    line = knowledge._node_line(root, list(e.absolute_path)) + 1 if root else 1
                    what = e.message if e.validator != "pattern" else (
                        f"{e.instance!r} contains '<' or '>'" + (" or '\"' (Material writes the description unescaped into "
                                                                 "the page's <meta> tag: write “ ” for quotes)" if where == "description" else ""))
                    problems.append(Problem(rel, line, f"front matter{' ' + where if where else ''}: {what} — "
                                                       "see macros/schemas/front-matter.schema.json for the allowed keys"))
        for n, message in mathml.formula_problems(text):
            problems.append(Problem(rel, n, message))
        in_fence = False
        for n, line in enumerate(text.split("\n"), 1):
            if knowledge.FENCE_RE.match(line):
                in_fence = not in_fence
            if in_fence:
                continue
            code_free = _CODE_SPAN.sub("", line)
            t = _TITLE.match(code_free)
            if t and is_topic and _TAG.search(t["title"]):
                problems.append(Problem(rel, n, "a question title must be plain text, without HTML tags — remove the "
                                                "tag; write a literal '<' as &lt; or inside `code`"))
                continue
            a = _ACTIVE.search(code_free)
            if a:
                what = f"<{a['tag']}>" if a["tag"] else (f"the {a['attr']}= attribute" if a["attr"] else "a javascript: URL")
                problems.append(Problem(rel, n, f"{what} is not allowed in content: pages may not run code or load "
                                                "other content — remove it; show code as code, in backticks"))
    return problems


def check_all(docs_dir, root_dir, macro_names) -> knowledge.KnowledgeBase:
    """Run every content check and build the knowledge base.

    Args:
        docs_dir: the MkDocs ``docs_dir`` (str or Path).
        root_dir: the project directory; message paths are relative to it.
        macro_names: names of the registered macros.

    Returns:
        The ``KnowledgeBase``.

    Raises:
        macros.kb.ContentError: listing every problem, as ``file:line: what is wrong — what to do``.
    """
    docs_dir, root_dir = Path(docs_dir), Path(root_dir)
    problems = check_pages(docs_dir, root_dir)
    try:
        kb = knowledge.build(docs_dir, root_dir, macro_names)
    except knowledge.ContentError as e:
        raise knowledge.ContentError(problems + e.problems) from None
    problems += ids.check(kb, docs_dir, root_dir)
    if problems:
        raise knowledge.ContentError(problems)
    return kb
