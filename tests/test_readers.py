"""Every seed format on real inputs: saved pages from the extraction benchmark, feeds, WordPress
posts, Markdown and pasted text in tests/data/seeds/, and the hostile files in tests/data/hostile/."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import readers
from generator.model import Block, Seed
from generator.overrides import OverrideError
from generator.seeds import SeedError, decode, read_seed

from .conftest import ROOT, SEEDS, require_shared

DATA = ROOT / "tests" / "data"


def read(path: Path) -> list:
    return readers.read(read_seed(path))


def read_text(tmp_path: Path, name: str, text: str | bytes) -> list:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return read(path)


def page(key_prefix: str) -> tuple[Seed, dict]:
    """A saved page of the extraction benchmark and its ground truth."""
    folder = require_shared("benchmarks", "article-extraction")
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    key = next(k for k in truth if k.startswith(key_prefix))
    text = gzip.open(folder / "html" / f"{key}.html.gz").read().decode("utf-8")
    return Seed(path=Path(f"{key_prefix}.html"), id=key_prefix, text=text), truth[key]


# --- the format is sniffed from the content -------------------------------------------------


@pytest.mark.parametrize(
    "name, reader",
    [
        ("rss2-feed.xml", "feed"),
        ("atom-feed.xml", "feed"),
        ("wordpress-posts.json", "wordpress"),
        ("markdown-front-matter.md", "markdown"),
        ("jsonfeed.json", "jsonfeed"),
        ("pasted-with-byline.txt", "text"),
    ],
)
def test_format_comes_from_the_content_not_the_name(tmp_path, name, reader):
    renamed = tmp_path / "seed.txt"
    shutil.copy(DATA / "seeds" / name, renamed)
    assert {a.format for a in read(renamed)} == {reader}


# --- saved HTML pages (the extraction benchmark) ---------------------------------------------


HTML_PAGES = {
    # VentureBeat, a Reuters story: JSON-LD metadata, a dated URL, a site menu.
    "06e5123e": {
        "title": "New York State Attorney General investigating WeWork and former CEO",
        "source_url": "https://venturebeat.com/2019/11/18/new-york-state-attorney-general-investigating-wework-and-former-ceo/",
        "date": ("2019-11-18", "html:url-date"),
        "updated": "2019-11-19",
        "source": "VentureBeat",
        "language": "en",
        "present": ["The New York State Attorney General (NYAG) is investigating WeWork"],
        "absent": ["Got a news tip?", "GamesBeat", "VentureBeat Homepage"],
    },
    # PolitiFact: the quoted statement's date (October 13) is not the article's.
    "9e8c9f08": {
        "title": "What is the value of drugs that come to the U.S. border?",
        "source_url": "https://www.politifact.com/west-virginia/statements/2019/nov/18/david-mckinley/what-value-drugs-come-us-border/",
        "date": ("2019-11-18", "html:url-date"),
        "updated": None,
        "source": None,
        "language": "en",
        "present": ["We rate the statement Mostly True."],
        "absent": ["PunditFact", "Facebook Hoaxes"],
    },
    # A Japanese blog: the site's name leaves the title, and the repeated headline the body.
    "f105de6e": {
        "title": "Kindle for PCをCtrl＋Alt＋Kのショートカットキーで立ち上がらなくする方法",
        "source_url": "http://note100yen.com/en-180816.html",
        "date": ("2018-08-16", "html:json-ld.datePublished"),
        "updated": None,
        "source": "ノート100YEN.com",
        "language": "ja",
        "present": ["これでようやく元の操作性を取り戻せました。"],
        "absent": ["プライバシーポリシー", "クラウドサービス"],
    },
}


@pytest.mark.parametrize("prefix", sorted(HTML_PAGES))
def test_saved_page_metadata_and_body(prefix):
    seed, truth = page(prefix)
    expected = HTML_PAGES[prefix]
    [article] = readers.read(seed)
    assert article.format == "html"
    assert article.title == expected["title"]
    assert article.source_url == expected["source_url"]
    assert (article.date, article.origin("date")) == expected["date"]
    assert article.updated == expected["updated"]
    assert article.source == expected["source"]
    assert article.language == expected["language"]
    assert article.blocks[0].text != article.title
    for snippet in expected["present"]:
        assert snippet in truth["articleBody"] and snippet in article.body, snippet
    for snippet in expected["absent"]:
        assert snippet in seed.text and snippet not in article.body, snippet


def test_saved_page_keeps_headings_and_lists():
    seed, _ = page("06e5123e")
    [article] = readers.read(seed)
    assert any(b.kind == "paragraph" for b in article.blocks)
    seed, _ = page("287e4d9f")  # a deals page: every deal is a heading over its text
    [article] = readers.read(seed)
    index = article.blocks.index(Block("heading", "Nintendo Switch Lite with Pokemon Sword or Shield and Case for $238.99", 2))
    assert article.blocks[index + 1].text.startswith("Save $31 if you get a turquoise Switch Lite")


def test_page_metadata_never_uses_base_href_or_the_front_page(tmp_path):
    html = (
        '<html><head><title>Chip plant opens</title><base href="https://example.com/">'
        '<link rel="canonical" href="https://example.com/"><meta property="og:site_name" content="@example"></head>'
        "<body><article><h1>Chip plant opens</h1><p>" + "The plant in Kumamoto opened on Monday with 1,700 staff. " * 8 + "</p></article></body></html>"
    )
    [article] = read_text(tmp_path, "page.html", html)
    assert article.source_url is None  # the canonical link is the site's front page
    assert article.source is None
    assert article.date is None  # no date anywhere in the page's metadata or markup
    assert "Chip plant opens" not in article.body


# --- feeds -------------------------------------------------------------------------------------


def test_rss_entries_with_dates_as_written():
    articles = read(DATA / "seeds" / "rss2-feed.xml")
    first, second = articles
    guid = "https://securis360.com/blog/?p=1204"
    assert first.id == "rss2-feed-" + hashlib.sha1(guid.encode()).hexdigest()[:8]
    assert first.title == "Japan’s Cyber Defence Budget: What the 2026 Numbers Say"
    # 08:30 in Tokyo on April 6 is still April 5 in UTC; the publisher's day is kept.
    assert (first.date, first.origin("date")) == ("2026-04-06", "feed:entry.published")
    assert (first.author, first.language, first.source) == ("Aiko Tanaka", "en", "Securis360 Blog")
    assert "- More analysts for the Cyber Defense Command" in first.body
    assert "intrusions & automate" in first.body
    assert "Budget request by category" not in first.body  # an image caption
    assert first.description.startswith("Japan’s defence ministry is asking")
    assert (second.origin("body"), second.date) == ("feed:entry.summary", "2026-04-02")
    assert second.body.count("\n\n") == 1
    assert first.warnings == ("feed entries 3 skipped: no title or no text",)


def test_atom_published_and_updated_are_kept_apart():
    first, second = read(DATA / "seeds" / "atom-feed.xml")
    assert first.title == "Digital Agency picks three AI pilots"
    assert (first.date, first.updated, first.author) == ("2026-04-04", "2026-04-05", "Hana Sato")
    assert [b.text for b in first.blocks if b.kind == "item"] == [
        "Drafting answers to parliamentary questions",
        "Summarising public comments on regulations",
        "Searching internal manuals",
    ]
    assert "alert" not in first.body
    # Only <updated>: when the entry last changed is not when it was published.
    assert (second.date, second.updated, second.origin("date")) == (None, "2026-03-28", None)
    assert second.body == "Service robots were everywhere at this year's fair in Tokyo.\n\nMost exhibitors showed robots for care homes and warehouses."


def test_json_feed_items():
    first, second = read(DATA / "seeds" / "jsonfeed.json")
    assert (first.title, first.date, first.author, first.source) == ("Care-home robots get a new subsidy", "2026-04-01", "Ren Fujita", "Robotics Weekly")
    assert (second.date, second.updated, second.source_url) == (None, "2026-03-20", None)


# --- WordPress -----------------------------------------------------------------------------------


def test_wordpress_list_gives_one_article_per_post():
    first, second = read(DATA / "seeds" / "wordpress-posts.json")
    assert (first.id, second.id) == ("wordpress-posts-2210", "wordpress-posts-2195")
    assert first.title == "Japan’s AI Safety Institute Publishes Red-Teaming Guidelines"
    assert (first.date, first.updated) == ("2026-04-02", "2026-04-04")
    assert (first.author, first.source, first.language) == ("Mariko Ito", "AI Watch", "en")
    assert first.description == "Japan’s AI Safety Institute has published guidelines on red-teaming large language models"
    assert "- Written records of every attack tried & its result" in first.body
    assert "window.share" not in first.body
    assert (second.author, second.origin("author")) == ("Daichi Kato", "wordpress:_embedded.author")
    # date_gmt, as the foundation reads WordPress: 08:00 in Tokyo on March 30 is March 29 in UTC.
    assert (second.date, second.updated, second.description) == ("2026-03-29", None, None)


@pytest.mark.parametrize(
    "text, message",
    [
        ('{"id": 5, "title": {"rendered": "Hi"}}', "JSON object is not a WordPress post: it has no content.rendered (its keys: id, title)"),
        ('{"code": "rest_forbidden", "message": "Sorry."}', "WordPress API error response (rest_forbidden: Sorry.)"),
        ("[]", "an empty JSON list"),
        ("[1, 2]", "item 1 of the list: JSON int is not a WordPress post"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"title": {"rendered": "T"}, "content": {"rendered": "", "protected": true}}', "password-protected"),
    ],
)
def test_json_that_is_not_a_post_is_an_error(tmp_path, text, message):
    with pytest.raises(SeedError) as caught:
        read_text(tmp_path, "post.json", text)
    assert message in caught.value.message
    assert caught.value.line == 1


def test_text_starting_with_a_bracket_is_not_json(tmp_path):
    [article] = read_text(tmp_path, "note.txt", "[Updated] Japan passes AI law\n\nThe Diet passed the bill on Friday.\n")
    assert (article.format, article.title) == ("text", "[Updated] Japan passes AI law")


# --- Markdown ------------------------------------------------------------------------------------


def test_markdown_front_matter_sets_the_fields_an_override_can():
    [article] = read(DATA / "seeds" / "markdown-front-matter.md")
    assert article.title == "Japan's Chip Subsidies: Who Gets What"
    assert (article.date, article.date_precision) == ("2026-03", "month")
    assert article.topics == ("ai-infrastructure", "geopolitics")
    assert article.summary.startswith("Japan is spending heavily")
    assert {article.origin(k) for k in ("date", "topics", "summary", "source_url")} == {
        "front-matter:date", "front-matter:topics", "front-matter:summary", "front-matter:source_url"
    }
    assert article.blocks[0] == Block("heading", "A heading that is not the title", 2)
    assert "its own plan" in article.body
    for markup in ("https://example.com/plan", "plant.jpg", "<script>", "alert(1)", "**"):
        assert markup not in article.body
    assert article.warnings == (
        "front matter line 10: unknown key 'layout'; allowed: title, date, updated, source, source_url, author, "
        "language, description, topics, summary, key_points, story; ignored",
    )


def test_markdown_front_matter_errors_name_their_line(tmp_path):
    with pytest.raises(OverrideError) as caught:
        read_text(tmp_path, "bad.md", "---\ntitle: Fine\ndate: 2026-02-30x\npublisher: X\nsource_url: https://example.com/\n---\n\nText.\n")
    messages = [str(p) for p in caught.value.problems]
    assert messages == [
        f"{tmp_path / 'bad.md'}:3: error: front matter: 'date' '2026-02-30x' is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)",
        f"{tmp_path / 'bad.md'}:5: error: front matter: 'source_url' must be the article's absolute http(s) URL (not a site's front page)",
    ]


# --- pasted text ---------------------------------------------------------------------------------


def test_pasted_page_byline_dateline_and_link():
    from generator.curated import load_curated
    from generator.extract import extract_metadata

    curated, _ = load_curated(ROOT / "content")
    [raw] = read(DATA / "seeds" / "pasted-with-byline.txt")
    article = extract_metadata(raw, curated)
    assert article.title == "Japan Eases Rules for Foreign AI Researchers"
    assert (article.source, article.source_homepage) == ("The Japan Times", "https://www.japantimes.co.jp/")
    assert (article.author, article.date, article.updated) == ("Emi Nakamura", "2026-04-03", "2026-04-05")
    assert article.source_url == "https://www.japantimes.co.jp/news/2026/04/03/japan/ai-researcher-visas/"
    # "first announced in 2024" is prose, not a date.
    assert article.body.startswith("The government will let foreign AI researchers")
    assert "Skip to content" not in article.body and "By Emi" not in article.body


def test_titles_and_metadata_lose_controls_bidi_overrides_and_mojibake(tmp_path):
    text = "Japan\u202e\u2066’s AI \u200bplan\x07\nBy Jane\u202e Doe\n\nJapanâ€™s government said &lt;script&gt; stays text.\n"
    [article] = read_text(tmp_path, "t.txt", text)
    assert article.title == "Japan’s AI plan"
    assert article.blocks[1].text == "Japan’s government said &lt;script&gt; stays text."


# --- encodings -----------------------------------------------------------------------------------

WESTERN = {
    "fr": "Le café de la gare\n\nLa société a annoncé un investissement à Tokyo, où l'été fut chaud. Élise a dit «non».\n",
    "de": "Größere Straßen für München\n\nDie Bürger äußerten sich über die Pläne.\n",
    "es": "El Gobierno japonés anunció\n\nEl ministro dijo que la inversión será de 10.000 millones de dólares.\n",
    "pt": "O governo japonês anunciou\n\nA inversão em inteligência artificial não é pequena, disse o ministro. Ações subiram.\n",
    "en": "Microsoft’s “big” move — €10bn\n\nIt’s a deal.\n",
}


@pytest.mark.parametrize("language", sorted(WESTERN))
def test_western_text_in_windows_1252_is_read_right(language):
    text, warnings = decode(WESTERN[language].encode("cp1252"))
    assert text == WESTERN[language]
    assert warnings == ("not UTF-8 (line 1 has the first byte that is not); read as cp1252 by guessing; save the seed as UTF-8 to be sure",)


@pytest.mark.parametrize(
    "text, encoding, detected",
    [
        ("Правительство Японии объявило\n\nМинистр заявил о новых инвестициях в искусственный интеллект.\n", "cp1251", "cp1251"),
        ("東京のデータセンターが開業\n\n新しいデータセンターの建設費は1.5兆円で、運営会社が月曜日に発表した。\n", "shift_jis", "cp932"),
        ("東京のデータセンターが開業\n\n新しいデータセンターの建設費は1.5兆円で、運営会社が月曜日に発表した。\n", "euc_jp", "euc_jis_2004"),
    ],
)
def test_other_encodings_are_detected(text, encoding, detected):
    decoded, warnings = decode(text.encode(encoding))
    assert decoded == text
    assert f"read as {detected} by guessing" in warnings[0]


def test_a_declared_charset_wins_and_byte_order_marks_are_honoured():
    page = '<html><head><meta charset="shift_jis"><title>日本</title></head><body><p>日本語の記事</p></body></html>'
    text, warnings = decode(page.encode("shift_jis"))
    assert text == page and "read as shift_jis, the charset the file declares" in warnings[0]
    assert decode("Title\n\nBody\n".encode("utf-16")) == ("Title\n\nBody\n", ())
    assert decode(b"\xef\xbb\xbfTitle") == ("Title", ())


# --- hostile seeds beside the bundled ones -----------------------------------------------------

HOSTILE = {
    "truncated-json.txt": ("error", 3, "invalid JSON: Unterminated string"),
    "json-list.json": ("error", 3, "item 2 of the list: JSON object is not a WordPress post"),
    "json-object.json": ("error", 1, "this is a WordPress API error response (rest_post_invalid_id: Invalid post ID.), not a post"),
    "html-without-body.html": ("error", 2, "no article text found in the HTML page"),
    "feed-no-entries.xml": ("error", 3, "the feed has no entries"),
    "zero-byte.txt": ("error", None, "file is empty or only whitespace"),
    "latin1.txt": ("warning", None, "not UTF-8 (line 3 has the first byte that is not); read as cp1252"),
    "shift-jis.txt": ("warning", None, "not UTF-8 (line 1 has the first byte that is not); read as cp932"),
}


@pytest.fixture(scope="module")
def hostile_check(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile") / "seeds"
    shutil.copytree(SEEDS, folder)
    for path in sorted((DATA / "hostile").iterdir()):
        shutil.copy(path, folder / path.name)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    run = subprocess.run([sys.executable, "-m", "generator", "check", "--seeds", str(folder)], cwd=ROOT, capture_output=True, text=True, env=env, timeout=300)
    return folder, run


def test_hostile_files_are_all_here():
    assert sorted(p.name for p in (DATA / "hostile").iterdir()) == sorted(HOSTILE)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_each_hostile_seed_gives_one_clear_line(hostile_check, name):
    folder, run = hostile_check
    level, line, message = HOSTILE[name]
    mine = [row for row in run.stderr.splitlines() if row.startswith(f"{folder / name}:") and ": info: " not in row]
    assert len(mine) == 1, mine
    where = f"{folder / name}:{line}" if line else str(folder / name)
    assert mine[0].startswith(f"{where}: {level}: {message}"), mine[0]


def test_the_other_seeds_still_publish(hostile_check):
    _, run = hostile_check
    assert run.returncode == 1
    for path in SEEDS.glob("*.txt"):
        assert f"{path.stem} (" in run.stdout
    assert "latin1 (text" in run.stdout and "shift-jis (text" in run.stdout
    assert "FAILED: 7 articles, 6 errors, 2 warnings" in run.stderr


def test_non_utf8_seeds_are_read_right():
    [latin1] = read(DATA / "hostile" / "latin1.txt")
    assert "La société américaine a précisé que l'été prochain" in latin1.body
    [sjis] = read(DATA / "hostile" / "shift-jis.txt")
    assert sjis.title == "日本政府、AI研究者のビザを緩和"


def test_a_feed_in_shift_jis_is_not_decoded_twice(tmp_path):
    feed = (
        '<?xml version="1.0" encoding="Shift_JIS"?>\n<rss version="2.0"><channel><title>技術ニュース</title>\n'
        "<item><title>政府、AI指針を公表</title><link>https://example.jp/news/ai-guideline</link>"
        "<pubDate>Fri, 03 Apr 2026 10:00:00 +0900</pubDate><description>政府は金曜日、AIの利用指針を公表した。</description></item>\n"
        "</channel></rss>\n"
    )
    [article] = read_text(tmp_path, "feed.xml", feed.encode("shift_jis"))
    assert (article.title, article.source, article.date) == ("政府、AI指針を公表", "技術ニュース", "2026-04-03")
    assert article.body == "政府は金曜日、AIの利用指針を公表した。"
    assert "read as shift_jis, the charset the file declares" in article.warnings[0]
