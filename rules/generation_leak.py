"""The answer talks about the material it was generated from instead of answering.

Reported in `answer` and `seo.page_description`: each phrase that points at the retrieved
material behind the text, one report per phrase, at the phrase. Such a phrase is a
determiner (`the`, `this`, `these`, `those`, `that`) and a material noun (`materials`:
information, context, sources, documents, passages, excerpts, snippets, texts, data,
search results...) marked as the generator's by one of:
- a qualifier before the noun (`qualifiers`: gathered, retrieved, supplied,
  aforementioned, above...), possibly with a word or two between ("the retrieved source
  material");
- an ordinal ("the second source", "the first and fourth pieces of information");
- `you` or `above` after it ("the passage you shared", "the context above");
and it is reported where the text uses it as a source:
- after a citing frame (`citing`: "based on", "according to", "drawing on", "from",
  "in"...) or a participle ("as noted in", "not detailed in"), or
- before a verb of saying (`reporting`: "does not mention", "primarily discusses",
  "highlights") or what a text can be ("is limited", "is silent on"), or
- as the subject of a clause ("Unfortunately, the gathered information paints a mixed
  picture", "what the gathered information shows"), unless a passive says what is done
  with it ("the gathered information is then transmitted").
Reported wherever they are, as they say whose material it is: a material and a pointer at
this answer ("the documents retrieved for this question", "the excerpts given to me"),
first person ("the sources I consulted", "my gathered notes"), and citations of the
material by name ("(gathered information point 6)", "(Gathered Information, 10)").
Phrases are looked for after `the` and `these`; without one of them before it, a phrase is
only found when its qualifier ends in "-hered" or "-hed" ("gathered", "fetched"): "(gathered
information point 6)" is found, "Sources retrieved for this answer" and "those retrieved
passages" are not.
`loose_qualifiers` (by default available, provided, search) are as often about the
subject ("investors act on the available information", "the provided sources of an exam",
"rank higher in the search results") as about the generator's material: they are only
reported after a citing frame at the start of a sentence ("Based on the available
information, ..."), after a participle ("not mentioned in the provided data"), or before a
verb that only a text can be the subject of ("the available information does not
specify").

Not reported, as the words are then about the subject of the answer: a phrase whose
qualifier's verb was used shortly before it, in the same or the previous sentence or in the
question ("Nurses gather information at intake. Based on the gathered information, they
plan care"); a phrase whose noun the question points at ("Summarize the following
passage": "the provided passage" is the question's); the words with no citing frame and no
verb of saying ("analysts verify the gathered information"); the nouns alone ("the text
highlights", "the sources suggest": a historian's sources, a novel's text). Nor in the
sentence where `refusal-answer` (with its default phrases) reports a refusal: that
sentence is reported there. A bare "in" cites the material as often as it places
something in it: "patterns in the gathered information" is reported even where an answer
about data mining means its own data.

Why: readers do not know what "the gathered information" is; an answer that cites it
reads as machine output, and a page that says "as noted in the first piece of information"
points at something the page does not have.

Example:
    ```
    answer: >-
        Here are some best practices based on the gathered information:\\n\\n1. ...
    ```
    reports `answer refers to the material it was generated from: 'the gathered
    information'`.

Options:
    `qualifiers`, `loose_qualifiers`, `materials`, `citing`, `reporting`: the word
    families above (replacing the defaults); `citing` entries are regular expressions that
    end right before the phrase, `reporting` entries are verb stems.
    `extend_qualifiers`, `extend_loose_qualifiers`, `extend_materials`, `extend_citing`,
    `extend_reporting`: more entries, added to those. For instance
    `extend_qualifiers = ["uploaded"]` also reports "according to the uploaded documents".

Fix: where the phrase sits in a frame that can go without changing what the sentence
says, removes the frame and keeps the sentence whole; unsafe, as the page's text changes.
"Based on the gathered information, the pump is active." becomes "The pump is active.";
"Here are some best practices based on the gathered information:" becomes "Here are some
best practices:"; "The trial, as noted in the gathered information, lasted a year."
becomes "The trial lasted a year." (after a longer clause the second comma stays); a
parenthesis holding only the frame or the citation goes. No fix where the phrase carries the sentence
("the gathered information does not mention the fee"), after a negation ("not detailed in
the gathered information"), or where the value is written with escapes.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict

from qlint.diagnostics import Applicability, Fix, Severity
from qlint.fixing.value_edits import replace_in_value
from qlint.rules._text import keeps_lines
from qlint.rules._patterns import LazyPattern
from qlint.rules.refusal_answer import refusal_span

CODE = "Q208"
NAME = "generation-leak"
SEVERITY = Severity.WARNING
FIXABLE = True

# Words that make a material noun the generator's. "collected", "compiled" and "given" are
# left out: "the collected data", "the given information" are a study's data and a
# problem's givens far more often than a generator's sources.
DEFAULT_QUALIFIERS = ["gathered", "retrieved", "supplied", "fetched", "aforementioned", "above", "above-mentioned"]
# "provided" and "search" as well: "the provided sources" of an exam, "rank higher in the
# search results" are about the subject as often as not.
DEFAULT_LOOSE_QUALIFIERS = ["available", "provided", "search"]
DEFAULT_MATERIALS = [
    "information",
    "info",
    "context",
    "source",
    "source material",
    "document",
    "passage",
    "excerpt",
    "extract",
    "snippet",
    "text",
    "material",
    "content",
    "data",
    "result",
    "search result",
    "reference",
    "article",
    "input",
    "knowledge base",
    "detail",
    "finding",
]
# Regular expressions for what comes right before the phrase when it is cited as a source.
DEFAULT_CITING = [
    r"(?:based|drawing|relying|building|focusing|founded|grounded)\s+(?:up)?on",
    r"drawing\s+from",
    r"according\s+to",
    r"(?:as\s+)?per",
    r"in\s+light\s+of",
    r"(?:in\s+(?:line|keeping|accordance)|consistent|aligns?|aligning|agrees?|compared)\s+with",
    r"(?:summary|overview|synthesis|review)\s+of",  # only where the phrase ends the sentence
    r"(?:going|working)\s+(?:by|through|over|off)",
    r"judging\s+(?:by|from)",
    r"looking\s+(?:at|through|over)",
    r"(?:using|considering|given|leveraging|utilizing|synthesizing|summarizing|reviewing)",
    r"(?:in|from|within|throughout|across|among|by|beyond|outside(?:\s+of)?)",
]
# Participles that, before `in`, `by`, `from`..., cite a text: "as noted in", "not detailed
# in". Kept apart from DEFAULT_CITING because loose qualifiers accept this frame anywhere.
_CITING_PARTICIPLES = (
    "noted mentioned highlighted discussed indicated outlined described stated suggested shown seen detailed"
    " explained specified derived reported presented listed identified found covered provided referenced cited"
    " drawn gleaned extracted included defined addressed emphasized emphasised illustrated implied summarized"
    " summarised captured reflected evidenced supported documented contained available present evident clear"
    " apparent inferred deduced taken compiled informed given described elaborated underscored stressed"
    " explored examined treated expressed recorded observed touched referred pointed"
).split()
# Verb stems whose subject, in these answers, is a text: "the gathered information does
# not mention", "the provided context highlights", "the search results are limited".
DEFAULT_REPORTING = (
    "mention list provid specif detail state address includ contain cover discuss say define describ offer outline"
    " highlight indicat suggest note emphasi focus pertain impl reveal show present refer point touch give explain"
    " identif cite lack underscor stress support confirm clarif elaborat delv explor concentrat revolv cent relat"
    " deal talk shed feature referenc tell recommend advis demonstrat illustrat document acknowledg propos"
    " underlin report recogni summari make argu assert claim caution warn encompass disagree agree differ conflict vary"
).split()
# The stems a loose qualifier needs: only a text mentions, specifies or lists.
_TEXT_ONLY_VERBS = (
    "mention specif detail list discuss pertain focus address cover highlight describ note outline emphasi"
    " includ contain say state provid offer lack"
).split()


class Options(BaseModel):
    model_config = ConfigDict(extra="forbid")

    qualifiers: list[str] = DEFAULT_QUALIFIERS
    extend_qualifiers: list[str] = []
    loose_qualifiers: list[str] = DEFAULT_LOOSE_QUALIFIERS
    extend_loose_qualifiers: list[str] = []
    materials: list[str] = DEFAULT_MATERIALS
    extend_materials: list[str] = []
    citing: list[str] = DEFAULT_CITING
    extend_citing: list[str] = []
    reporting: list[str] = DEFAULT_REPORTING
    extend_reporting: list[str] = []


class Leak(NamedTuple):
    """One phrase that points at the generator's material, in a text value."""

    start: int  # the phrase (determiner to noun)
    end: int
    frame_start: int  # where its citing frame starts; == start when it has none
    frame_end: int  # where the frame ends: the phrase's end, or a citation's closing parenthesis
    removable: bool  # a frame that can go without changing what the sentence says


_ORDINAL = r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,2}(?:st|nd|rd|th))"
_ORDINAL_WORDS = "first second third fourth fifth sixth seventh eighth ninth tenth 0 1 2 3 4 5 6 7 8 9".split()
# The words _POINTERS starts with, for the search plan.
_POINTER_WORDS = ["here", "above", "below", "to me", "for me", "for this", "for the", "for your"] + [
    f"{preposition} {whose} search" for preposition in ("by", "in", "from") for whose in ("the", "my")
]
_ORDINAL_NOUN_WORDS = "piece bit item source document passage excerpt extract snippet search".split()
_ORDINAL_NOUNS = (
    r"(?:(?:pieces?|bits?|items?)\s+of\s+(?:information|info|context|data)|sources?|documents?|passages?|excerpts?"
    r"|extracts?|snippets?|search\s+results?)"
)
# A word starts after a non-word character or after `\n`, the answers' written line break
# (`\nThe` has no `\b` before `The`).
_START = r"(?:\b|(?<=\\n))"
_DETERMINER = _START + r"(?:the|these|this|those|that)\s+"
# Words that cannot stand between a qualifier and its noun ("the aforementioned issues of
# information" is not a material).
_FUNCTION_WORDS = r"(?:of|and|or|in|on|at|for|to|with|by|from|as|is|are|was|were|that|which|who)"
# A material noun, a participle and a pointer at this answer: "the documents retrieved for
# this question", "the excerpts given to me", "the snippets returned by the search".
_POINTED_PARTICIPLE_WORDS = (
    "retrieved gathered returned given provided supplied found fetched collected used consulted shared selected"
    " pulled listed shown presented quoted cited"
).split()
_POINTED_PARTICIPLES = "(?:" + "|".join(_POINTED_PARTICIPLE_WORDS) + ")"
_NUMBERS = r"\d{1,3}(?:\s*(?:,|;|and|&)\s*\d{1,3})*"
_POINTERS = (
    r"(?:here|above|below|to\s+me|for\s+me|(?:by|in|from)\s+(?:the|my)\s+search|for\s+(?:this|the|your)"
    r"\s+(?:question|answer|response|query|prompt|request))\b"
)
# "the sources I have read", "the context I was given" (not "the information I have": a
# person can have it).
_FIRST_PERSON_VERBS = (
    r"(?:(?:(?:have|had|was|were)\s+)?(?:been\s+)?(?:\w+ed|found|read|seen|got|given|kept|sent|shown|drawn|taken|heard)"
    r")\b"
)
# A clause whose subject starts at the phrase: after the start of a sentence, an opening
# phrase ("Unfortunately, ", "In summary, "), a conjunction ("as", "while", "what") or a
# quantifier ("none of").
_SUBJECT_BEFORE = LazyPattern(
    r"(?:(?:\A|[.!?:;]|\\n|\\n\s*(?:[-*+\u2022]|\d{1,3}[.)]))\s*(?:[\w' -]{1,30},\s*)?"
    r"|(?:^|\W)(?:as|what|while|although|though|because|since|whereas|but|and|so|yet|that|if)\s+)"
    r"(?:(?:none|neither|each|some|one|all|most|several|many|both|any|either|few)\s+of\s+)?\Z",
    re.I,
)
# What follows a subject: an auxiliary or a verb in the third person ("suggests", "paints");
# after a plural noun a base-form verb looks like a noun, so those rely on `reporting`.
_VERB_AFTER = LazyPattern(
    r"\s*(?:,[^,.;:]{1,40},)?\s*(?:\w+ly\s+)*"
    r"(?:(?P<auxiliary>is|are|was|were|isn't|aren't|wasn't|weren't|does|do|did|doesn't|don't|didn't|can|cannot|can't"
    r"|could|may|might|will|would|should|must|has|have|had|hasn't|haven't|seems?|appears?|tends?)\b"
    r"|[a-z]+[^su\W]s\b)",
    re.I,
)
# A passive that handles the material ("is then transmitted", "can be coded"): about the
# subject, unless its verb is one of saying.
_HANDLED = LazyPattern(
    r"\s*(?:(?:can|could|may|might|will|would|should|must)\s+(?:then\s+|also\s+|first\s+|later\s+)?be"
    r"|is|are|was|were|gets?|got|(?:has|have|had)\s+been)\s+(?:\w+ly\s+|then\s+|also\s+|first\s+|later\s+|further\s+"
    r"|often\s+|not\s+)*(?P<participle>[a-z]+(?:ed|en|wn|nt|ld|ut|pt|ne))\b",
    re.I,
)
# What a text can be: "the gathered information is silent on", "is primarily focused on".
_COPULAR = (
    r"(?:limited|silent|sparse|insufficient|scarce|vague|incomplete|inconclusive|unclear|thin|mixed|lacking|focused"
    r"|focussed|centred|centered|concerned|contradictory|consistent|clear|restricted)"
)
# The starts of the last three words before a position (searched in the 60 characters before it).
_FRAME_CHARS = 60  # the longest frame looked for before a phrase, with room to spare
_WORD_BEFORE = LazyPattern(r"(?<![\w-])[\w-]+\s+(?=(?:[\w-]+\s+){0,2}\Z)")
_PRESENTING = LazyPattern(r"(?:summary|overview|synthesis|review)\s+of\s", re.I)
_ENDS_SENTENCE = LazyPattern(r"\s*(?:[.:;!?]|\\n|\Z)")
_IN_MIND = LazyPattern(r"\s+in\s+mind\b", re.I)  # "with the gathered information in mind"
_NEGATION = LazyPattern(r"(?:\bnot|n't|\bnever|\bnor|\bno)\s+(?:\w+ly\s+)?$", re.I)
# What ends a sentence: `.`, `!` or `?` before a space or a line break (`\n` as written in
# the answers' house style), or such a line break.
_SENTENCE_END = LazyPattern(r"[.!?](?=\s|\\n|$)|\\n")
# Where a clause starts: the text start, end punctuation, a line break, a list marker.
_CLAUSE_BEFORE = LazyPattern(r"(?:\A|[.!?:;]|\\n|\\n\s*(?:[-*+\u2022]|\d{1,3}[.)]))\s*\Z")
_REMOVABLE_HEADS = LazyPattern(
    r"(?:based\s+(?:up)?on|drawing\s+(?:up)?on|drawing\s+from|according\s+to|(?:as\s+)?per|in\s+light\s+of"
    r"|(?:as\s+)?(?:\w+ly\s+)?(?:noted|mentioned|highlighted|discussed|indicated|outlined|described|stated|suggested"
    r"|shown|seen|detailed|explained|derived|reported|presented|evidenced|illustrated|emphasi[sz]ed|summari[sz]ed"
    r"|captured|reflected|documented|drawn|gleaned|identified|found|listed|outlined)\s+(?:in|by|from|within|throughout))\Z",
    re.I,
)
# Frames that can go only at the start of a sentence ("From the gathered information, ...").
_REMOVABLE_AT_START = LazyPattern(
    r"(?:from|using|considering|given|in\s+(?:line|keeping|accordance)\s+with|consistent\s+with)\Z", re.I
)


def _words(entries: list[str]) -> str:
    """An alternation of `entries`, longest first, each word also in its plural."""
    cleaned = sorted({entry.strip().lower() for entry in entries if entry.strip()}, key=len, reverse=True)
    if not cleaned:
        return r"(?!)"
    return "(?:" + "|".join(r"\s+".join(map(re.escape, entry.split())) + r"(?:s|es)?" for entry in cleaned) + ")"


class _Plan(NamedTuple):
    phrase: re.Pattern  # the marked phrases
    citing: re.Pattern  # a citing frame ending where the text before a phrase ends
    participle: re.Pattern  # a participle frame ("mentioned in") ending there
    reporting: re.Pattern  # a verb of saying right after a phrase
    text_only: re.Pattern  # the same for loose qualifiers
    loose: frozenset[str]  # the loose qualifiers, lower case
    stems: dict[str, re.Pattern]  # qualifier -> its verb used on its own ("gather", "gathers")
    materials: re.Pattern
    # Where a phrase may be: "the" or "these" and a word that can follow it in one ("the
    # gathered", "the first", "the sources"), or "-hed"/"-hered" ("gathered", "fetched")
    # and a material or a pointer ("gathered information", "fetched for this question").
    # All start with the literal "he", so the regex engine skips from one "he" to the next
    # instead of trying every position, in one pass over the text; the phrase pattern is
    # only tried where it matched.
    where: re.Pattern


@lru_cache(maxsize=16)
def _plan(
    qualifiers: tuple[str, ...],
    loose: tuple[str, ...],
    materials: tuple[str, ...],
    citing: tuple[str, ...],
    reporting: tuple[str, ...],
) -> _Plan:
    material = _words(list(materials))
    qualifier = _words([*qualifiers, *loose])
    strong = _words(list(qualifiers))
    phrase = re.compile(
        # Phrases that say on their own whose material they are: "the documents retrieved for
        # this question", "the sources I consulted", "my gathered notes".
        r"(?P<own>"
        + rf"(?:{_DETERMINER})?{_START}{material}\s+(?:(?:that|which)\s+)?(?:(?:was|were|(?:has|have)\s+been)\s+)?"
        rf"{_POINTED_PARTICIPLES}\s+{_POINTERS}"
        rf"|{_DETERMINER}{material}\s+(?:(?:that|which)\s+)?I\s+{_FIRST_PERSON_VERBS}"
        rf"|{_START}my\s+(?:(?:{qualifier})\s+)?{material}\b"
        # A citation without a determiner: "(gathered information point 6)", "(Gathered
        # Information, 10)", "as noted in gathered information points 1 and 4".
        rf"|(?P<paren>\((?P<label>[^()]{{0,30}}?,\s*)?)?(?P<cited>{_START}{strong}\s+{material}"
        rf"(?:\s+(?:points?|items?|entries|entry|no\.|#)?\s*{_NUMBERS}|(?=\s*(?:[,;]\s*{_NUMBERS}\s*)?\))))"
        rf"(?(paren)\s*(?:[,;]\s*{_NUMBERS}\s*)?\))"
        r")|"
        + _DETERMINER
        + r"(?:"
        # "the gathered information", "the provided source material", "the above-mentioned
        # texts"; not "the aforementioned sources of funding", another sense of the noun
        rf"(?:\w+ly\s+)?(?P<qualifier>{qualifier})\s+(?:(?!{_FUNCTION_WORDS}\b)[a-z][\w-]*\s+){{0,2}}?"
        rf"{material}\b(?!\s+of\b)"
        # "the first and fourth pieces of information", "the second source" (not "the first
        # source of income")
        rf"|{_ORDINAL}(?:(?:\s*,\s*|\s*,?\s+(?:and|or)\s+){_ORDINAL})*\s+{_ORDINAL_NOUNS}\b(?!\s+of\b)"
        # "the passage you shared", "the context above"
        rf"|{material}\s+(?:(?:that|which)\s+)?(?:you\s+(?:have\s+)?(?:provided|shared|gave|supplied"
        rf"|pasted|uploaded|attached|sent)|(?:provided\s+|given\s+|shown\s+|listed\s+)?above)\b"
        r")",
        re.I,
    )
    citing_alternation = "|".join(f"(?:{entry})" for entry in citing if entry.strip()) or "(?!)"
    participles = "|".join(_CITING_PARTICIPLES)
    participle = re.compile(
        _START + rf"(?:as\s+)?(?:\w+ly\s+)?(?:{participles})(?:\s+upon|\s+to)?"
        r"\s+(?:in|by|from|within|throughout|across|among|on)\s+\Z",
        re.I,
    )
    qualifier_words = [*qualifiers, *loose]
    stems = {}
    for word in qualifier_words:
        word = word.strip().lower()
        if not word:
            continue
        stem = word[:-3] if word.endswith("ied") else word[:-2] if word.endswith("ed") else word
        # The verb on its own, not as the qualifier of another such phrase ("the gathered").
        stems[word] = re.compile(rf"(?<!\bthe )(?<!\bthese )(?<!\bthis ){_START}{re.escape(stem)}\w*", re.I)
    return _Plan(
        phrase=phrase,
        citing=re.compile(_START + rf"(?:{citing_alternation})\s+\Z", re.I),
        participle=participle,
        reporting=_reporting(reporting),
        text_only=_reporting(tuple(_TEXT_ONLY_VERBS)),
        loose=frozenset(word.strip().lower() for word in loose),
        stems=stems,
        materials=re.compile(material, re.I),
        where=re.compile(
            rf"he(?:(?:se)?\s(?:{_trie(_cased(qualifier_words))}"
            # an ordinal and, after more ordinals, its noun: "the first and fourth pieces of"
            rf"|{_trie(_ORDINAL_WORDS)}[\w ,]{{0,40}}?\s{_trie(_ORDINAL_NOUN_WORDS)}"
            # after a material, what makes it a phrase ("the sources I consulted", "the text you
            # provided", "the context above", "the documents retrieved for this question"):
            # "the information" alone is none
            rf"|{_trie(_cased(materials))}[\w-]*\s(?:(?:that|which)\s)?"
            rf"(?:I\s|you\s|above|(?:was|were|has|have)\s|{_trie(_POINTED_PARTICIPLE_WORDS)}))"
            rf"|(?P<ed>(?:re)?d\s){_trie(_cased([*materials, *_POINTER_WORDS]))})"
        ),
    )


def _cased(words) -> list[str]:
    """Each word as written and with a capital, lower-cased and stripped."""
    found = set()
    for word in words:
        word = " ".join(word.lower().split())
        if word:
            found.update((word, word[:1].upper() + word[1:]))
    return sorted(found)


def _trie(words: list[str]) -> str:
    """A regular expression matching any of `words` at a position (a prefix of the text from
    there), written as a trie: each position is rejected by its first character."""
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [(r"\s" if char == " " else re.escape(char)) + emit(node[char]) for char in sorted(node) if char]
        if not branches or "" in node:
            return ""  # a word ends here: what follows does not matter to a prefix
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return emit(tree) or "(?!)"


def _reporting(stems: tuple[str, ...]) -> re.Pattern:
    """A verb of saying after a phrase ("does not explicitly mention", "primarily focuses"),
    or a `be` and what a text can be ("is silent on", "are limited"). After `be` a verb of
    saying is a passive that handles the material ("is presented to the board")."""
    verbs = "|".join(sorted({re.escape(stem.strip().lower()) for stem in stems if stem.strip()}, key=len, reverse=True))
    helpers = (
        r"also|primarily|mainly|mostly|largely|only|explicitly|specifically|clearly|further|generally|predominantly"
        r"|chiefly|merely|simply|directly|particularly|repeatedly|consistently|broadly|strongly|collectively|itself"
        r"|themselves|does|do|did|doesn't|don't|didn't|seems?|appears?|fails?|to|may|might|can|cannot|could|would"
        r"|will|has|have|had|not|quite|rather|somewhat|very|fairly|however|though"
    )
    return re.compile(
        rf"\s*,?\s*(?:(?:(?:{helpers})[\s,]+){{0,4}}(?:{verbs or '(?!)'})\w*"
        rf"|(?:is|are|was|were|isn't|aren't|seems?|appears?)\s+(?:\w+ly\s+|not\s+){{0,2}}{_COPULAR})\b",
        re.I,
    )


_LAST_PLAN: list = [None, None]  # the options object last asked about, and its plan


def _options_plan(options: Options | None) -> _Plan:
    """The plan of `options` (the defaults for None), worked out again only when another
    options object is asked about: a rule sees the same object for every record."""
    if options is None:
        options = _default_options()
    if _LAST_PLAN[0] is not options:
        _LAST_PLAN[:] = [
            options,
            _plan(
                (*options.qualifiers, *options.extend_qualifiers),
                (*options.loose_qualifiers, *options.extend_loose_qualifiers),
                (*options.materials, *options.extend_materials),
                (*options.citing, *options.extend_citing),
                (*options.reporting, *options.extend_reporting),
            ),
        ]
    return _LAST_PLAN[1]


@lru_cache(maxsize=1)
def _default_options() -> Options:
    return Options()

def leaks(text: str, question: str = "", options: Options | None = None) -> list[Leak]:
    """The phrases of `text` that point at the generator's material, in order."""
    plan = _options_plan(options)
    first = plan.where.search(text)
    return _leaks(text, question, plan, first) if first else []


def _leaks(text: str, question: str, plan: _Plan, first: re.Match) -> list[Leak]:
    found: list[Leak] = []
    refusal = None
    for match in _phrases(text, plan, first):
        if match.group("paren"):
            found.append(_cited(text, match))
            continue
        start, end = match.span("cited") if match.group("cited") else match.span()
        # Frames are short ("as explicitly mentioned in "): searched for in the characters
        # just before the phrase, not in all the text before it.
        near = text[max(0, start - _FRAME_CHARS) : start]
        qualifier = (match.group("qualifier") or "").lower()
        participle = plan.participle.search(near)
        citing = _longest(plan.citing.search(near), participle)
        if citing and _PRESENTING.match(citing.group()) and not _ENDS_SENTENCE.match(text, end):
            citing = None  # "a summary of the gathered information is presented to the board"
        if match.group("own") or match.group("cited"):
            framed = True
        elif qualifier in plan.loose:
            # "Based on the available information, ..."
            frame_start = start - len(citing.group()) if citing else start
            opening = citing and text.startswith(",", end) and _CLAUSE_BEFORE.search(text[max(0, frame_start - 20) : frame_start])
            framed = participle or opening or plan.text_only.match(text, end)
        else:
            framed = (
                citing
                or plan.reporting.match(text, end)
                or _IN_MIND.match(text, end)
                or _says_something(text, text[max(0, start - 120) : start], end, plan)
            )
        if not framed:
            continue
        if _about_the_subject(text, question, start, match, qualifier, plan):
            continue
        if refusal is None:
            refusal = _refusal_sentence(text)
        if refusal and refusal[0] <= start < refusal[1]:
            continue
        found.append(_framed(text, start, end, citing))
    return found


def _phrases(text: str, plan: _Plan, first: re.Match) -> list[re.Match]:
    """The phrase matches of `text`, in order, not overlapping; looked for only where
    `plan.where` matches, from its `first` match on."""
    starts = set()
    for hit in plan.where.finditer(text, first.start()):
        if hit.group("ed") is None:
            starts.add(hit.start() - 1)  # the "t" of "the", "these"
            continue
        # A phrase holding "-ed": it starts at that word ("gathered information point 6"), at a
        # parenthesis before it, or up to three words before ("the previously gathered
        # information", "the documents fetched for this question").
        word = hit.start()
        while word > 0 and (text[word - 1].isalpha() or text[word - 1] == "-"):
            word -= 1
        starts.add(word)
        opening = text.rfind("(", max(0, word - 32), word)
        if opening >= 0 and ")" not in text[opening:word]:
            starts.add(opening)
        for before in _WORD_BEFORE.finditer(text[max(0, word - 60) : word]):
            starts.add(max(0, word - 60) + before.start())
    found: list[re.Match] = []
    for start in sorted(starts):
        if start < 0 or (found and start < found[-1].end()):
            continue
        match = plan.phrase.match(text, start)
        if match:
            found.append(match)
    return found


def _says_something(text: str, before: str, end: int, plan: _Plan) -> bool:
    """True where the phrase is the subject of a clause and does something other than being
    handled: "Unfortunately, the gathered information paints a mixed picture", not "the
    gathered information is then transmitted"."""
    if not _SUBJECT_BEFORE.search(before):
        return False
    verb = _VERB_AFTER.match(text, end)
    if verb is None:
        return False
    handled = _HANDLED.match(text, end)
    return handled is None or bool(plan.reporting.match(" " + handled.group("participle")))


def _longest(*matches: re.Match | None) -> re.Match | None:
    """The match that starts first (all end at the same place): "as noted in", not "in"."""
    found = [match for match in matches if match is not None]
    return min(found, key=lambda match: match.start()) if found else None


def _about_the_subject(text: str, question: str, start: int, match: re.Match, qualifier: str, plan: _Plan) -> bool:
    """True where the words are about the answer's subject: the qualifier's verb was used
    just before (the same or the previous sentence, or the question), or the question
    points at this very noun ("the following passage")."""
    stem = plan.stems.get(qualifier)
    if stem is not None:
        window = text[_sentence_start(text, _sentence_start(text, start) - 1) : start]
        if stem.search(window) or stem.search(question):
            return True
    noun = plan.materials.search(match.group())
    if noun and question:
        pointed = re.compile(
            r"\b(?:the|this|these|those|following|given|provided|above|below|attached|accompanying)\s+(?:[\w-]+\s+)?"
            + re.escape(noun.group().rstrip("s").lower()),
            re.I,
        )
        if pointed.search(question):
            return True
    return False


def _sentence_start(text: str, index: int) -> int:
    """Where the sentence holding text[index] starts (0 when index < 0)."""
    if index <= 0:
        return 0
    last = 0
    for boundary in _SENTENCE_END.finditer(text, max(0, index - 600), index):
        last = boundary.end()
    return last


def _refusal_sentence(text: str) -> tuple[int, int] | tuple[()]:
    """(start, end) of the sentence holding the refusal `refusal-answer` reports, or ()."""
    span = refusal_span(text)
    if span is None:
        return ()
    end = _SENTENCE_END.search(text, span[1])
    return _sentence_start(text, span[0]), end.end() if end else len(text)


def _cited(text: str, match: re.Match) -> Leak:
    """A citation of the material in parentheses; a parenthesis that holds only it can go."""
    start, end = match.span("cited")
    if not match.group("label"):
        return Leak(start, end, start, match.end() - 1, True)
    return Leak(start, end, start, end, False)


def _framed(text: str, start: int, end: int, citing: re.Match | None) -> Leak:
    if citing is None:
        return Leak(start, end, start, end, False)
    frame_start = start - len(citing.group())
    head = citing.group().strip()
    negated = _NEGATION.search(text[max(0, frame_start - 20) : frame_start])
    removable = not negated and bool(_REMOVABLE_HEADS.search(head) or _REMOVABLE_AT_START.fullmatch(head))
    if _REMOVABLE_AT_START.fullmatch(head) and not _REMOVABLE_HEADS.search(head):
        removable = removable and bool(_CLAUSE_BEFORE.search(text[max(0, frame_start - 20) : frame_start]))
    # "Here are some key findings from the gathered information:" -> "...findings:"
    removable = removable or (not negated and head.lower() == "from" and text.startswith(":", end))
    return Leak(start, end, frame_start, end, removable)


def removal(text: str, leak: Leak) -> tuple[int, int, str] | None:
    """(start, end, replacement) that removes the leak's frame and keeps the sentence
    whole, or None where it cannot go."""
    if not leak.removable:
        return None
    begin, end = leak.frame_start, leak.frame_end
    # Leading spaces and a list marker belong to the line, not to the frame.
    if _CLAUSE_BEFORE.search(text[max(0, begin - 20) : begin]):
        # "Based on the gathered information, the pump ..." -> "The pump ..."
        if not text.startswith(", ", end) or end + 2 >= len(text) or not text[end + 2].isalpha():
            return None
        following = text[end + 2]
        return begin, end + 3, following.upper()
    # "(as indicated in the first piece of information)"
    if text[begin - 1 : begin] == "(" and text.startswith(")", end):
        lead = begin - 1
        while lead > 0 and text[lead - 1] == " ":
            lead -= 1
        return lead, end + 1, ""
    after = text[end : end + 1]
    if text[max(0, begin - 2) : begin] == ", ":
        if after == ",":
            # "The trial, as noted in the material, lasted a year" -> "The trial lasted a
            # year": both commas go after a short subject; after a longer clause the second
            # comma opens what follows ("three tools, as noted in X, each ...").
            return (begin - 2, end + 1, "") if _closes_subject(text, begin - 2, end + 1) else (begin - 2, end, "")
        if after in ".:;!?" or text.startswith("\\n", end) or end == len(text):
            return begin - 2, end, ""
        return None
    if text[begin - 1 : begin] == " " and (after in ".:;!?" or text.startswith("\\n", end) or end == len(text)):
        # "Here are some best practices based on the gathered information:" -> "...practices:"
        previous = re.search(r"(\w+)\s*\Z", text[max(0, begin - 30) : begin])
        if previous and previous.group(1).lower() not in _COMPLEMENT_VERBS:
            return begin - 1, end, ""
    return None


def _closes_subject(text: str, comma: int, after: int) -> bool:
    """True where the text before `comma` is a subject and the text from `after` its verb,
    so that both commas around what is removed go: not where what follows opens a phrase
    of its own ("each suited to a task", "this could suggest")."""
    following = re.match(r"\s*(\w+)", text[after : after + 40])
    if following is None or following.group(1).lower() in _OPENING_WORDS:
        return False
    if _VERB_AFTER.match(text, after) or following.group(1).lower().endswith("ed"):
        return True
    clause = _CLAUSE_START.split(text[max(0, comma - 300) : comma])[-1]
    return "," not in clause and len(clause.split()) <= _SUBJECT_WORDS


# After these the frame completes the verb ("is based on the gathered information"): it
# cannot go.
_SUBJECT_WORDS = 6
_CLAUSE_START = re.compile(r"[.!?:;]|\\n")
# Words that open a phrase of their own after a comma ("..., each suited to a task").
_OPENING_WORDS = frozenset(
    "each which who whose where when while and but so yet or nor including such the a an this these that those its"
    " their his her some many most all both several one two three usually often".split()
)
_COMPLEMENT_VERBS = frozenset("is are was were be been being remain remains seem seems appear appears".split())

_DESCRIPTION = ("seo", "page_description")


def check(doc, ctx):
    plan = _options_plan(ctx.options)
    answer = doc.facts.answer
    if answer is not None:
        # Most values hold nothing the search plan looks for: one pass of the regex engine.
        first = plan.where.search(answer.value)
        if first is not None:
            yield from _report(doc, ctx, plan, ("answer",), answer.value, first)
    seo = doc.data.get("seo")
    description = seo.get("page_description") if isinstance(seo, dict) else None
    if isinstance(description, str):
        first = plan.where.search(description)
        if first is not None:
            yield from _report(doc, ctx, plan, _DESCRIPTION, description, first)


def _report(doc, ctx, plan: _Plan, path: tuple[str, ...], value: str, first: re.Match):
    field = doc.fields.get(path)
    if field is None:
        return
    question = doc.data.get("question")
    name = ".".join(path)
    for leak in _leaks(value, question if isinstance(question, str) else "", plan, first):
        fix = None
        cut = removal(value, leak)
        if cut is not None:
            edit = keeps_lines(doc, replace_in_value(doc, path, cut[0], cut[1] - cut[0], cut[2]))
            fix = Fix(Applicability.UNSAFE, (edit,)) if edit else None
        message = f"{name} refers to the material it was generated from: '{value[leak.start:leak.end]}'"
        yield ctx.diagnostic(doc, field.locate(leak.start, leak.end - leak.start), message, field=name, fix=fix)
