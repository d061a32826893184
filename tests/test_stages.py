"""One test group per pipeline stage, on real seed text where the stage needs text."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from generator import yamlio
from generator.build import newest_first
from generator.classify import classify
from generator.clean import clean
from generator.curated import load_boilerplate, load_curated, load_topics
from generator.extract import extract_dateline, parse_credit
from generator.model import Article, Block
from generator.readers import read
from generator.seeds import read_seed
from generator.yamlio import YamlError, load_yaml

from .conftest import ROOT, SEEDS

CURATED, _ = load_curated(ROOT / "content")


def article(*blocks: tuple[str, str], title: str = "A headline", **fields) -> Article:
    return Article(id="x", seed="x.txt", format="text", title=title, blocks=tuple(Block(k, t, 2 if k == "heading" else 0) for k, t in blocks), **fields)


def test_sniffing_picks_the_reader_by_content_not_extension():
    formats = {p.stem[:3]: read(read_seed(p))[0].format for p in sorted(SEEDS.glob("*.txt"))}
    assert formats == {"000": "text", "001": "wordpress", "002": "text", "003": "text", "004": "text"}


def test_plain_text_structure_headings_items_paragraphs():
    parsed = read(read_seed(SEEDS / "003_5157529813325dba.txt"))[0]
    kinds = {b.text[:30]: b.kind for b in parsed.blocks}
    assert kinds["What Does It Mean to Be an “AI"] == "heading"
    assert kinds["Loss of Cultural & Linguistic "] == "item"
    assert kinds["If a country falls into this t"] == "paragraph"
    assert kinds["1. “Physical AI” and Robotics"] == "heading"


def test_boilerplate_goes_with_its_reason_and_empty_sections_follow():
    cleaned = clean(
        article(("paragraph", "Real news."), ("heading", "Join the Conversation"), ("paragraph", "Showing 0 Comment"), ("heading", "Further Reading")),
        CURATED.boilerplate,
    )
    assert [b.text for b in cleaned.blocks] == ["Real news."]
    assert [r.reason for r in cleaned.removed] == ["comment widget", "comment widget", "related-links heading"]


@pytest.mark.parametrize(
    "prose",
    [
        "Share prices rose 3% after the announcement.",
        "The image of Japan as a hardware nation is changing fast.",
        "Subscribers to the service grew by a third.",
        "News of the deal spread quickly through Tokyo.",
    ],
)
def test_boilerplate_patterns_leave_prose_alone(prose):
    assert clean(article(("paragraph", prose)), CURATED.boilerplate).blocks


def test_credit_with_and_without_a_publisher():
    assert parse_credit("Dark Reading") .name == "Dark Reading"
    credit = parse_credit("OpenAI announces strategic collaboration (OpenAI Blog)")
    assert (credit.name, credit.title) == ("OpenAI Blog", "OpenAI announces strategic collaboration")


def test_a_dateline_gives_a_date_but_a_year_in_prose_does_not():
    dated = extract_dateline(article(("paragraph", "Published: April 3, 2026"), ("paragraph", "Text.")))
    assert (dated.date, dated.origin("date")) == ("2026-04-03", "text:dateline")
    assert [b.text for b in dated.blocks] == ["Text."]
    prose = extract_dateline(article(("paragraph", "By 2025, Japan intends to double its cyber workforce, published plans show.")))
    assert prose.date is None


def test_classify_needs_real_evidence():
    passing = classify(article(("paragraph", "The weather in Osaka was mild and the trains ran on time for the festival.")), CURATED.topics)
    assert passing.topics == ()
    strong = classify(
        article(("paragraph", "The Digital Agency will roll out government AI across ministries and public services."), title="Digital Agency expands government AI"),
        CURATED.topics,
    )
    assert strong.topics[0] == "government-ai"


def test_newest_first_then_undated_by_id():
    items = [
        replace(article(), id="b", date=None),
        replace(article(), id="c", date="2026-04-03"),
        replace(article(), id="a", date=None),
        replace(article(), id="d", date="2026-05"),
        replace(article(), id="e", date="2026-04-03"),
    ]
    assert [a.id for a in newest_first(items)] == ["d", "c", "e", "a", "b"]


@pytest.mark.parametrize(
    "text, message, line",
    [
        ("a: &x [1]\nb: *x\n", "YAML aliases (*name) are not allowed", 2),
        ("title: one\ntitle: two\n", "duplicate key 'title'", 2),
        ("date: 2026-02-30\n", "invalid value", None),
        ("title: [unclosed\n", "expected", 2),
        ("x: !!python/object:os.system {}\n", "could not determine a constructor", 1),
    ],
)
@pytest.mark.parametrize("reader", ["libyaml", "python"])
def test_yaml_is_strict_and_names_the_line(text, message, line, reader, monkeypatch):
    if reader == "python":  # as where PyYAML has no libyaml
        monkeypatch.setattr(yamlio, "_StrictLoader", yamlio._PythonLoader)
    elif not hasattr(yamlio, "_LibyamlLoader"):
        pytest.skip("PyYAML was built without libyaml here")
    with pytest.raises(YamlError) as caught:
        load_yaml(text)
    assert message in caught.value.message
    assert caught.value.line == line


def _yaml_texts(tmp_path: Path) -> dict[str, str]:
    """Every kind of YAML the generator reads: the curated files, and the front matter of
    hostile seeds and of synthetic Markdown seeds."""
    from benchmarks.synth import write_seeds

    write_seeds(200, tmp_path)
    texts = {path.name: path.read_text(encoding="utf-8") for path in sorted((ROOT / "content").glob("*.yml"))}
    for path in [*sorted((ROOT / "tests" / "hostile").glob("*.md")), *sorted(tmp_path.glob("*.txt"))]:
        text = path.read_text(encoding="utf-8", errors="replace")
        if text.startswith("---\n") and "\n---" in text[4:]:
            texts[path.name] = text[4:text.index("\n---", 4) + 1]
    return texts


def test_libyaml_reads_every_yaml_as_python_does(tmp_path: Path):
    """Where PyYAML has libyaml, the loader parses with it: the same values, mapping lines
    and problems (with their lines) as PyYAML's own Python parser."""
    if not hasattr(yamlio, "_LibyamlLoader"):
        pytest.skip("PyYAML was built without libyaml here")

    def read(text: str, loader: type) -> object:
        try:
            return _with_lines(yaml.load(text, Loader=loader))  # noqa: S506 - our strict SafeLoaders
        except YamlError as exc:
            return ("problem", exc.message, exc.line)
        except yaml.MarkedYAMLError as exc:  # worded by each parser its own way
            return ("syntax", (exc.problem_mark or exc.context_mark).line)

    texts = _yaml_texts(tmp_path)
    assert len(texts) > 30 and any("alias" in name for name in texts)
    for name, text in texts.items():
        assert read(text, yamlio._LibyamlLoader) == read(text, yamlio._PythonLoader), name


def _with_lines(value: object) -> object:
    if isinstance(value, dict):
        return (getattr(value, "line", None), {key: _with_lines(item) for key, item in value.items()})
    if isinstance(value, list):
        return [_with_lines(item) for item in value]
    return value


def test_curated_files_report_every_problem_with_lines(tmp_path: Path):
    topics = tmp_path / "topics.yml"
    topics.write_text(
        "topics:\n  - id: Bad Id\n    title: T\n    description: D\n  - id: ok\n    titel: T\n    description: D\n    terms: [x]\n",
        encoding="utf-8",
    )
    _, problems = load_topics(topics)
    assert [str(p) for p in problems] == [
        f"{topics}:2: error: topic id 'Bad Id' must be lower-case words joined by hyphens",
        f"{topics}:5: error: unknown key 'titel'; did you mean 'title'?",
        f"{topics}:5: error: missing or empty 'title'",
    ]
    patterns = tmp_path / "boilerplate.yml"
    patterns.write_text("patterns:\n  - pattern: '(unclosed'\n    reason: broken\n", encoding="utf-8")
    _, problems = load_boilerplate(patterns)
    assert problems[0].line == 2 and "does not compile" in problems[0].message


@pytest.mark.parametrize("name", ["ｅｖｉｌ.txt", "CON.txt", "nul.md", "index.txt", "a b.txt", "a/b", ".hidden", "x.."])
def test_seed_names_that_could_escape_or_collide_are_refused(name):
    from generator.seeds import SeedError, seed_id

    with pytest.raises(SeedError):
        seed_id(Path("seeds") / name if "/" not in name else Path(name.replace("/", "\\")))


@pytest.mark.parametrize("path, ident", [("content/seeds/005_ab12cd34ef56ab78.txt", "005_ab12cd34ef56ab78"), ("seeds/../evil.txt", "evil"), ("/etc/passwd", "passwd")])
def test_an_id_is_only_ever_a_bare_file_name(path, ident):
    from generator.seeds import seed_id

    assert seed_id(Path(path)) == ident
