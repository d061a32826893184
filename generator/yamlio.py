"""YAML in and out, safely: untrusted front matter and curated files are read the same way.

`yaml.safe_load` alone accepts alias bombs, keeps the last of duplicate keys and
raises bare `ValueError` on impossible dates; this loader turns each of those into
a `YamlError` that names the line, and remembers the line of every mapping so
that validators can point at the entry that is wrong.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

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


class _Strict:
    """What makes a loader strict: no aliases, no duplicate keys, each mapping's line
    recorded. Mixed in before PyYAML's `Composer`, which composes the nodes in Python
    even over libyaml, so that an alias is seen as the event it is, at its own line."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise YamlError("YAML aliases (*name) are not allowed", event.start_mark.line + 1)
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
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


class _PythonLoader(_Strict, yaml.SafeLoader):
    """Read in PyYAML's own Python."""


_PythonLoader.add_constructor("tag:yaml.org,2002:map", _PythonLoader.construct_mapping)
_StrictLoader: type = _PythonLoader

if getattr(yaml, "__with_libyaml__", False):

    class _LibyamlLoader(_Strict, Composer, yaml.cyaml.CParser, SafeConstructor, Resolver):  # type: ignore[misc]
        """Read by libyaml, where PyYAML has it: the curated files in 4 ms rather than 22."""

        def __init__(self, stream: str):
            yaml.cyaml.CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

    _LibyamlLoader.add_constructor("tag:yaml.org,2002:map", _LibyamlLoader.construct_mapping)
    _StrictLoader = _LibyamlLoader


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
