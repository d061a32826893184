"""Sentences of English and Japanese text: splitting, length, content words, and
whether a sentence can be shown on its own.

A summary sentence is read without the text around it, so anything that only
makes sense in place is refused: questions, calls to action and promotions,
first/second-person asides, talk about the text itself, and fragments without
an ending. Sentences that point back at the one before ("This step...", "It
has...", a sentence answering a question) are marked so the summarizer can keep
them only right after the sentence they point to.
"""

from __future__ import annotations

import re
from functools import lru_cache

_CJK_CHARS = "\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff"
_CJK = re.compile(f"[{_CJK_CHARS}]")
# Kana and kanji runs are one token each before bigramming; other scripts split on non-word characters.
_TOKEN = re.compile(f"[{_CJK_CHARS}]+|[^\\W_{_CJK_CHARS}]+")
_HIRAGANA_ONLY = re.compile("[\u3040-\u309f]+")
_WORD = re.compile(f"[^\\W_{_CJK_CHARS}]+")

# English ends a sentence at . ! ? before a capital or digit (so "$1.13bn" and "e.g. this"
# stay whole); Japanese at 。！？ (or ASCII !? after Japanese), with any closing brackets after them.
# The pattern opens with the class of every mark it ends at, each branch then checking the
# mark it was given: the regex engine jumps from mark to mark instead of trying every branch
# at every character (6x faster on the BBC sample).
_BOUNDARY = re.compile(
    r"[.!?。！？](?:(?<=[.!?])[.!?]*[\"”’)\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])"
    r"|(?<=[。！？])[。！？]*[」』）)]*"
    f"|(?<=[{_CJK_CHARS}][!?])[!?]*[」』）)]*)"
)
_ABBREVIATIONS = ("Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Inc", "Corp", "Ltd", "Co", "Jr", "Sr", "vs", "No", "Gen", "Gov",
                  "Sen", "Rep", "U.S", "U.K", "e.g", "i.e")
_ABBREVIATION = re.compile(rf"\b(?:{'|'.join(map(re.escape, _ABBREVIATIONS))})\.$")
_ABBREVIATION_SPAN = max(map(len, _ABBREVIATIONS)) + 1
"""Only this many last characters of a piece can hold an abbreviation and its point: searched there alone."""
# 「明日行く。」と言った: a quoted sentence inside a Japanese sentence, which goes on after the quote.
_QUOTATIVE = re.compile(r"[」』]\s*(?:と|って)")

# A Japanese "word" for length limits: the usual rule of thumb for Japanese against
# English text is 2 to 3 characters for one English word; 2.5 is its middle.
CJK_CHARS_PER_WORD = 2.5
MIN_WORDS, MAX_WORDS = 6, 45

_ENDINGS = (".", "!", "。", "！")
_CLOSERS = "\"”’)」』）"
# Why a sentence cannot stand alone, in the order they are tried. Each is looked for in the
# lower-cased sentence (a plain search of lower-case text is twice as fast as re.IGNORECASE,
# and this runs on every sentence) as words that begin at a word boundary, or as text
# anywhere (Japanese) or at the start.
_REASONS: tuple[tuple[str, str, str], ...] = (
    (
        "first or second person",
        r"(?:i|i'm|i've|i'd|me|my|mine)\b|(?:we|we're|we've|we'd|our|ours|us|you|you're|you've|your|yours|let's)\b",
        r"私|僕|俺|自分|我々|筆者|皆さん|あなた|と思います|と思う",
    ),
    (
        "a promotion or a call to action",
        r"(?:click|subscribe|sign up|learn (?:how|more)|read more|buy|discount|coupon|promo code|nordvpn|download now|"
        r"find out|check out|don't miss|stay tuned|share your|join the conversation)\b"
        # Advice to the reader's organisation: "Organizations ... should monitor...", "For policymakers, ...".
        r"|(?:organi[sz]ations|businesses|companies|readers|leaders|professionals|teams|enterprises)\b"
        r"[^.;:]{0,80}\b(?:should|must|need to|ought to|can learn)\b",
        r"ください|下さい|しましょう|詳しくは|こちら|お問い合わせ"
        r"|^for (?:policymakers|businesses|organi[sz]ations|readers|investors|leaders|companies|professionals|tech hubs)\b",
    ),
    (
        # Sentences that talk about the text rather than the news ("The following discussion...").
        "about the text, not the news",
        r"(?:the following|this (?:article|post|piece|blog|discussion|guide)|in this (?:article|post)|read on|"
        r"here is a (?:closer )?look|the answer is|the question is)\b",
        "",
    ),
    (
        # A comparison that says nothing by itself: "...is more than just a financial commitment."
        "a cliché that says nothing specific",
        r"more than (?:just|merely|simply) (?:a|an)\b|(?:come|comes|came) as (?:a|no) surprise\b",
        "",
    ),
)


def _words_or_elsewhere(words: str, elsewhere: str) -> re.Pattern[str]:
    """`words` beginning at a word boundary, or `elsewhere` anywhere."""
    return re.compile(rf"\b(?:{words})" + (f"|{elsewhere}" if elsewhere else ""))


_REASON_PATTERNS = tuple((reason, _words_or_elsewhere(words, elsewhere)) for reason, words, elsewhere in _REASONS)
# Most sentences give no reason: one pass over the sentence, its word boundary tested once
# for all the words, tells them apart at a third of the cost of a pass per reason (8 against
# 29 µs a sentence on the BBC sample).
_ANY_REASON = _words_or_elsewhere("|".join(w for _, w, _ in _REASONS), "|".join(e for _, _, e in _REASONS if e))
_COUNTRY_US = re.compile(r"\bUS\b")
_QUESTION_JA = re.compile(r"(?:か|かな|かね)[。」]*$")

# Openings that point back at an earlier sentence.
_DANGLING = re.compile(
    r"^(?:This|These|That|Those|It|Its|It's|He|She|They|Their|His|Her|Such|However|But|And|Also|Yet|Still|"
    r"Furthermore|Moreover|Additionally|Meanwhile|Instead(?! of)|Thus|Therefore|Here|So(?! far)|Likewise|Similarly|"
    r"Nevertheless|Nonetheless|Otherwise|Besides|Hence|"
    r"For (?:instance|example)|In (?:this|that) (?:way|case|sense)|In (?:other words|addition|contrast|turn)|"
    r"As a result|By contrast|On the other hand|After all|Even so|Of course)\b"
    # A pronoun in an opening clause: "While it helps detect threats faster, ..."
    r"|^(?:While|Although|Though|Because|As|Since|When|If|Unless|Once) (?:it|they|he|she|this|these|those)\b"
    # A short opener, then a pronoun: "Now, it appears the tide is turning."
    r"|^\w+(?: \w+)?, (?:it|this|that|these|those|they|he|she)\b"
    # A connective after the subject: "Modern challenges, however, demand..."
    r"|^[^,;:]{1,60}, (?:however|though|therefore|thus|too|instead|meanwhile|in turn|as a result|in contrast|by contrast),"
    r"|^(?:これ|それ|あれ|この|その|あの|こうした|そうした|こう|そう|しかし|だが|ただ|また|さらに|一方|なお|そして|"
    r"でも|ところが|つまり|そのため|このため|さて|では|もちろん|今回|例えば|たとえば)"
)
# A demonstrative standing for something said before: "refuses to let that happen",
# "Cybersecurity is at the core of this investment." ("this year" points at the calendar).
_ANAPHORA = re.compile(
    r"\b(?:this|that|these|those)\b(?=\s+(?:happen|happens|is|was|means|will|would|has|could|can|may|might)\b|\s*[.,;!?])"
    r"|\b(?:this|these|those)\s+(?!(?:year|week|month|morning|afternoon|evening|weekend|spring|summer|autumn|fall|winter|"
    r"season|quarter|time|decade|century)\b)[a-z$\d]"
)
# "the nation" as the subject, before the nation is named: "although the nation has..." (matched
# at the start only: a branch anchored there would be tried, and fail, at every character).
_UNNAMED_SUBJECT = re.compile(r"(?:(?:although|while|because|as|since|when|if|but|and) )?the (?:nation|country|company|firm|group)\b")
_STOPWORDS = frozenset(
    "a an the and or but of to in on at by for with from as is are was were be been being it its this that these those "
    "has have had not no will would can could should may might than then so such into over under about also more most "
    "which who whom what when where why how their there they them he she his her our we you your i said says".split()
)


# The figures stage splits again the paragraphs the summary split, and asks again whether
# their sentences lean back; a sentence's length is taken more than once: these two are
# cached, for the sentences of about one article (on the extraction benchmark's pages a
# fifth to a third of the calls are answered from it, and the two take 0.87 of their time).
_SENTENCES_CACHED = 1024


@lru_cache(maxsize=_SENTENCES_CACHED)
def word_count(text: str) -> float:
    """Length in words: words of spaced scripts, plus CJK characters at CJK_CHARS_PER_WORD a word."""
    cjk = len(_CJK.findall(text))
    return len(_WORD.findall(text)) + cjk / CJK_CHARS_PER_WORD


def split_sentences(text: str) -> list[str]:
    """Sentences of one paragraph (English and Japanese punctuation)."""
    sentences: list[str] = []
    start = 0
    for boundary in _BOUNDARY.finditer(text):
        piece = text[start:boundary.end()].strip()
        if _ABBREVIATION.search(piece, max(0, len(piece) - _ABBREVIATION_SPAN)):
            continue  # "U.S. officials": the point ends an abbreviation, not a sentence
        if _QUOTATIVE.match(text, boundary.end() - 1):
            continue
        if piece:
            sentences.append(piece)
        start = boundary.end()
    tail = text[start:].strip()
    return sentences + [tail] if tail else sentences


def join_sentences(sentences: list[str]) -> str:
    """Sentences as one text: a space after English ones, nothing after Japanese ones (as Japanese is written)."""
    text = ""
    for sentence in sentences:
        text += sentence if not text or text.endswith(("。", "！", "？", "」", "』")) else " " + sentence
    return text


def tokens(text: str) -> list[str]:
    """Content words for similarity: lower-case, stop words out, crude plural folding;
    Japanese as character bigrams without the all-hiragana ones (particles, endings)."""
    lower = text.lower()
    if not _CJK.search(lower):  # most text: one pass, no test of each word's script
        return [w[:-1] if w.endswith("s") and len(w) > 4 else w for w in _WORD.findall(lower) if len(w) > 1 and w not in _STOPWORDS]
    words = []
    for word in _TOKEN.findall(lower):
        if _CJK.match(word):
            bigrams = [word[i:i + 2] for i in range(max(1, len(word) - 1))]
            words.extend(b for b in bigrams if not _HIRAGANA_ONLY.fullmatch(b))
        elif word not in _STOPWORDS and len(word) > 1:
            words.append(word[:-1] if word.endswith("s") and len(word) > 4 else word)
    return words


def ends_complete(sentence: str) -> bool:
    """Whether the sentence ends as a sentence does (not cut off, not a question or a lead-in)."""
    return sentence.rstrip(_CLOSERS).endswith(_ENDINGS)


@lru_cache(maxsize=_SENTENCES_CACHED)
def refers_back(sentence: str) -> bool:
    """Whether the sentence leans on the one before it ("This step...", "refuses to let that happen")."""
    if _DANGLING.match(sentence):
        return True
    lower = sentence.lower()
    return bool(_ANAPHORA.search(lower) or _UNNAMED_SUBJECT.match(lower))


def rejection(sentence: str, fragment: bool = False, words: float | None = None) -> str | None:
    """Why the sentence can never be shown on its own, or None if it can (given its antecedent).

    A `fragment` (a list item such as a key takeaway) may be short and lack a full stop,
    but it must not be a question, an aside or a promotion either. `words` is the
    sentence's `word_count`, when the caller has it already.
    """
    words = word_count(sentence) if words is None else words
    if fragment:
        if words < 3 or sentence.rstrip(_CLOSERS).endswith(("?", "？", ":")) or _QUESTION_JA.search(sentence):
            return "a question, a lead-in or a stub"
    elif not MIN_WORDS <= words <= MAX_WORDS:
        return "too short or too long"
    elif not ends_complete(sentence) or _QUESTION_JA.search(sentence):
        return "a question, a lead-in or cut off"
    lower = (_COUNTRY_US.sub("", sentence) if "US" in sentence else sentence).lower()
    if not _ANY_REASON.search(lower):
        return None
    return next(reason for reason, pattern in _REASON_PATTERNS if pattern.search(lower))


def can_stand_alone(sentence: str) -> bool:
    """Whether a sentence may be shown with no other sentence before it."""
    return rejection(sentence) is None and not refers_back(sentence)
