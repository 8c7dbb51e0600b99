"""Macro calls in a page: read the page as a template of literal macro calls, and expand them.

Content may hold only calls of registered macros with literal arguments
(``{{ name("text", key="text") }}``). Pages are never compiled or run as Jinja templates:
``template_parts()`` reads the calls (with Jinja's parser, for its syntax and errors, or a
regular expression for the common case) and ``expand()`` joins the text with the macros'
outputs. mkdocs-macros is configured to render nothing itself (``render_by_default: false``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import jinja2
from jinja2 import nodes

from macros.problems import Problem, did_you_mean

_JINJA = jinja2.Environment()
_ARG = r"""(?:[A-Za-z_][A-Za-z0-9_]*=)?(?:"[^"\\\n{}]*"|'[^'\\\n{}]*')"""
#: A macro call as content writes it, on one line: ``{{ name("text", key="text") }}``.
_SIMPLE_CALL = re.compile(rf"\{{\{{ ?([A-Za-z_][A-Za-z0-9_]*)\(((?:{_ARG}(?:, ?{_ARG})*)?)\) ?\}}\}}")
_SIMPLE_ARG = re.compile(r"""([A-Za-z_][A-Za-z0-9_]*)?=?(?:"([^"]*)"|'([^']*)')""")
ONLY_CALLS = (
    "only calls of registered macros with literal arguments are allowed, e.g. "
    '{{ question_link("precision-recall") }} — wrap literal braces in {% raw %}…{% endraw %}'
)


@dataclass
class Call:
    """A macro call in a page: ``{{ name(*args, **kwargs) }}`` on 1-based ``line`` of the file."""

    name: str
    args: list
    kwargs: dict
    line: int

    def arg(self, index: int, keyword: str, default=None):
        """Return the argument at position ``index`` or named ``keyword``, else ``default``."""
        return self.args[index] if len(self.args) > index else self.kwargs.get(keyword, default)


def template_parts(
    text: str, rel: str, macro_names, problems: list[Problem], first_line: int = 1
) -> list[str | Call] | None:
    """Parse Markdown as a template of macro calls: its text, and its calls in order.

    Args:
        text: the Markdown (a page's body, or part of one).
        rel: the path shown in messages.
        macro_names: names of the registered macros.
        problems: receives a ``Problem`` per syntax error, template code or unknown macro.
        first_line: the file line of the text's first line (calls' lines are file lines).

    Returns:
        The text between calls (str, as Jinja outputs it: ``{% raw %}`` unwrapped, the
        final newline dropped) and the calls (``Call``), in order; ``None`` if the text
        does not parse. A call that is a problem is left out.
    """
    parts = simple_parts(text, macro_names, first_line)
    if parts is not None:
        return parts
    try:
        ast = _JINJA.parse(text)
    except jinja2.TemplateSyntaxError as e:
        problems.append(
            Problem(
                rel,
                e.lineno + first_line - 1,
                f"template syntax error: {e.message} — a macro call "
                'is written {{ name("argument") }} with matching quotes '
                "and brackets",
            )
        )
        return None
    parts: list[str | Call] = []
    for node in ast.body:
        for child in node.nodes if isinstance(node, nodes.Output) else [node]:
            part = (
                child.data
                if isinstance(child, nodes.TemplateData)
                else _call(child, rel, macro_names, problems, first_line)
            )
            if part is not None:
                parts.append(part)
    return parts


def _call(node, rel: str, macro_names, problems: list[Problem], first_line: int) -> Call | None:
    """The ``Call`` a template node is, or None (and a problem) when it is not a literal call of a macro."""
    line = node.lineno + first_line - 1
    if not _is_literal_call(node):
        problems.append(Problem(rel, line, ONLY_CALLS))
        return None
    name = node.node.name
    if name not in macro_names:
        hint = did_you_mean(name, macro_names) or f" — use one of: {', '.join(sorted(macro_names))}"
        problems.append(Problem(rel, line, f"unknown macro '{name}'{hint}"))
        return None
    return Call(name, [a.value for a in node.args], {k.key: k.value.value for k in node.kwargs}, line)


def _is_literal_call(node) -> bool:
    """True for ``name(literal, key=literal)``: a call of a plain name with constant arguments."""
    return (
        isinstance(node, nodes.Call)
        and isinstance(node.node, nodes.Name)
        and node.dyn_args is None
        and node.dyn_kwargs is None
        and all(isinstance(a, nodes.Const) for a in node.args)
        and all(isinstance(k.value, nodes.Const) for k in node.kwargs)
    )


def simple_parts(text: str, macro_names, first_line: int = 1) -> list[str | Call] | None:
    """``template_parts()`` for the common case, read with regular expressions instead of Jinja's parser.

    Applies when the text has no ``{%``, ``{#`` or carriage return, and every ``{{`` opens a
    one-line call of a registered macro with string arguments (no backslashes, no braces).
    Returns ``None`` otherwise, so that Jinja reads the text and reports any problem.
    """
    if "{%" in text or "{#" in text or "\r" in text:
        return None
    if text.endswith("\n"):  # Jinja drops the final newline
        text = text[:-1]
    parts: list[str | Call] = []
    pos, line = 0, first_line
    for m in _SIMPLE_CALL.finditer(text):
        if text.find("{{", pos) != m.start() or m[1] not in macro_names:
            return None
        args, kwargs = [], {}
        for a in _SIMPLE_ARG.finditer(m[2]):
            value = a[2] if a[2] is not None else a[3]
            if a[1] is None and not kwargs:
                args.append(value)
            elif a[1] is not None and a[1] not in kwargs:
                kwargs[a[1]] = value
            else:  # a positional argument after a keyword one, or a keyword given twice
                return None
        line += text.count("\n", pos, m.start())
        parts += [text[pos : m.start()], Call(m[1], args, kwargs, line)]
        pos = m.end()
    if "{{" in text[pos:]:
        return None
    parts.append(text[pos:])
    return [p for p in parts if p != ""]


def expand(parts: list[str | Call], macros: dict) -> str:
    """Join template parts, replacing each call by its macro's output.

    The same text as rendering the template with Jinja, without compiling it.

    Args:
        parts: from ``template_parts()``.
        macros: the macro functions by name.

    Returns:
        The rendered text (str).

    Raises:
        ContentError: from a macro, e.g. for an unknown id.
    """
    return "".join(p if isinstance(p, str) else str(macros[p.name](*p.args, **p.kwargs)) for p in parts)
