"""How problems and results are shown: plain lines for people, annotations for GitHub."""

from __future__ import annotations

from .model import Article, BuildResult, Problem

_GITHUB_LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def _github_escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def format_problem(problem: Problem, fmt: str = "text") -> str:
    """`path:line: level: message`, or a GitHub workflow command for the same."""
    if fmt == "github":
        where = f"file={_github_escape(problem.path, True)}"
        if problem.line:
            where += f",line={problem.line}"
        return f"::{_GITHUB_LEVELS[problem.level]} {where}::{_github_escape(problem.message)}"
    return str(problem)


def summary_line(result: BuildResult, what: str, strict: bool = False) -> str:
    """One closing line with the counts."""
    counts = f"{len(result.articles)} articles, {result.count('error')} errors, {result.count('warning')} warnings"
    failed = result.count("error") or (strict and result.count("warning"))
    return f"briefing: {'FAILED' if failed else 'ok'}: {counts}; {what}"


def _short(text: str | None, width: int) -> str:
    text = text or "-"
    return text if len(text) <= width else text[: width - 1] + "…"


def extracted_table(articles: tuple[Article, ...], verbose: bool = False) -> str:
    """What was extracted from each seed, for a contributor to eyeball."""
    lines = []
    for a in articles:
        lines.append(f"{a.id} ({a.format}, {a.seed})")
        lines.append(f"  title:     {a.title}  [{a.origin('title')}]")
        date = f"{a.date} [{a.origin('date')}]" if a.date else "- (none found; never guessed)"
        lines.append(f"  date:      {date}")
        lines.append(f"  publisher: {a.source or '-'}" + (f"  [{a.origin('source')}]" if a.source else ""))
        lines.append(f"  link:      {a.source_url or '-'}")
        if a.credits:
            lines.append("  credits:   " + "; ".join(f"{c.title} ({c.name})" if c.title else c.name for c in a.credits))
        lines.append(f"  topics:    {', '.join(a.topics) or '-'}")
        lines.append(f"  story:     {a.story or '-'}")
        lines.append(f"  summary:   {_short(a.summary, 100)}")
        if verbose:
            for removed in a.removed:
                lines.append(f"  removed:   {_short(removed.text, 70)}  ({removed.reason})")
    return "\n".join(lines)


def _cell(text: str | None) -> str:
    return (text or "-").replace("|", "\\|").replace("\n", " ")


def markdown_report(result: BuildResult, strict: bool = False) -> str:
    """The check's verdict as Markdown, for a pull request's job summary."""
    lines = ["## Seed check", "", f"**{summary_line(result, 'seeds checked', strict)}**", ""]
    if result.problems:
        lines += ["| seed | line | level | problem |", "| --- | --- | --- | --- |"]
        lines += [f"| {_cell(p.path)} | {p.line or ''} | {p.level} | {_cell(p.message)} |" for p in result.problems]
        lines.append("")
    if result.articles:
        lines += ["| id | title | date | publisher | topics | summary |", "| --- | --- | --- | --- | --- | --- |"]
        for a in result.articles:
            date = f"{a.date} ({a.origin('date')})" if a.date else "undated"
            lines.append(
                f"| {_cell(a.id)} | {_cell(a.title)} | {_cell(date)} | {_cell(a.source)} | {_cell(', '.join(a.topics))} | {_cell(_short(a.summary, 80))} |"
            )
        lines.append("")
    return "\n".join(lines) + "\n"


_NOT_FOUND = "-  (not found; never guessed)"


def _field(name: str, value: str | None, origin: str | None) -> str:
    if value in (None, "", ()):
        shown = _NOT_FOUND if origin is None else "-  (cleared by an override)" if origin == "override" else f"-  (none found by {origin})"
    else:
        shown = f"{value}  [{origin or 'derived'}]"
    return f"  {name + ':':<16}{shown}"


def explain(article: Article) -> str:
    """Every field of an article with where it came from, and every line that was removed."""
    origin = article.origin
    date = f"{article.date} ({article.date_precision})" if article.date else None
    credits = "; ".join(f"{c.title} ({c.name})" if c.title else c.name for c in article.credits)
    topics = ", ".join(f"{tid} {score:g}" for tid, score in article.topic_scores) or ", ".join(article.topics)
    lines = [
        f"{article.id} ({article.format} reader, {article.seed})",
        _field("title", article.title, origin("title")),
        _field("date", date, origin("date")),
        _field("updated", article.updated, origin("updated")),
        _field("publisher", article.source, origin("source")),
        _field("source_url", article.source_url, origin("source_url")),
        _field("publisher home", article.source_homepage and f"{article.source_homepage} (the publisher's front page, not the article)", origin("source_homepage")),
        _field("author", article.author, origin("author")),
        _field("language", article.language, origin("language")),
        _field("description", _short(article.description, 160) if article.description else None, origin("description")),
        _field("credits", credits, origin("credits")),
        _field("topics", topics, origin("topics")),
        _field("story", article.story, origin("story")),
        _field("summary", _short(article.summary, 160) if article.summary else None, origin("summary")),
        _field("key points", f"{len(article.key_points)}" if article.key_points else None, origin("key_points")),
        _field("body", f"{len(article.blocks)} blocks, {len(article.body.split())} words", origin("body")),
    ]
    lines += [f"  {'removed:':<16}{_short(r.text, 100)}  ({r.reason})" for r in article.removed]
    lines += [f"  {'warning:':<16}{w}" for w in article.warnings]
    return "\n".join(lines)
