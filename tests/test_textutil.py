"""Text helpers give what their slow, obvious definition gives, on every kind of line."""

from __future__ import annotations

import re

import ftfy
import pytest
from ftfy.badness import BADNESS_RE

from generator.textutil import _INVISIBLE, TYPOGRAPHY, clean_text

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


def test_no_mojibake_pattern_matches_ascii_and_typography_alone():
    """Each alternative of ftfy's mojibake regex is a row of one-character items: one that
    no character of ASCII or TYPOGRAPHY matches rules the alternative out for such a line."""
    from re import _compiler, _constants, _parser

    alphabet = [chr(c) for c in range(128)] + list(TYPOGRAPHY)
    (branch_op, (_, branches)), = _parser.parse(BADNESS_RE.pattern, BADNESS_RE.flags).data
    assert branch_op == _constants.BRANCH
    for branch in branches:
        needed = []
        for item in branch.data:
            if item[0] == _constants.AT or (item[0] == _constants.MAX_REPEAT and item[1][0] == 0):
                continue  # matches no character, or may match none
            assert item[0] in (_constants.IN, _constants.LITERAL, _constants.ANY), item
            needed.append(_compiler.compile(_parser.SubPattern(branch.state, [item]), BADNESS_RE.flags))
        assert any(not any(one.fullmatch(c) for c in alphabet) for one in needed), branch
