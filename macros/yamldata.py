"""Reading contributors' files safely: text (UTF-8, size-capped) and YAML data (with line numbers).

Everything a contributor writes is untrusted. Files are read as UTF-8 with a size cap; a
byte-order mark, undecodable bytes, invisible characters in names, YAML duplicate keys,
anchors, aliases and tags are problems with the file and line, not tracebacks. YAML is
parsed with PyYAML's safe loader (libyaml's when PyYAML has it), with dates left as text.
Schema errors are said in words: the field, what was found, the form expected and an
example, never a Python repr.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from pathlib import Path

import jsonschema
import yaml

from macros.problems import Problem

SCHEMA_DIR = Path(__file__).parent / "schemas"
#: The largest text file (page, data or archive) the checks read, in bytes.
MAX_TEXT_BYTES = 1 << 20
#: Bidirectional controls and zero-width characters: they make text read differently from what it is.
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")

_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BASE_LOADER):
    """The safe loader without the timestamp resolver: ``2024-03-01`` stays the text it is."""


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in _BASE_LOADER.yaml_implicit_resolvers.items()
}
_STANDARD_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq")}


def rel_path(path: Path, root_dir: Path) -> str:
    """Return ``path`` relative to ``root_dir`` in POSIX form, or as given when outside it (str)."""
    try:
        return Path(path).relative_to(root_dir).as_posix()
    except ValueError:
        return Path(path).as_posix()


def read_text(path: Path, rel: str, problems: list[Problem]) -> str | None:
    """Read a contributor's text file as UTF-8, refusing what is not plain UTF-8 text.

    Args:
        path: the file.
        rel: the path shown in messages.
        problems: receives one ``Problem`` for a file over ``MAX_TEXT_BYTES``, a byte-order
            mark, or bytes that are not UTF-8.

    Returns:
        The text (str), or None when it was refused.
    """
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        problems.append(
            Problem(
                rel,
                None,
                f"the file is {size:,} bytes, over the limit of {MAX_TEXT_BYTES:,} — "
                "split it, or keep large material out of the repository",
            )
        )
        return None
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        problems.append(Problem(rel, 1, "the file starts with a UTF-8 byte-order mark — save it as UTF-8 without BOM"))
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        problems.append(Problem(rel, line, f"byte {data[e.start]:#04x} is not UTF-8 — save the file as UTF-8"))
        return None


def node_line(node: yaml.Node | None, path: list) -> int | None:
    """Return the 1-based line of the YAML node reached by ``path`` (keys and indexes).

    Stops at the deepest node that exists, so a missing key points at its parent.

    Args:
        node: the document's root node (or None: returns None).
        path: keys (str) and list indexes (int).
    """
    if node is None:
        return None
    for key in path:
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if k.value == key), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            child = node.value[key]
        else:
            child = None
        if child is None:
            break
        node = child
    return node.start_mark.line + 1


def _structure_problems(root: yaml.Node, rel: str, first_line: int) -> list[Problem]:
    """Duplicate keys and non-standard tags anywhere under ``root``."""
    out, stack = [], [root]
    while stack:
        node = stack.pop()
        if node.tag not in _STANDARD_TAGS:
            out.append(
                Problem(
                    rel,
                    node.start_mark.line + first_line,
                    f"the YAML tag {node.tag} is not allowed — write plain values (text, numbers, lists)",
                )
            )
        if isinstance(node, yaml.MappingNode):
            seen = set()
            for key, value in node.value:
                if key.value in seen:
                    out.append(
                        Problem(
                            rel,
                            key.start_mark.line + first_line,
                            f"the key '{key.value}' appears twice in one mapping (YAML keeps only the last) "
                            "— remove one of them",
                        )
                    )
                seen.add(key.value)
                stack += [key, value]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
    return out


def parse_yaml(text: str, rel: str, problems: list[Problem], first_line: int = 1, what: str = "YAML"):
    """Parse one YAML document safely: its data and node tree (for line numbers).

    Anchors and aliases (``&a``, ``*a``: the way to a "billion laughs" bomb), duplicate keys
    and tags are refused before the data is built.

    Args:
        text: the YAML text.
        rel: the path shown in messages.
        problems: receives a ``Problem`` per syntax error, anchor, alias, duplicate key or tag.
        first_line: the file line of the text's first line (front matter starts on line 2).
        what: how messages name the text, e.g. ``"front matter"``.

    Returns:
        ``(data, root_node)``; ``(None, None)`` for an empty document or when refused.
    """
    try:
        # An anchor is written with "&", an alias with "*": text with neither needs no scan.
        events = yaml.parse(text, Loader=_Loader) if "&" in text or "*" in text else ()
        for event in events:
            if getattr(event, "anchor", None) is not None:
                kind = "alias" if isinstance(event, yaml.AliasEvent) else "anchor"
                problems.append(
                    Problem(
                        rel,
                        event.start_mark.line + first_line,
                        f"YAML {kind}s (&name, *name) are not allowed — write the value out in full",
                    )
                )
                return None, None
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
            if root is None:
                return None, None
            refused = _structure_problems(root, rel, first_line)
            if refused:
                problems.extend(refused)
                return None, None
            return loader.construct_document(root), root
        finally:
            loader.dispose()
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        problems.append(
            Problem(
                rel,
                mark.line + first_line if mark else None,
                f"invalid {what}: {getattr(e, 'problem', None) or e} — fix the syntax "
                "(quote text that contains ': ' or starts with a special character)",
            )
        )
        return None, None


@functools.cache
def schema_validator(schema_name: str) -> jsonschema.Draft202012Validator:
    """The validator for ``macros/schemas/<schema_name>``, made once.

    Local references (``{"$ref": "#/$defs/x"}``) are replaced by the definitions they
    name, which validates the same and about twice as fast. The schemas have no
    recursive definitions.

    Args:
        schema_name: a file name in ``macros/schemas``, e.g. ``"source.schema.json"``.

    Returns:
        A ``jsonschema.Draft202012Validator``, the same object for every call with that name.

    Raises:
        OSError, json.JSONDecodeError: if the schema file is missing or not JSON.
    """
    schema = json.loads((SCHEMA_DIR / schema_name).read_text(encoding="utf-8"))
    defs = schema.get("$defs", {})

    def inline(node):
        if isinstance(node, list):
            return [inline(v) for v in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref", "")
        rest = {k: v for k, v in node.items() if k != "$ref"}
        if ref.startswith("#/$defs/") and not set(rest) & set(defs[ref[8:]]):
            return inline({**defs[ref[8:]], **rest})
        return {k: inline(v) for k, v in node.items()}

    return jsonschema.Draft202012Validator(inline(schema))


_KIND = {
    dict: "a mapping",
    list: "a list",
    str: "text",
    bool: "true or false",
    int: "a number",
    float: "a number",
    type(None): "nothing",
}


def _found(value) -> str:
    """Describe a YAML value in words, briefly (never its repr)."""
    if isinstance(value, str):
        return f"'{value[:40]}{'…' if len(value) > 40 else ''}'"
    return _KIND.get(type(value), "a value")


def explain(error: jsonschema.ValidationError) -> str:
    r"""Say a schema error in words: the field, what is wrong, the form expected and an example.

    Args:
        error: one error from a validator of ``macros/schemas``.

    Returns:
        e.g. ``"published: found a number — expected text: a date as YYYY-MM-DD, or unknown, e.g. \"2024-03-01\""``.
    """
    where = "/".join(str(p) for p in error.absolute_path) or "top level"
    schema, v = error.schema, error.validator
    form = schema.get("description", "")
    example = f", e.g. {json.dumps(schema['examples'][0], ensure_ascii=False)}" if schema.get("examples") else ""
    if v == "required":
        missing = error.message.split("'")[1]
        return f"{where}: the field '{missing}' is missing — add it"
    if v == "additionalProperties":
        extra = sorted(set(error.instance) - set(schema.get("properties", {})))
        allowed = ", ".join(schema.get("properties", {}))
        return f"{where}: unknown field {', '.join(map(repr, extra))} — the allowed fields are: {allowed}"
    if v == "enum":
        return f"{where}: found {_found(error.instance)} — use one of: {', '.join(map(str, schema['enum']))}"
    if v == "type":
        expected = {
            "string": "text",
            "array": "a list",
            "object": "a mapping",
            "boolean": "true or false",
            "integer": "a whole number",
            "number": "a number",
        }.get(str(schema["type"]), str(schema["type"]))
        return (
            f"{where}: found {_found(error.instance)} — expected {expected}" + (f": {form}" if form else "") + example
        )
    if v in ("pattern", "minLength", "format"):
        return (
            f"{where}: {_found(error.instance)} is not in the expected form — " + (form or "see the schema") + example
        )
    if v in ("minItems", "maxItems", "maxLength"):
        return (
            f"{where}: {error.message.split(' is ')[-1] if ' is ' in error.message else v} — {form or 'see the schema'}"
        )
    return f"{where}: {v} check failed — {form or 'see the schema'}{example}"


def validate(data, root: yaml.Node | None, schema_name: str, rel: str, first_line: int = 1) -> list[Problem]:
    """Check YAML data against ``macros/schemas/<schema_name>``; one ``Problem`` per cause, in words.

    A misspelt field (an unknown field close to a missing required one) is one problem,
    "unknown field 'x' — did you mean 'y'?", not two.

    Args:
        data: the parsed data.
        root: its node tree (for line numbers), or None.
        schema_name: a file name in ``macros/schemas``.
        rel: the path shown in messages.
        first_line: the file line of the YAML text's first line.

    Returns:
        A list of ``Problem`` (empty when the data is valid).
    """
    errors = list(schema_validator(schema_name).iter_errors(data))
    typos = {}  # (path, missing field) -> misspelt field
    for e in errors:
        if e.validator == "additionalProperties":
            required = [r for r in e.schema.get("required", []) if r not in e.instance]
            for extra in set(e.instance) - set(e.schema.get("properties", {})):
                hint = difflib.get_close_matches(str(extra), required, 1)
                if hint:
                    typos[(tuple(e.absolute_path), hint[0])] = extra
    out = []
    for e in errors:
        path = tuple(e.absolute_path)
        if e.validator == "required" and (path, e.message.split("'")[1]) in typos:
            continue
        message = explain(e)
        if e.validator == "additionalProperties":
            misspelt = {v: k[1] for k, v in typos.items() if k[0] == path}
            if misspelt:
                message = "; ".join(
                    f"{'/'.join(map(str, path)) or 'top level'}: unknown field '{x}' — did you mean '{y}'?"
                    for x, y in misspelt.items()
                )
        line = node_line(root, list(path))
        out.append(
            Problem(
                rel,
                None if line is None else line + first_line - 1,
                f"{message} (the fields are described in macros/schemas/{schema_name})",
            )
        )
    return out


def load_yaml_file(path: Path, rel: str, schema_name: str, problems: list[Problem]):
    """Read, parse and validate a YAML data file.

    Args:
        path: the file.
        rel: the path shown in messages.
        schema_name: its JSON Schema in ``macros/schemas``.
        problems: receives every problem found.

    Returns:
        ``(data, root_node)``, or ``(None, None)`` when the file is unreadable or invalid.
    """
    text = read_text(path, rel, problems)
    if text is None:
        return None, None
    data, root = parse_yaml(text, rel, problems)
    if root is None:
        if not any(p.path == rel for p in problems):
            problems.append(Problem(rel, None, "the file is empty — remove it, or add its data"))
        return None, None
    errors = validate(data, root, schema_name, rel)
    problems.extend(errors)
    return (None, None) if errors else (data, root)
