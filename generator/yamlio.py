"""YAML in and out, safely: untrusted front matter and curated files are read the same way.

`yaml.safe_load` alone accepts alias bombs, keeps the last of duplicate keys and
raises bare `ValueError` on impossible dates; this loader turns each of those into
a `YamlError` that names the line, and remembers the line of every mapping so
that validators can point at the entry that is wrong.
"""

from __future__ import annotations

from typing import Any

import yaml

Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class YamlError(Exception):
    """A YAML document that cannot be used, with the 1-based line of the problem."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


class LineDict(dict):
    """A mapping that knows the line it started on."""

    line: int = 0


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader without aliases or duplicate keys, recording mapping lines."""

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise YamlError("YAML aliases (*name) are not allowed", event.start_mark.line + 1)
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):  # type: ignore[override]
        mapping = LineDict()
        mapping.line = node.start_mark.line + 1
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                raise YamlError("mapping keys must be plain values", key_node.start_mark.line + 1)
            if key in mapping:
                raise YamlError(f"duplicate key {key!r}", key_node.start_mark.line + 1)
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


_StrictLoader.add_constructor("tag:yaml.org,2002:map", _StrictLoader.construct_mapping)


def load_yaml(text: str) -> Any:
    """Parse one YAML document strictly; raise `YamlError` with a line on any problem."""
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except YamlError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlError(problem, mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise YamlError(str(exc).splitlines()[0]) from None
    except (ValueError, TypeError, RecursionError) as exc:
        # e.g. `date: 2026-02-30` raises ValueError from the timestamp constructor.
        raise YamlError(f"invalid value: {exc}") from None


def dump_yaml(data: dict[str, Any]) -> str:
    """Dump a mapping in the given key order, Unicode kept, long lines unwrapped."""
    return yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=1_000_000)
