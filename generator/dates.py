"""Dates as seeds state them: ISO text with a precision, never a guess.

A date is kept as the publisher wrote it (the calendar day of its own time zone),
and only as precise as the source: `2026-04` stays a month. Every parser here
returns None for anything that is not a real date rather than filling a gap.
"""

from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate_to_datetime
from typing import Literal

Precision = Literal["day", "month", "year"]
EARLIEST_YEAR = 1900
LATEST_YEAR = 2100

_URL_DAY = re.compile(r"/((?:19|20)\d{2})/(0?[1-9]|1[0-2]|[a-z]{3})/(0?[1-9]|[12]\d|3[01])(?:/|$)", re.IGNORECASE)
_PARTIAL = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?\Z")
_ISO_DAY = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{1,2}:\d{2}|\s*\Z)")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december")
_ABBREVIATIONS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
_MONTH_RE = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_WEEKDAY_RE = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)?"
# Full dates as datelines write them: "April 3, 2026", "3 April 2026", "2026-04-03", "2026年4月3日".
TEXT_DATE = re.compile(
    rf"{_WEEKDAY_RE}(?:(?P<mdy_month>{_MONTH_RE})\s+(?P<mdy_day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<mdy_year>\d{{4}})"
    rf"|(?P<dmy_day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<dmy_month>{_MONTH_RE}),?\s+(?P<dmy_year>\d{{4}})"
    r"|(?P<iso_year>\d{4})-(?P<iso_month>\d{2})-(?P<iso_day>\d{2})"
    r"|(?P<ja_year>\d{4})\s*年\s*(?P<ja_month>\d{1,2})\s*月\s*(?P<ja_day>\d{1,2})\s*日)",
    re.IGNORECASE,
)


def _valid(year: int, month: int, day: int) -> dt.date | None:
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_partial(value: object) -> tuple[str, Precision] | None:
    """A date written by a person (front matter, an override): `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.

    YAML hands over dates and datetimes already parsed and bare years as integers.
    """
    if isinstance(value, dt.datetime):
        return value.date().isoformat(), "day"
    if isinstance(value, dt.date):
        return value.isoformat(), "day"
    if isinstance(value, int) and not isinstance(value, bool):
        return (str(value), "year") if EARLIEST_YEAR <= value <= LATEST_YEAR else None
    match = _PARTIAL.match(value.strip()) if isinstance(value, str) else None
    if not match:
        return None
    year, month, day = match.groups()
    if _valid(int(year), int(month or 1), int(day or 1)) is None:
        return None
    return match.group(0), "day" if day else "month" if month else "year"


def day_from_timestamp(value: object) -> str | None:
    """The calendar day of a machine timestamp as written: ISO 8601 / RFC 3339 or RFC 822.

    The day is the one in the timestamp's own offset (the publisher's day), not
    converted to UTC: "2026-04-04T07:00:00+09:00" was published on April 4th.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    match = _ISO_DAY.match(value)
    if match:
        day = _valid(*(int(g) for g in match.groups()))
        return day.isoformat() if day else None
    try:
        parsed = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    day = _valid(parsed.year, parsed.month, parsed.day)
    return day.isoformat() if day else None


def day_from_url(url: str | None) -> str | None:
    """A full year/month/day path in an article's own URL (`/2019/11/18/`): the publisher's
    local date, which a UTC timestamp in the page's metadata can put a day later."""
    match = _URL_DAY.search(url or "")
    if not match:
        return None
    year, month, day = match.groups()
    number = int(month) if month.isdigit() else _month_number(month) if month.lower() in _ABBREVIATIONS else None
    found = _valid(int(year), number, int(day)) if number else None
    return found.isoformat() if found else None


def _month_number(name: str) -> int:
    key = name.lower().rstrip(".")[:3]
    return next(i for i, month in enumerate(_MONTHS, start=1) if month.startswith(key))


def day_from_text(match: re.Match[str]) -> str | None:
    """The ISO day of a `TEXT_DATE` match, or None when it names no real day."""
    parts = match.groupdict()
    if parts["mdy_year"]:
        year, month, day = int(parts["mdy_year"]), _month_number(parts["mdy_month"]), int(parts["mdy_day"])
    elif parts["dmy_year"]:
        year, month, day = int(parts["dmy_year"]), _month_number(parts["dmy_month"]), int(parts["dmy_day"])
    elif parts["iso_year"]:
        year, month, day = int(parts["iso_year"]), int(parts["iso_month"]), int(parts["iso_day"])
    else:
        year, month, day = int(parts["ja_year"]), int(parts["ja_month"]), int(parts["ja_day"])
    found = _valid(year, month, day)
    return found.isoformat() if found else None
