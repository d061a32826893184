"""What a reader found, field by field, with where each value came from.

Every reader's `extract_*` helpers answer a (value, origin) pair; `article_from`
turns those pairs into an `Article` whose fields and provenance cannot disagree:
a field is set, and its origin recorded, only when a value was found.
"""

from __future__ import annotations

from typing import Any

from ..model import Article, Block, Seed

Found = tuple[Any, str | None]
"""(value, origin), or (None, None) when the seed does not state the field."""


def article_from(seed: Seed, format: str, title: Found, body: tuple[tuple[Block, ...], str], fields: dict[str, Found], ident: str | None = None, warnings: tuple[str, ...] = ()) -> Article:
    """An article from a seed: its title and body with their origins, and the optional fields found.

    Dates found by a reader are always whole days; a date of another precision
    only comes from front matter or an override.
    """
    values = {name: value for name, (value, _) in fields.items() if value not in (None, "", ())}
    origins = {name: fields[name][1] for name in values}
    if "date" in values:
        values["date_precision"] = "day"
    blocks, body_origin = body
    return Article(
        id=ident or seed.id,
        seed=str(seed.path),
        format=format,
        title=title[0],
        blocks=tuple(blocks),
        warnings=seed.warnings + warnings,
        provenance=tuple(sorted({"title": title[1], "body": body_origin, **origins}.items())),
        **values,
    )
