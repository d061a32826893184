"""Text helpers give what their slow, obvious definition gives, on every kind of line."""

from __future__ import annotations

import re

import ftfy
import pytest

from generator.textutil import _INVISIBLE, clean_text

LINES = [
    "",
    "   ",
    "Plain ASCII,  with  runs of\tspaces\nand a newline. ",
    "Carriage\rreturn and form\x0cfeed, vertical\x0btab",
    "Terminal \x1b[31mred\x1b[0m escape and a bell\x07",
    "\x1c\x1d\x1e\x1f separators \x7f delete",
    "Curly ‘quotes’ and “doubles” — dashes – and … dots",
    "mojibake: donâ€™t, cafÃ©, Ã  la",
    "ligature ﬁnance, NFD e\u0301, nbsp\u00a0here, zero\u200bwidth",
    "日本語の文章。\u3000全角スペース",
    "The company’s £5m deal — “a first” … it said",
    "£“quoted” after a pound sign, and ”£ before one",
    "two lines ’\nÃ  the second opens with mojibake",
    "a line\u2028separator, a paragraph\u2029separator, a next line\x85mark",
    "C1 \x93controls\x94 and a BOM\ufeff and a tab\there",
    "Ð¡Ð¾Ð±Ñ‹Ñ‚Ð¸Ðµ and Ð¿Ñ€Ð¸Ð²ÐµÑ‚",
    "ГўВЂВ”Cyrillic mojibake",
]


@pytest.mark.parametrize("line", LINES)
def test_clean_text_is_ftfy_then_invisible_characters_out_then_spaces_collapsed(line):
    fixed = ftfy.fix_text(line, unescape_html=False, uncurl_quotes=False, fix_character_width=False, normalization="NFC")
    assert clean_text(line) == re.sub(r"\s+", " ", _INVISIBLE.sub("", fixed)).strip()
