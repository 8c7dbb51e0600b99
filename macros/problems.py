"""Content problems: where a problem is, what is wrong and what to do, and the error that carries them.

Every check returns ``Problem`` records; the build and ``scripts/check.py`` raise them
together as one ``ContentError``, sorted by file and line, one line each:
``file:line: what is wrong — what to do``.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

try:  # a build error MkDocs reports without a traceback; plain Exception where MkDocs is absent
    from mkdocs.exceptions import PluginError as _BuildError
except ImportError:  # pragma: no cover
    _BuildError = Exception


@dataclass(frozen=True)
class Problem:
    """One content problem.

    Attributes:
        path: the file, relative to the project (str).
        line: the 1-based line, or None when the problem is the whole file.
        message: what is wrong — what to do (str).
    """

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


def sort_problems(problems) -> list[Problem]:
    """Return ``problems`` without repeats, sorted by file, then line (whole-file problems first).

    Args:
        problems: an iterable of ``Problem``.

    Returns:
        A new list of ``Problem``.
    """
    return sorted(dict.fromkeys(problems), key=lambda p: (p.path, p.line or 0, p.message))


class ContentError(_BuildError):
    """Every problem found by a check; ``str()`` lists them one per line, sorted by file and line.

    Args:
        problems: a list of ``Problem`` (at least one).
        note: a last line after the problems, e.g. which checks were skipped (str, optional).
    """

    def __init__(self, problems: list[Problem], note: str = ""):
        self.problems = sort_problems(problems)
        lines = [str(p) for p in self.problems] + ([note] if note else [])
        super().__init__(f"{len(self.problems)} content problem(s):\n" + "\n".join(lines))


def did_you_mean(value: str, known) -> str:
    """Return `` — did you mean 'x'?`` for the closest of ``known`` to ``value``, or ``""``.

    Args:
        value: what was written (str).
        known: the valid values (any iterable of str).

    Returns:
        The hint, starting with " — ", or an empty string when nothing is close.
    """
    hint = difflib.get_close_matches(str(value), [str(k) for k in known], 1)
    return f" — did you mean '{hint[0]}'?" if hint else ""
