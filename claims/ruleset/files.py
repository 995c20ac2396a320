"""Rule files read as YAML, with the line of every mapping and of every key kept for error messages."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

LINE = "__line__"  # the line a mapping starts on
KEY_LINES = "__lines__"  # the line each key of a mapping is written on


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that records where every mapping and every key is written."""


class _FastLineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same on libyaml's parser, about five times faster (start-up); errors are reported by ``_LineLoader``."""


def _construct_mapping(loader: Any, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping[KEY_LINES] = {key.value: key.start_mark.line + 1 for key, _ in node.value if hasattr(key, "value")}
    mapping[LINE] = node.start_mark.line + 1
    return mapping


class Lines(list[Any]):
    """A list as read from YAML, with the line of each item (``item_lines``)."""

    item_lines: list[int]


def _construct_sequence(loader: Any, node: yaml.SequenceNode) -> Lines:
    items = Lines(loader.construct_sequence(node, deep=True))
    items.item_lines = [item.start_mark.line + 1 for item in node.value]
    return items


for _loader in (_LineLoader, _FastLineLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def parse_yaml(text: str) -> Any:
    """The YAML document, each mapping with its ``LINE`` and ``KEY_LINES``.

    A broken document is parsed again by the pure-Python loader, whose messages the rule errors quote.

    Raises:
        yaml.YAMLError: the text is not valid YAML.
    """
    try:
        return yaml.load(text, Loader=_FastLineLoader)
    except yaml.YAMLError:
        return yaml.load(text, Loader=_LineLoader)


def strip_lines(value: Any) -> Any:
    """The loaded structure without the recorded lines."""
    if isinstance(value, dict):
        return {k: strip_lines(v) for k, v in value.items() if k not in (LINE, KEY_LINES)}
    if isinstance(value, list):
        return [strip_lines(v) for v in value]
    return value


def item_line(items: Any, index: int | None) -> int | None:
    """Where the ``index``-th item of a list read by ``parse_yaml`` is written (None: unknown)."""
    lines = getattr(items, "item_lines", None)
    return lines[index] if lines is not None and index is not None and 0 <= index < len(lines) else None


def line_of(mapping: Any, key: str | None = None) -> int | None:
    """Where a mapping (or one of its keys) is written, when it was loaded by ``parse_yaml``."""
    if not isinstance(mapping, dict):
        return None
    if key is not None:
        line = mapping.get(KEY_LINES, {}).get(key)
        if line is not None:
            return int(line)
    found = mapping.get(LINE)
    return int(found) if found is not None else None


def keys_of(mapping: dict[Any, Any]) -> list[Any]:
    """The keys a rule file wrote in a mapping (not the recorded lines)."""
    return [k for k in mapping if k not in (LINE, KEY_LINES)]


def shown_path(path: Path) -> str:
    """A path as messages show it: relative to the working folder when that is shorter to read."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return str(path)
