"""Seed text through the Markdown escaper renders as exactly that text, in both parsers
MkDocs-era tools use, whatever the text holds."""

from __future__ import annotations

import html
import re

import markdown
import pytest
from hypothesis import given, settings, strategies as st
from markdown_it import MarkdownIt

from generator.escape import html_text, md_text, md_url

HOSTILE = [
    "<script>window.__pwned=1</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "![x](data:text/html;base64,PHNjcmlwdD4=)",
    "Text {: onclick=\"alert(1)\" }",
    "--8<-- \"mkdocs.yml\"",
    "{{ config.site_name }} {% include 'x' %}",
    "<!-- swallow the rest of the page",
    "```python",
    "~~~",
    "# Not a heading",
    "1. not a list",
    "2) nor this",
    "- nor this",
    "+ nor this",
    "> not a quote",
    "!!! note \"not an admonition\"",
    "| a | b |",
    "*emphasis* and __strong__ and `code`",
    "Trailing backslash \\",
    "<http://autolink.example>",
    "&amp; &lt; &#60;script&#62;",
    "[^1]: not a footnote",
    "*[HTML]: not an abbreviation",
    "Term\n: not a definition",
    "===",
    "---",
    "    four-space indent",
    "Microsoft $10 Billion | AI & Cybersecurity",
]

_PYTHON_MARKDOWN = markdown.Markdown(extensions=["toc", "tables"])
_COMMONMARK = MarkdownIt("commonmark")  # raw HTML on: the escaper must not rely on it being off


def _text_of(rendered: str) -> str:
    inner = re.fullmatch(r"\s*<p>(.*)</p>\s*", rendered, re.DOTALL)
    assert inner, f"not a single paragraph: {rendered!r}"
    assert "<" not in inner.group(1), f"markup from text: {rendered!r}"
    return html.unescape(inner.group(1))


def _renders_as_itself(text: str) -> None:
    expected = " ".join(text.split())
    if not expected:
        return
    source = str(md_text(text))
    assert _text_of(_PYTHON_MARKDOWN.reset().convert(source)) == expected
    assert _text_of(_COMMONMARK.render(source)) == expected


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_renders_as_text(text):
    _renders_as_itself(text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=80))
def test_any_text_renders_as_itself(text):
    _renders_as_itself(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="<>&\"'`*_[](){}#!|\\-+=~:.1 aA", max_size=40))
def test_markdown_punctuation_soup_renders_as_itself(text):
    _renders_as_itself(text)


def test_html_text_escapes_for_titles():
    assert html_text('<img src=x onerror=alert(1)> "AI" & Co') == '&lt;img src=x onerror=alert(1)&gt; &quot;AI&quot; &amp; Co'


def test_url_cannot_break_out_of_a_link():
    url = md_url('https://example.com/a b)("<q>')
    rendered = _PYTHON_MARKDOWN.reset().convert(f"[x]({url})")
    assert rendered.count("<a ") == 1 and "<q>" not in rendered
