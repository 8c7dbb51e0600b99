"""The site's configuration: mkdocs.yml, read with a safe loader and held to what the site uses.

MkDocs reads mkdocs.yml with PyYAML's unsafe loader (``yaml.Loader``): a tag such as
``!!python/object/apply:os.system`` runs code while the file is read, ``INHERIT:`` reads
another file the same way, and ``hooks:`` imports Python files, all before any plugin
runs, so before the build's own checks. ``check_config`` must therefore run BEFORE any
MkDocs command reads the file: ``scripts/check.py`` calls it first and stops when it
reports a problem (the build calls it again, too late for tags but in time for the rest).

``check_config`` reads the file with PyYAML's ``SafeLoader``, which knows MkDocs' own tags
``!ENV`` (scalar or sequence form, reading only ``ENV_VARIABLES``) and ``!relative``, and
reports any other tag with its line. It refuses anchors and aliases (a few nested aliases
expand to billions of values), merge keys and duplicate keys (a reader sees the first,
YAML keeps the last), then holds every setting to an allowlist: the top-level keys,
theme options, plugins and their options (the macros plugin exactly as the site's page
reader needs it), Markdown extensions, local scripts and stylesheets, nav entries that
are pages, and text that Material writes into pages unescaped.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from macros.problems import Problem, did_you_mean

CONFIG_MAX_BYTES = 256 * 1024
ENV_VARIABLES = ("SITE_URL", "REPO_URL", "EDIT_URI")  # what the deploy workflow sets; nothing secret
TOP_LEVEL_KEYS = (
    "site_name",
    "site_description",
    "site_author",
    "site_url",
    "repo_url",
    "repo_name",
    "edit_uri",
    "strict",
    "theme",
    "extra_css",
    "extra_javascript",
    "plugins",
    "markdown_extensions",
    "validation",
    "exclude_docs",
    "nav",
    "docs_dir",
    "site_dir",
)
THEME_KEYS = ("name", "custom_dir", "font", "language", "features", "palette")
THEMES = ("material", "mkdocs")  # mkdocs: the smallest test sites
MACROS_OPTIONS = {
    "module_name": "macros",
    "on_error_fail": True,
    "on_undefined": "strict",
    "render_by_default": False,
}  # every one required, with exactly this value
PLUGIN_OPTIONS = {
    "search": ("separator", "lang"),
    "macros": tuple(MACROS_OPTIONS),
    "git-revision-date-localized": (
        "type",
        "fallback_to_build_date",
        "strict",
        "timezone",
        "locale",
        "enable_creation_date",
        "enabled",
        "exclude",
    ),
}
MARKDOWN_EXTENSIONS = (
    "admonition",
    "attr_list",
    "md_in_html",
    "tables",
    "toc",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.highlight",
)
_URL = re.compile(r"https?://[^\s<>\"'`\\()]+\Z")
_RELATIVE_URI = re.compile(r"[A-Za-z0-9._~/-]*\Z")
_UNSAFE_TEXT = re.compile(r"[<>\"`\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_LOCAL_PATH = re.compile(r"(?!.*(^|/)\.\.?(/|$))[A-Za-z0-9][A-Za-z0-9._/-]*\Z")  # no scheme, no /x, no ..
_ASSET = {"extra_css": ("stylesheets/", ".css"), "extra_javascript": ("javascripts/", ".js")}


class _Map(dict):
    """A mapping from mkdocs.yml that knows the line of each key (``lines``)."""

    lines: dict


class _Seq(list):
    """A sequence from mkdocs.yml that knows the line of each item (``lines``)."""

    lines: list


def _line(container, key) -> int | None:
    """Return the line of ``key`` (a mapping key or sequence index) in ``container``, or None."""
    lines = getattr(container, "lines", None)
    if isinstance(lines, dict):
        return lines.get(key)
    return lines[key] if lines is not None and 0 <= key < len(lines) else None


def _shown_tag(tag: str) -> str:
    """Return a YAML tag as written: ``!!python/name:x`` rather than its full form."""
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag


class _SafeConfigLoader(yaml.SafeLoader):
    """PyYAML's safe loader with MkDocs' ``!ENV`` and ``!relative``; records problems instead of raising.

    Mappings and sequences come back as ``_Map`` and ``_Seq``, which know their lines.
    ``problems`` collects ``(line, message)`` for unknown tags, merge keys, duplicate keys,
    unhashable keys and environment variables outside ``ENV_VARIABLES``.
    """

    def __init__(self, text: str):
        super().__init__(text)
        self.problems: list[tuple[int, str]] = []

    def _problem(self, node, message: str) -> None:
        self.problems.append((node.start_mark.line + 1, message))

    def construct_mapping(self, node, deep=False):
        mapping = _Map()
        mapping.lines = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._problem(key_node, "merge keys (<<) are not allowed here — write the keys out")
                continue
            key = self.construct_object(key_node, deep=True)
            try:
                first = mapping.lines.get(key)
            except TypeError:
                self._problem(key_node, "a key must be plain text — write it as text")
                continue
            if first:
                self._problem(
                    key_node,
                    f"the key '{ascii(str(key))[1:-1]}' is already on line {first}; "
                    "YAML keeps only the last, a reader sees the first — keep one",
                )
            mapping[key] = self.construct_object(value_node, deep=deep)
            mapping.lines[key] = key_node.start_mark.line + 1
        return mapping

    def construct_yaml_map(self, node):
        data = _Map()
        yield data
        value = self.construct_mapping(node)
        data.update(value)
        data.lines = value.lines

    def construct_yaml_seq(self, node):
        data = _Seq()
        yield data
        data.extend(self.construct_sequence(node))
        data.lines = [item.start_mark.line + 1 for item in node.value]

    def construct_undefined(self, node):
        tag = _shown_tag(node.tag)
        if tag.startswith("!!python/"):
            self._problem(
                node,
                f"the tag {tag} makes MkDocs run Python code while it reads this file "
                "(it reads mkdocs.yml with PyYAML's unsafe loader) — remove it",
            )
        else:
            self._problem(node, f"the YAML tag {tag} is not allowed here (only !ENV and !relative) — remove it")

    def construct_env(self, node):
        """MkDocs' ``!ENV NAME`` or ``!ENV [NAME, ..., default]``: return the default, check the names."""
        children = node.value if isinstance(node, yaml.SequenceNode) else [node]
        names, default = (children[:-1], children[-1]) if len(children) > 1 else (children, None)
        if not children or not all(isinstance(n, yaml.ScalarNode) for n in names):
            self._problem(node, "!ENV takes a variable name, or a list of names and a default — write one of those")
            return None
        for name in [n.value for n in names if n.value not in ENV_VARIABLES]:
            self._problem(
                node,
                f"!ENV reads the environment variable '{name}' into the site, and the environment "
                f"can hold secrets — read only {', '.join(ENV_VARIABLES)}",
            )
        return None if default is None else self.construct_object(default, deep=True)

    def construct_relative(self, node):
        """MkDocs' ``!relative`` (a folder for a Markdown extension's option): return the text as written."""
        return self.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else None


_SafeConfigLoader.add_constructor("tag:yaml.org,2002:map", _SafeConfigLoader.construct_yaml_map)
_SafeConfigLoader.add_constructor("tag:yaml.org,2002:seq", _SafeConfigLoader.construct_yaml_seq)
_SafeConfigLoader.add_constructor(None, _SafeConfigLoader.construct_undefined)
_SafeConfigLoader.add_constructor("!ENV", _SafeConfigLoader.construct_env)
_SafeConfigLoader.add_constructor("!relative", _SafeConfigLoader.construct_relative)


def _anchor_problems(text: str) -> list[tuple[int, str]]:
    """Return ``(line, message)`` for every anchor and alias in ``text`` (parsed, not constructed).

    Raises:
        yaml.YAMLError: when ``text`` does not parse.
    """
    problems = []
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            problems.append(
                (
                    event.start_mark.line + 1,
                    "YAML anchors (&) and aliases (*) are not allowed in "
                    "mkdocs.yml (a few nested aliases expand to billions of "
                    "values) — write the value out",
                )
            )
    return problems


def load_config(text: str) -> tuple[object, list[tuple[int, str]]]:
    """Read mkdocs.yml safely: no anchors, no aliases, no tags but ``!ENV`` and ``!relative``.

    Args:
        text: the file's text.

    Returns:
        ``(config, problems)``: the configuration (``_Map``, or None when the text cannot be
        read safely) and a list of ``(line, message)``.
    """
    try:
        problems = _anchor_problems(text)
        if problems:
            return None, problems
        loader = _SafeConfigLoader(text)
        try:
            return loader.get_single_data(), loader.problems
        finally:
            loader.dispose()
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        what = getattr(e, "problem", None) or str(e).splitlines()[0]
        return None, [
            ((mark.line + 1) if mark else None, f"mkdocs.yml does not parse as YAML ({what}) — fix the syntax")
        ]


def _text(value, line) -> list[tuple[int, str]]:
    """Refuse text that Material writes into pages unescaped when it could become markup."""
    if value is None:
        return []
    if not isinstance(value, str):
        return [(line, f"'{value}' must be text — quote it")]
    if _UNSAFE_TEXT.search(value):
        return [
            (
                line,
                f"'{ascii(value)[1:-1]}' contains <, >, \", a backtick, or a control or invisible "
                "character (Material writes this text into pages unescaped) — remove them",
            )
        ]
    return []


def _texts(value, line) -> list[tuple[int, str]]:
    """Apply ``_text`` to every string inside ``value`` (mappings and sequences, any depth)."""
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _texts(v, _line(value, k) or line)]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _texts(v, _line(value, i) or line)]
    return _text(value, line) if isinstance(value, str) else []


def _url(value, line) -> list[tuple[int, str]]:
    """site_url, repo_url: empty, or an http(s) address without spaces, quotes, <, > or parentheses."""
    if value in (None, "") or (isinstance(value, str) and _URL.match(value)):
        return []
    return [
        (
            line,
            f"'{ascii(str(value))[1:-1]}' is not an http(s) address without spaces, quotes, <, > "
            "or parentheses — write the plain address",
        )
    ]


def _edit_uri(value, line) -> list[tuple[int, str]]:
    """edit_uri: a path such as ``edit/main/docs/``, or an http(s) address."""
    if isinstance(value, str) and _RELATIVE_URI.match(value):
        return []
    return _url(value, line)


def _exactly(key: str, expected):
    """Return the check that setting ``key`` is ``expected`` (strict, docs_dir, site_dir)."""
    why = {
        "strict": "it makes every warning (a broken link, a missing anchor) fail the build",
        "docs_dir": "the checks read docs/, so the site is built from it",
        "site_dir": "the build empties this folder first, so it must be the project's own site/",
    }[key]
    shown = str(expected).lower() if isinstance(expected, bool) else expected

    def check(value, line):
        if value == expected and type(value) is type(expected):
            return []
        return [(line, f"{key} must be {shown}: {why} — set {key}: {shown}")]

    return check


def _asset(key: str):
    """Return the check of extra_css or extra_javascript: local files in their docs/ folder only."""
    folder, suffix = _ASSET[key]

    def check(value, line):
        if not isinstance(value, list):
            return [(line, f"{key} must be a list of paths — write one path per line")]
        problems = []
        for i, item in enumerate(value):
            at = _line(value, i) or line
            path = item.get("path") if isinstance(item, dict) else item
            extra = set(item) - {"path", "type", "async", "defer"} if isinstance(item, dict) else set()
            if extra or (isinstance(item, dict) and item.get("type", "module") != "module"):
                problems.append((at, f"{key} entries take only path, type: module, async and defer — remove the rest"))
            if not (
                isinstance(path, str) and _LOCAL_PATH.match(path) and path.startswith(folder) and path.endswith(suffix)
            ):
                problems.append(
                    (
                        at,
                        f"{key} entry '{ascii(str(path))[1:-1]}' is not a local file — commit it "
                        f"as docs/{folder}<name>{suffix} and list it by that path relative to docs/",
                    )
                )
        return problems

    return check


def _theme(value, line) -> list[tuple[int, str]]:
    """theme: a known theme, custom_dir overrides, no web fonts, and only the options the site uses."""
    theme = {"name": value} if isinstance(value, str) else value
    if not isinstance(theme, dict):
        return [(line, "theme must be a mapping (name, custom_dir, ...) — write it as one")]
    problems = [
        (
            _line(theme, k) or line,
            f"theme option '{k}' is not one this site uses (allowed: "
            f"{', '.join(THEME_KEYS)}){did_you_mean(k, THEME_KEYS)} — remove it",
        )
        for k in theme
        if k not in THEME_KEYS
    ]
    at = {k: _line(theme, k) or line for k in theme}
    if theme.get("name") not in THEMES:
        problems.append((at.get("name", line), f"the theme must be one of {', '.join(THEMES)} — set name: material"))
    if "custom_dir" in theme and theme["custom_dir"] != "overrides":
        problems.append(
            (
                at["custom_dir"],
                "custom_dir must be 'overrides': the theme's templates are code, "
                "and only overrides/ is checked and reviewed as such — set it back",
            )
        )
    if theme.get("font", False) is not False:
        problems.append((at["font"], "font: false keeps pages from loading fonts from Google's servers — set it back"))
    if "language" in theme and not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", str(theme["language"])):
        problems.append((at["language"], "language must be a language code such as 'en' — write one"))
    features = theme.get("features", [])
    if not (isinstance(features, list) and all(re.fullmatch(r"[a-z]+(\.[a-z]+)*", str(f)) for f in features)):
        problems.append(
            (
                at.get("features", line),
                "features must be a list of Material feature names such as navigation.top — write them so",
            )
        )
    return problems + _texts(theme.get("palette"), at.get("palette", line))


def _entries(value, line, what: str):
    """Yield ``(name, options, line)`` from a plugins or markdown_extensions list or mapping; problems as None names."""
    if isinstance(value, dict):
        for name, options in value.items():
            yield name, options, _line(value, name) or line
    elif isinstance(value, list):
        for i, item in enumerate(value):
            at = _line(value, i) or line
            if isinstance(item, dict) and len(item) == 1:
                ((name, options),) = item.items()
                yield name, options, at
            elif isinstance(item, str):
                yield item, None, at
            else:
                yield None, f"each {what} entry is a name, or a name with its options — write it so", at
    else:
        yield None, f"{what} must be a list — write one entry per line", line


def _macros_options(options, line) -> list[tuple[int, str]]:
    """The macros plugin: exactly ``MACROS_OPTIONS``, nothing that changes the template syntax or loads files."""
    options = options if isinstance(options, dict) else {}
    problems = []
    for key in options:
        if key not in MACROS_OPTIONS:
            problems.append(
                (
                    _line(options, key) or line,
                    f"macros option '{key}' is not allowed: j2_* options change the template syntax the "
                    "checks read, and include_dir, include_yaml, modules and the others load files or code "
                    f"— remove it (the plugin takes only {', '.join(MACROS_OPTIONS)})",
                )
            )
    for key, expected in MACROS_OPTIONS.items():
        if key not in options or options[key] != expected or type(options[key]) is not type(expected):
            shown = str(expected).lower() if isinstance(expected, bool) else expected
            problems.append(
                (
                    _line(options, key) or line,
                    f"the macros plugin needs {key}: {shown} (pages are read by the site's own page reader, "
                    f"never rendered as templates) — set {key}: {shown}",
                )
            )
    return problems


def _plugins(value, line) -> list[tuple[int, str]]:
    """plugins: only ``PLUGIN_OPTIONS``' plugins, with their allowed options."""
    problems = []
    for name, options, at in _entries(value, line, "plugins"):
        if name is None:
            problems.append((at, options))
        elif name not in PLUGIN_OPTIONS:
            problems.append(
                (
                    at,
                    f"the plugin '{ascii(str(name))[1:-1]}' is not one this site uses (allowed: "
                    f"{', '.join(PLUGIN_OPTIONS)}) — remove it; a plugin is code, added by a maintainer",
                )
            )
        elif name == "macros":
            problems += _macros_options(options, at)
        elif options is not None and not isinstance(options, dict):
            problems.append((at, f"the options of '{name}' must be a mapping — write them as one"))
        else:
            problems += [
                (
                    _line(options, k) or at,
                    f"option '{k}' of the plugin '{name}' is not allowed "
                    f"(allowed: {', '.join(PLUGIN_OPTIONS[name])}) — remove it",
                )
                for k in options or {}
                if k not in PLUGIN_OPTIONS[name]
            ]
    return problems


def _extensions(value, line) -> list[tuple[int, str]]:
    """markdown_extensions: only ``MARKDOWN_EXTENSIONS`` (options are free: no tag can make them code)."""
    problems = []
    for name, options, at in _entries(value, line, "markdown_extensions"):
        short = name.removeprefix("markdown.extensions.") if isinstance(name, str) else name
        if name is None:
            problems.append((at, options))
        elif short not in MARKDOWN_EXTENSIONS:
            problems.append(
                (
                    at,
                    f"the Markdown extension '{ascii(str(name))[1:-1]}' is not one this site uses "
                    f"(allowed: {', '.join(MARKDOWN_EXTENSIONS)}) — remove it; an extension can read "
                    "files or run code (pymdownx.snippets includes any file), so a maintainer adds it",
                )
            )
        elif options is not None and not isinstance(options, dict):
            problems.append((at, f"the options of '{name}' must be a mapping — write them as one"))
    return problems


def _nav(value, line) -> list[tuple[int, str]]:
    """nav: titles that are plain text, entries that are pages under docs/ (no links elsewhere)."""
    if isinstance(value, str):
        if _LOCAL_PATH.match(value) and value.endswith(".md"):
            return []
        return [
            (
                line,
                f"nav entry '{ascii(value)[1:-1]}' is not a page of the site — list pages by their path "
                "under docs/ (such as topics/x.md); links elsewhere belong in a page",
            )
        ]
    if isinstance(value, list):
        return [p for i, item in enumerate(value) for p in _nav(item, _line(value, i) or line)]
    if isinstance(value, dict) and len(value) == 1:
        ((title, entry),) = value.items()
        return _text(title, line) + _nav(entry, _line(value, title) or line)
    return [(line, "each nav entry is a page, or 'Title: page', or 'Title:' and a list — write it so")]


_CHECKS = {
    "site_name": _text,
    "site_description": _text,
    "site_author": _text,
    "repo_name": _text,
    "site_url": _url,
    "repo_url": _url,
    "edit_uri": _edit_uri,
    "strict": _exactly("strict", True),
    "docs_dir": _exactly("docs_dir", "docs"),
    "site_dir": _exactly("site_dir", "site"),
    "theme": _theme,
    "plugins": _plugins,
    "markdown_extensions": _extensions,
    "nav": _nav,
    "extra_css": _asset("extra_css"),
    "extra_javascript": _asset("extra_javascript"),
}


def _settings(config) -> list[tuple[int, str]]:
    """Check every top-level setting of a loaded mkdocs.yml (see the module's docstring)."""
    if not isinstance(config, dict):
        return [(None, "mkdocs.yml must be a mapping of settings — write it as one")]
    problems = []
    for key, value in config.items():
        line = _line(config, key)
        if key == "hooks":
            problems.append(
                (
                    line,
                    "hooks: makes MkDocs import and run Python files — remove it; the site's build "
                    "code is the macros package",
                )
            )
        elif key == "INHERIT":
            problems.append(
                (
                    line,
                    "INHERIT: makes MkDocs read another configuration file, with PyYAML's unsafe "
                    "loader — remove it and write the settings here",
                )
            )
        elif key not in TOP_LEVEL_KEYS:
            problems.append(
                (
                    line,
                    f"'{ascii(str(key))[1:-1]}' is not a setting this site uses"
                    f"{did_you_mean(key, TOP_LEVEL_KEYS)} — remove it (allowed: {', '.join(TOP_LEVEL_KEYS)})",
                )
            )
        elif key in _CHECKS:
            problems += _CHECKS[key](value, line)
    if "strict" not in config:
        problems.append((None, "strict: true is missing (it makes every warning fail the build) — add it"))
    return problems


def check_config(config_file: Path) -> list[Problem]:
    """Check mkdocs.yml without running anything in it; call it BEFORE any MkDocs command reads the file.

    Args:
        config_file: the site's mkdocs.yml. Messages name it relative to its folder
            (``mkdocs.yml``), with the line where there is one.

    Returns:
        A list of ``Problem``, empty when the file is safe for MkDocs to read.

    Raises:
        OSError: when the file cannot be read.
    """
    rel = config_file.name
    size = config_file.stat().st_size
    if size > CONFIG_MAX_BYTES:
        return [Problem(rel, None, f"the file is {size} bytes, over the limit of {CONFIG_MAX_BYTES} — make it smaller")]
    data = config_file.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        return [Problem(rel, data.count(b"\n", 0, e.start) + 1, "the file is not UTF-8 text — save it as UTF-8")]
    config, problems = load_config(text)
    if config is not None or not problems:
        problems += _settings(config)
    return [Problem(rel, line, message) for line, message in problems]
