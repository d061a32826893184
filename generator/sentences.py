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

_CJK_CHARS = "\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff"
_CJK = re.compile(f"[{_CJK_CHARS}]")
# Kana and kanji runs are one token each before bigramming; other scripts split on non-word characters.
_TOKEN = re.compile(f"[{_CJK_CHARS}]+|[^\\W_{_CJK_CHARS}]+")
_HIRAGANA_ONLY = re.compile("[\u3040-\u309f]+")
_WORD = re.compile(f"[^\\W_{_CJK_CHARS}]+")

# English ends a sentence at . ! ? before a capital or digit (so "$1.13bn" and "e.g. this"
# stay whole); Japanese at 。！？ (or ASCII !? after Japanese), with any closing brackets after them.
_BOUNDARY = re.compile(
    r"[.!?]+[\"”’)\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])"
    f"|[。！？]+[」』）)]*|(?<=[{_CJK_CHARS}])[!?]+[」』）)]*"
)
_ABBREVIATION = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Prof|St|Inc|Corp|Ltd|Co|Jr|Sr|vs|No|Gen|Gov|Sen|Rep|U\.S|U\.K|e\.g|i\.e)\.$")
# 「明日行く。」と言った: a quoted sentence inside a Japanese sentence, which goes on after the quote.
_QUOTATIVE = re.compile(r"[」』]\s*(?:と|って)")

# A Japanese "word" for length limits: the usual rule of thumb for Japanese against
# English text is 2 to 3 characters for one English word; 2.5 is its middle.
CJK_CHARS_PER_WORD = 2.5
MIN_WORDS, MAX_WORDS = 6, 45

_ENDINGS = (".", "!", "。", "！")
_CLOSERS = "\"”’)」』）"
# The word patterns below are matched against the lower-cased sentence: a plain search
# of lower-case text is twice as fast as re.IGNORECASE, and this runs on every sentence.
_PERSONAL = re.compile(
    r"\b(?:i|i'm|i've|i'd|me|my|mine)\b|\b(?:we|we're|we've|we'd|our|ours|us|you|you're|you've|your|yours|let's)\b"
    r"|私|僕|俺|自分|我々|筆者|皆さん|あなた|と思います|と思う",
)
_COUNTRY_US = re.compile(r"\bUS\b")
_PROMOTION = re.compile(
    r"\b(?:click|subscribe|sign up|learn (?:how|more)|read more|buy|discount|coupon|promo code|nordvpn|download now|"
    r"find out|check out|don't miss|stay tuned|share your|join the conversation)\b"
    r"|ください|下さい|しましょう|詳しくは|こちら|お問い合わせ",
)
# Advice to the reader's organisation: "Organizations ... should monitor...", "For policymakers, ...".
_ADVICE = re.compile(
    r"^for (?:policymakers|businesses|organi[sz]ations|readers|investors|leaders|companies|professionals|tech hubs)\b|"
    r"\b(?:organi[sz]ations|businesses|companies|readers|leaders|professionals|teams|enterprises)\b"
    r"[^.;:]{0,80}\b(?:should|must|need to|ought to|can learn)\b",
)
# A comparison that says nothing by itself: "...is more than just a financial commitment."
_CLICHE = re.compile(r"\bmore than (?:just|merely|simply) (?:a|an)\b|\b(?:come|comes|came) as (?:a|no) surprise\b")
# Sentences that talk about the text rather than the news ("The following discussion...").
_META_DISCOURSE = re.compile(
    r"\b(?:the following|this (?:article|post|piece|blog|discussion|guide)|in this (?:article|post)|read on|"
    r"here is a (?:closer )?look|the answer is|the question is)\b",
)
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
    # "the nation" as the subject, before the nation is named: "although the nation has..."
    r"|^(?:(?:although|while|because|as|since|when|if|but|and) )?the (?:nation|country|company|firm|group)\b",
)
_STOPWORDS = frozenset(
    "a an the and or but of to in on at by for with from as is are was were be been being it its this that these those "
    "has have had not no will would can could should may might than then so such into over under about also more most "
    "which who whom what when where why how their there they them he she his her our we you your i said says".split()
)


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
        if _ABBREVIATION.search(piece):
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
    words = []
    for word in _TOKEN.findall(text.lower()):
        if _CJK.match(word):
            bigrams = [word[i:i + 2] for i in range(max(1, len(word) - 1))]
            words.extend(b for b in bigrams if not _HIRAGANA_ONLY.fullmatch(b))
        elif word not in _STOPWORDS and len(word) > 1:
            words.append(word[:-1] if word.endswith("s") and len(word) > 4 else word)
    return words


def ends_complete(sentence: str) -> bool:
    """Whether the sentence ends as a sentence does (not cut off, not a question or a lead-in)."""
    return sentence.rstrip(_CLOSERS).endswith(_ENDINGS)


def refers_back(sentence: str) -> bool:
    """Whether the sentence leans on the one before it ("This step...", "refuses to let that happen")."""
    return bool(_DANGLING.match(sentence) or _ANAPHORA.search(sentence.lower()))


def rejection(sentence: str, fragment: bool = False) -> str | None:
    """Why the sentence can never be shown on its own, or None if it can (given its antecedent).

    A `fragment` (a list item such as a key takeaway) may be short and lack a full stop,
    but it must not be a question, an aside or a promotion either.
    """
    if fragment:
        if word_count(sentence) < 3 or sentence.rstrip(_CLOSERS).endswith(("?", "？", ":")) or _QUESTION_JA.search(sentence):
            return "a question, a lead-in or a stub"
    elif not MIN_WORDS <= word_count(sentence) <= MAX_WORDS:
        return "too short or too long"
    elif not ends_complete(sentence) or _QUESTION_JA.search(sentence):
        return "a question, a lead-in or cut off"
    lower = _COUNTRY_US.sub("", sentence).lower()
    if _PERSONAL.search(lower):
        return "first or second person"
    if _PROMOTION.search(lower) or _ADVICE.search(lower):
        return "a promotion or a call to action"
    if _META_DISCOURSE.search(lower):
        return "about the text, not the news"
    if _CLICHE.search(lower):
        return "a cliché that says nothing specific"
    return None


def can_stand_alone(sentence: str) -> bool:
    """Whether a sentence may be shown with no other sentence before it."""
    return rejection(sentence) is None and not refers_back(sentence)
