"""The YAML of the repository's own manifests (k8s/), read without a third-party parser.

The orchestrator is standard-library Python (DESIGN.md section 6), and the stack target has no
kubectl to turn YAML into JSON. The manifests use a small subset of YAML: block mappings, block
sequences of scalars, plain, single- and double-quoted scalars, comments and ``---`` between
documents. This reader accepts exactly that and refuses everything else (flow collections,
anchors, tags, multi-line scalars, sequences of mappings) with the file's line, so a manifest
that outgrows it fails loudly instead of being misread. scripts/tests/test_manifest_yaml.py checks
that it reads every file under k8s/ as PyYAML does (when PyYAML is installed).
"""

from __future__ import annotations

import re
from pathlib import Path

PLAIN_INT = re.compile(r"^[-+]?[0-9]+$")
BOOLEANS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
NULLS = ("", "~", "null", "Null", "NULL")
UNSUPPORTED_START = ("{", "[", "&", "*", "!", "|", ">", "%", "@", "`")


class ManifestSyntaxError(ValueError):
    """A manifest uses YAML this reader does not accept; the message names the line."""


def strip_comment(text: str) -> str:
    """``text`` without a trailing ``# comment`` (a ``#`` after a space, outside quotes)."""
    quote = None
    for index, char in enumerate(text):
        if quote:
            if char == quote:
                quote = None
        elif char in "'\"" and (index == 0 or text[index - 1] in " :-"):
            quote = char
        elif char == "#" and (index == 0 or text[index - 1] in " \t"):
            return text[:index].rstrip()
    return text.rstrip()


def scalar(text: str, where: str) -> object:
    """A plain or quoted scalar, typed as YAML 1.1's core schema types our manifests use."""
    text = text.strip()
    if text.startswith('"'):
        if len(text) < 2 or not text.endswith('"') or '\\' in text:
            raise ManifestSyntaxError(f"{where}: only simple double-quoted strings are supported")
        return text[1:-1]
    if text.startswith("'"):
        if len(text) < 2 or not text.endswith("'"):
            raise ManifestSyntaxError(f"{where}: unterminated single-quoted string")
        return text[1:-1].replace("''", "'")
    if text.startswith(UNSUPPORTED_START):
        raise ManifestSyntaxError(f"{where}: '{text}' uses YAML this reader does not support")
    if text in NULLS:
        return None
    if text in BOOLEANS:
        return BOOLEANS[text]
    if PLAIN_INT.match(text):
        return int(text)
    return text


def significant_lines(text: str, source: str) -> list[tuple[int, str, str]]:
    """(indent, content, location) of each line that is not blank or a comment."""
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if "\t" in raw[: len(raw) - len(raw.lstrip())]:
            raise ManifestSyntaxError(f"{source}:{number}: tab in indentation")
        content = strip_comment(raw.strip())
        if content:
            lines.append((len(raw) - len(raw.lstrip(" ")), content, f"{source}:{number}"))
    return lines


def parse_block(lines: list, start: int, indent: int) -> tuple[object, int]:
    """The mapping or sequence whose lines start at ``start`` with exactly ``indent`` spaces;
    returns it and the index of the first line after it."""
    first_indent, first, where = lines[start]
    if first_indent != indent:
        raise ManifestSyntaxError(f"{where}: unexpected indentation")
    if first == "-" or first.startswith("- "):
        return parse_sequence(lines, start, indent)
    return parse_mapping(lines, start, indent)


def parse_sequence(lines: list, start: int, indent: int) -> tuple[list, int]:
    items: list = []
    index = start
    while index < len(lines) and lines[index][0] == indent and lines[index][1].startswith("-"):
        _, content, where = lines[index]
        item = content[1:].strip()
        if not item or (":" in item and not item.startswith(("'", '"')) and re.search(r":( |$)", item)):
            raise ManifestSyntaxError(f"{where}: sequences of mappings are not supported")
        items.append(scalar(item, where))
        index += 1
    return items, index


def parse_mapping(lines: list, start: int, indent: int) -> tuple[dict, int]:
    mapping: dict = {}
    index = start
    while index < len(lines) and lines[index][0] == indent:
        _, content, where = lines[index]
        match = re.match(r"^([^'\"\s][^:]*?|\"[^\"]*\"|'[^']*'):(?: (.*)|$)", content)
        if not match or content.startswith("-"):
            raise ManifestSyntaxError(f"{where}: expected 'key: value', got '{content}'")
        key = scalar(match.group(1), where)
        if key in mapping:
            raise ManifestSyntaxError(f"{where}: duplicate key '{key}'")
        value = (match.group(2) or "").strip()
        index += 1
        if value:
            mapping[key] = scalar(value, where)
            continue
        nested = index < len(lines) and (
            lines[index][0] > indent or (lines[index][0] == indent and lines[index][1].startswith("-"))
        )
        if not nested:
            mapping[key] = None
            continue
        mapping[key], index = parse_block(lines, index, lines[index][0])
    return mapping, index


def load_all(text: str, source: str = "<manifest>") -> list:
    """The documents of ``text``, separated by ``---`` lines.

    :raises ManifestSyntaxError: YAML outside the supported subset, naming ``source`` and the line
    """
    documents = []
    for chunk in re.split(r"(?m)^---[ \t]*$", text):
        lines = significant_lines(chunk, source)
        if not lines:
            continue
        value, end = parse_block(lines, 0, lines[0][0])
        if end != len(lines):
            raise ManifestSyntaxError(f"{lines[end][2]}: unexpected indentation")
        documents.append(value)
    return documents


def load_file(path: Path) -> list:
    """The documents of the manifest file at ``path``."""
    return load_all(path.read_text(encoding="utf-8"), str(path))
