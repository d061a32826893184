"""Property tests: whatever bytes a seed holds, reading it ends in articles or in reported
problems, never in an exception; and nothing read from it becomes markup on a page."""

from __future__ import annotations

from pathlib import Path

import markdown

from hypothesis import HealthCheck, given, settings, strategies as st

from generator.build import read_articles
from generator.config import Settings
from generator.curated import load_curated
from generator.render import make_environment, render_article

from .conftest import ROOT, SEEDS
from .test_hostile import LiveMarkup

CURATED, _ = load_curated(ROOT / "content")
ENV = make_environment(ROOT / "templates")
REAL = [p.read_bytes() for p in sorted(SEEDS.glob("*.txt"))] + [p.read_bytes() for p in sorted((ROOT / "tests" / "data" / "seeds").iterdir())]
MARKUP = ["<script>window.__pwned=1</script>", "<img src=x onerror=alert(1)>", "<iframe src=x>", "[x](javascript:alert(1))", "<!--", "--8<--", "{: onclick=alert(1) }"]
# The Markdown extensions mkdocs.yml enables, so pages render as the site renders them.
_MARKDOWN = markdown.Markdown(extensions=["toc", "tables", "md_in_html"])
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@st.composite
def mutated_seed(draw) -> bytes:
    """A real seed, cut short, with random or hostile bytes spliced in (hostile ones most often,
    on a line of their own or inside a line)."""
    data = draw(st.sampled_from(REAL))
    cut = draw(st.integers(len(data) // 2, len(data)))
    hostile = st.sampled_from(MARKUP).flatmap(lambda m: st.sampled_from([m, f"\n{m}\n", f"\n{m} and the text goes on.\n"]))
    insert = draw(st.one_of(hostile.map(str.encode), hostile.map(str.encode), st.binary(max_size=40), st.text(max_size=40).map(str.encode)))
    where = draw(st.integers(0, cut))
    return data[:where] + insert + data[where:cut]


def _read(tmp_path: Path, data: bytes, name: str = "fuzz_seed.txt"):
    folder = tmp_path / "seeds"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return read_articles([path], CURATED, Settings(root=ROOT, seeds_dir=folder))


@FUZZ
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes_are_read_or_reported(tmp_path_factory, data):
    articles, problems = _read(tmp_path_factory.mktemp("bytes"), data)
    assert articles or any(p.level == "error" for p in problems)


@FUZZ
@given(data=mutated_seed())
def test_mutated_real_seeds_are_read_or_reported_and_never_markup(tmp_path_factory, data):
    articles, problems = _read(tmp_path_factory.mktemp("mutated"), data)
    assert articles or any(p.level == "error" for p in problems)
    for article in articles:
        page = render_article(article, ENV, CURATED)
        html = _MARKDOWN.reset().convert(page.split("\n---\n", 1)[1])
        parser = LiveMarkup(theme=False)
        parser.feed(html)
        assert parser.found == [], parser.found
