"""The answer is a refusal, or says that it has no information to answer with.

A refusal is recognised by the structure of its sentence, not by a list of sentences:
- a first-person subject (`I`, `we`) that cannot answer ("I'm unable to answer this"),
  cannot provide, find or give the answer or the information ("we could not locate any
  details"), cannot determine or say something from the sources or without more
  information, does not have the information ("I don't have enough data"), does not know,
  or found none;
- a subject that is the sources of the answer (`the provided context`, `the retrieved
  documents`, `the material available to me`, `my sources`: a word for a source qualified
  as given, retrieved, available and the like) that contains, mentions or covers nothing
  ("the supplied passages say nothing about", "do not contain enough detail", "lack any
  information", "fail to mention", "are silent on"); `nothing in` and `none of` such
  sources; a question that is outside what they cover;
- "there is no / not enough information (details, mention, data...)" in a sentence that
  names such sources or says "to answer", and the same said as "no information ... was
  found";
- "this question cannot be answered", "it is not possible to answer this question", "no
  answer can be given".
Sources that "do not mention" or "do not cover" something that is not information or the
question (`the documents provided do not cover the ceremony`) count only in the answer's
first sentence. Not refusals: clauses that concede and go on (`While the available
information does not list the fees, they are usually low`; `I cannot give exact figures,
but estimates suggest ...`), a gap given as the reason for something else (`I recommend
the syllabus, as the gathered information does not list the topics`), words in quotation
marks, and subjects that are not the sources (`the data do not support the hypothesis`,
`we cannot know both`).

The phrases of the `phrases` list (plus `extend_phrases`) are reported too, ignoring
case; curly and straight apostrophes count as the same. The default phrases are the usual
assistant refusals that have no such structure ("As an AI language model", "I'm sorry, but
I can"). One report per answer, at the first refusal.

Why: a page whose answer says it cannot answer is an empty page for the reader and a thin
page for search engines; the record should be answered properly or not published.

Example:
    ```
    answer: >-
        I cannot answer this question based on the available information.
    ```
    reports `answer is a non-answer: 'I cannot answer this question'`.

Options:
    `phrases`: the phrases that mark a refusal besides its structure (replacing the
    defaults).
    `extend_phrases`: more phrases, added to `phrases`. For instance
    `extend_phrases = ["the gathered information does not"]` also reports hedged answers
    that admit a gap and then fill it with generic text.
    `structure`: recognise refusals by their structure (default true); false reports the
    phrases only.

Fix: none: the record needs a real answer.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict

from qlint.diagnostics import Severity
from qlint.rules._patterns import LazyPattern
from qlint.rules._text import excerpt

CODE = "Q206"
NAME = "refusal-answer"
SEVERITY = Severity.ERROR
FIXABLE = False

# Refusals without a structure to recognise. "as an AI" alone matches "as an AI powerhouse".
DEFAULT_PHRASES = [
    "As an AI language model",
    "As a language model",
    "I'm sorry, but I can",
    "I am sorry, but I can",
]


class Options(BaseModel):
    model_config = ConfigDict(extra="forbid")

    phrases: list[str] = DEFAULT_PHRASES
    extend_phrases: list[str] = []
    structure: bool = True


def _words(text: str) -> str:
    """A regex alternative of the words of `text`, longest first (`details` before `detail`)."""
    return "(?:" + "|".join(sorted(text.split(), key=len, reverse=True)).replace("_", " ") + ")"


# The vocabulary of refusals (lower case, straight apostrophes; `_` joins words of one
# term). What an answer is about: a noun for the information itself.
_INFO = _words(
    "answer answers response information info detail details data specifics figure figures statistics stats"
    " number numbers date dates name names mention mentions reference references record records explanation"
    " description list breakdown insight estimate confirmation facts guidance overview account documentation"
    " indication coverage discussion clarity"
)
# Words for the sources an answer is made from, and what makes them the answer's sources
# (given to the writer, found by it) rather than sources in the world (`the data show`).
_SOURCE = _words(
    "information info context contexts source sources document documents documentation docs material materials"
    " text texts passage passages excerpt excerpts snippet snippets article articles reference references data"
    " dataset datasets result results record records note notes content contents knowledge_base knowledge file"
    " files page pages extract extracts report reports search searches research corpus literature citations"
    " paragraph paragraphs transcript transcripts summary"
)
_QUALIFIER = _words(
    "provided supplied retrieved gathered given available accessible shared attached uploaded consulted reviewed"
    " cited referenced collected returned indexed reference source search background above following"
    " accompanying underlying"
)
_AFTER_SOURCE = (
    r"(?:available|provided|given|supplied|retrieved|shared|gathered|consulted|collected|returned|cited"
    r"|at hand|at my disposal|in front of me|before me"
    r"|(?:that |which )?(?:i|we|you) (?:have access to|have|had|was given|were given|can access|could access"
    r"|searched|consulted|reviewed|found|received|was provided|were provided|was shown|provided|gave|shared"
    r"|supplied|sent|used))(?: (?:to|with|for) (?:me|us))?"
)
_WORD = r"[a-z0-9'-]+"
# `the retrieved documents`, `my sources`, `the material available to me`.
# (`that` is more often a conjunction than a determiner; `your` and `our` documents are
# the reader's or an organisation's, not the answer's sources.)
_SOURCES = (
    rf"\b(?:(?:the|these|those|this) (?:{_WORD} ){{0,2}}?{_QUALIFIER} (?:{_WORD} )?{_SOURCE}"
    rf"|my (?:{_WORD} ){{0,2}}?{_SOURCE}"
    rf"|(?:the|these|those|this) (?:{_WORD} )?{_SOURCE},? {_AFTER_SOURCE})\b"
)
# Each of these starts with its space: `I'm` has none between the subject and the verb.
_ADVERB = (
    r"(?:,? (?:really|simply|currently|unfortunately|honestly|truly|therefore|thus|still|also|just|regrettably"
    r"|sadly|personally|yet|even|reliably|accurately|definitively|fully|confidently|precisely|actually),?)"
)
# What sources do with information: they contain, mention, cover it.
_CONTAIN = _words(
    "contain include provide mention cover address specify give offer say state discuss describe detail explain"
    " list identify name touch_on go_into have hold supply answer clarify reveal disclose extend_to tell deal_with"
    " speak_to elaborate_on outline cite report refer_to return yield turn_up shed_light_on shed_any_light_on"
)
_CONTAINS_NO = _words(
    "contain contains contained include includes included provide provides provided give gives gave offer offers"
    " offered has have had hold holds held make makes made yield yields yielded return returns returned"
)
_THIRD_PERSON = (
    r"(?:mentions?|address(?:es)?|covers?|contains?|includes?|provides?|specif(?:y|ies)|discuss(?:es)?|describes?"
    r"|says?|states?|gives?|offers?|lists?|names?|deals? with|touch(?:es)? on|go(?:es)? into|refers? to|answers?)"
)
_ANSWER_END = (
    r"(?=\s*(?:[.,;:!?)]|$)|\s+(?:based|from|with|without|because|as|since|given|using|in|on|for|about|regarding"
    r"|reliably|accurately|definitively|fully|confidently|precisely|here|now|at|due|unless|until|or|and|yet)\b)"
)
_OBJECT = rf"(?:{_WORD} ){{0,5}}?{_INFO}\b"


# The subjects a shape wants before its pivot, read backwards from the pivot: a
# first-person subject (with the verb "to be" or "to have" of `I'm unable`, `I have not
# been able`), `I` itself, or the sources (with the `does` of `does not`, the `are` of
# `are silent`).
_AUXILIARY = r"(?: am|'m| are|'re| was| were| have|'ve| had| will| would| have been|'ve been| had been| will be| would be)"
_BEFORE_FIRST_PERSON = LazyPattern(rf"(?<![a-z'])(?:i|we){_ADVERB}{{0,2}}{_AUXILIARY}?{_ADVERB}{{0,2}} ?\Z")
_BEFORE_I = LazyPattern(r"(?<![a-z'])i ?\Z")
_BEFORE_FIRST_PERSON_CLAUSE = LazyPattern(rf"(?<![a-z'])(?:i|we)(?: {_WORD},?){{0,8}} \Z")
_BEFORE_SOURCES = LazyPattern(
    rf"{_SOURCES}(?:,? (?:unfortunately|also|however|simply|really|actually|themselves|itself),?)?"
    r"(?: (?:does|do|did|is|are|was|were|remains?|remained|seems?|seem|appears?)(?: to be)?"
    rf"| {_CONTAINS_NO}| (?:says?|said|mentions?|mentioned|reveals?|revealed|tells?|told))? ?\Z"
)
_LOOK_BACK = 160  # characters before a pivot in which its subject is looked for


class _Shape(NamedTuple):
    """One structure of a refusal: `pivot` (a regex that starts with literal words, so the
    regex engine skips to them, and takes in what follows them), and `before`, the subject
    that must end where the pivot starts, or None. `needs_context`: only in a sentence that
    names the sources (or says "to answer" / "without more information"); `opening`: only
    in the answer's first sentence."""

    name: str
    pivot: LazyPattern
    before: LazyPattern | None = None
    needs_context: bool = False
    opening: bool = False


def _subject(shape: _Shape) -> str:
    """What a sentence must hold for `shape` to be looked for in it: a first person, the
    sources, either, or nothing (a cheap test per sentence that spares most searches)."""
    if shape.before is _BEFORE_SOURCES or _SOURCES in shape.pivot.pattern:
        return "sources"
    if shape.before is not None:
        return "first person"
    return "context" if shape.needs_context else ""


_UNABLE = (
    r"(?:cannot|can ?not|can't|could ?not|couldn't|unable to|not able to|not be able to|not been able to"
    r"|n't be able to|n't been able to|n't able to|not in a position to|n't in a position to)"
)
_NOT = r"(?:not(?<![a-z]not)|n't)"
_NEGATED_CONTAIN = (
    rf"{_NOT}(?: (?:actually|explicitly|really|specifically|directly|even|seem to|appear to|clearly))? {_CONTAIN}"
)

_SHAPES = [
    _Shape("cannot answer", LazyPattern(
        rf"{_UNABLE}{_ADVERB}{{0,2}} (?:answer|respond to|reply to)"
        r"(?: (?:this|that|it|(?:this|that|the|your|such an?) (?:question|query|request|prompt)))?"
        + _ANSWER_END
    ), _BEFORE_FIRST_PERSON),
    _Shape("cannot give the information", LazyPattern(
        rf"{_UNABLE}{_ADVERB}{{0,2}} "
        rf"(?:provide|give|offer|supply|share|find|locate|identify|retrieve|access|produce|cite|quote|come up with) {_OBJECT}"
    ), _BEFORE_FIRST_PERSON),
    _Shape("cannot tell from the sources", LazyPattern(
        rf"{_UNABLE}{_ADVERB}{{0,2}} (?:determine|say|tell|confirm|verify|establish|ascertain"
        r"|know|pinpoint|specify|comment|speak|judge|assess|state|be sure|be certain|conclude)\b"
    ), _BEFORE_FIRST_PERSON, needs_context=True),
    _Shape("has no information", LazyPattern(
        r"(?:do not|don't|did not|didn't|have not|haven't|have no|had no|hold no|lack|possess no)"
        r" (?:have )?(?:(?:enough|sufficient|any|the|specific|reliable|detailed|relevant|access to|up-to-date"
        r"|current|real-time|accurate|further|more|adequate|much|direct|complete|definitive|this|that|such|clear"
        rf"|exact|precise|concrete|verified) )*(?:{_INFO}|access|knowledge)\b"
    ), _BEFORE_I),
    _Shape("does not know", LazyPattern(r"(?:do not|don't|did not|didn't) (?:really |actually )?know\b"), _BEFORE_I),
    _Shape("would need information", LazyPattern(
        rf"would (?:need|require) (?:more |further |additional |specific )?{_INFO}\b"
    ), _BEFORE_I),
    _Shape("found none", LazyPattern(
        r"(?:found|find|turned up|came across|came up with|located|uncovered)"
        rf" (?:no (?:{_WORD} ){{0,2}}?{_INFO}\b|nothing|none)"
    ), _BEFORE_FIRST_PERSON_CLAUSE),
    _Shape("sources lack it", LazyPattern(
        rf"(?:{_NEGATED_CONTAIN}"
        rf" (?:{_OBJECT}|(?:{_WORD} ){{0,3}}?(?:anything|who|what|when|where|why|which|how|whether)\b|(?:it|this|that|them)\b|(?=[.,;:!?]|$))"
        rf"|no(?<![a-z]no) (?:{_WORD} ){{0,3}}?(?:{_INFO}|insight)\b|nothing\b|none\b"
        rf"|lack(?<![a-z]lack)(?:s|ed)? (?:any )?(?:{_WORD} ){{0,2}}?{_INFO}\b"
        rf"|fail(?:s|ed)? to {_CONTAIN}"
        r"|silent"
        r"|(?:insufficient|inadequate|not sufficient|not enough) (?:to answer|for answering|to respond)"
        r")"
    ), _BEFORE_SOURCES),
    _Shape("sources do not cover it", LazyPattern(rf"{_NEGATED_CONTAIN}\b"), _BEFORE_SOURCES, opening=True),
    _Shape("nothing in the sources", LazyPattern(
        rf"(?:nothing in {_SOURCES}|none of {_SOURCES} (?:{_WORD} )?{_THIRD_PERSON})"
    )),
    _Shape("outside the sources", LazyPattern(rf"(?:outside|beyond) (?:the scope of )?(?:what )?{_SOURCES}")),
    _Shape("not in the sources", LazyPattern(
        r"not (?:present|included|found|available|mentioned|covered|provided|given|addressed|specified"
        rf"|contained|discussed) (?:in|from|within) {_SOURCES}"
    ), opening=True),
    _Shape("there is no information", LazyPattern(
        r"there(?<![a-z]there)(?:'s| is| are| was| were| (?:seems?|appears?) to be| exists?)"
        r"(?:(?:n't| not)(?: (?:enough|sufficient|any|much))?| no| nothing| insufficient)"
        rf"(?: (?:{_WORD} ){{0,3}}?(?:{_INFO}|specifics)\b|(?=\s+(?:in|within|from|about|on|regarding)\b))"
    ), needs_context=True),
    _Shape("no information was found", LazyPattern(
        rf"(?:no(?<![a-z]no)|insufficient|not enough) (?:{_WORD} ){{0,2}}?{_INFO} (?:{_WORD} ){{0,8}}?"
        r"(?:is|are|was|were|could be|can be|has been|have been|seems to be|appears to be)(?: [a-z]+)?"
        r" (?:found|available|provided|given|included|located|present|contained|mentioned|supplied|offered|retrieved)\b"
    ), needs_context=True),
    _Shape("the question cannot be answered", LazyPattern(
        r"(?:(?:this|that|your|the) (?:question|query)(?: you asked| asked)? (?:cannot|can ?not|can't|could ?not"
        r"|couldn't) be answered|(?:it is|it's|it was) (?:not possible|impossible) to answer"
        r"(?: (?:this|that|the|your) (?:question|query))?(?! of\b)"
        r"|no(?<![a-z]no) (?:definitive |clear |reliable |specific )?answer (?:can|could) be"
        r" (?:given|provided|found|offered|determined))"
    )),
]


# The negations and words of lack that every structure above holds, each with what
# follows it in a refusal (`not` is in most answers, `no longer` and `lack of` are not
# refusals): only the sentences holding one of these are looked at. All but three are
# found by one regex that starts at an `n` (the regex engine skips to it): `unable`,
# `insufficient`, `silent`, `beyond` are found at their `n`.
_NEGATION = LazyPattern(
    r"n(?:ot|'t|o(?<![a-z]no)(?:thing|ne)?|able to|sufficient|adequate|t(?<=silent)|d(?<=beyond)"
    r"|swer(?<=impossible to answer)|eed(?<=would need))(?![a-z])"
)
_AFTER_NOT = LazyPattern(
    rf"(?:,? (?!only\b)[a-z]+ly,?)? (?:been |have |seem to |appear to )?(?:able|in a position|{_CONTAIN}|know|have"
    r"|enough|sufficient|any|much|present|included|found|available|mentioned|covered|provided|given|addressed"
    r"|specified|contained|discussed|possible|answer|respond|reply|determine|say|tell|confirm|verify|establish"
    r"|ascertain|pinpoint|comment|speak|judge|assess|state|conclude|find|locate|identify|retrieve|access|produce"
    r"|cite|quote|come|provide|give|offer|supply|share|be (?:able|answered|sure|certain|in a position))\b"
)
_AFTER_NO = LazyPattern(rf" (?:{_WORD} ){{0,3}}?(?:{_INFO}|insight|specifics)\b")
_SCOPE = LazyPattern(r" (?:the scope of |what )?(?:the|these|those|this|that|my|our|your) ")
_FOLLOWING = {"not": _AFTER_NOT, "n't": _AFTER_NOT, "no": _AFTER_NO, "nd": _SCOPE}
_LACK = {
    "lack": LazyPattern(r"(?<![a-z])lack(?:s|ed)? (?!of\b)"),
    "fail": LazyPattern(r"fail(?:s|ed)? to "),
    "outside": LazyPattern(r"outside(?= )"),
}
_SUBJECTS = [(shape, _subject(shape)) for shape in _SHAPES]
# What a sentence says when it names the sources or the purpose of answering.
_CONTEXT = LazyPattern(
    rf"{_SOURCES}|\bto answer\b|\bwithout (?:more|further|additional|any|sufficient|enough|the) (?:{_WORD} )?{_INFO}\b"
)
# A clause that concedes a gap and goes on to answer, or gives the gap as the reason for
# something else ("I recommend the syllabus, as the gathered information does not list
# the topics"), starts with one of these.
_SUBORDINATE = LazyPattern(
    r"\s*(?:while|whilst|although|though|even though|even if|whereas|if|unless|despite|in spite of|as|because|since)\b"
)
_GOES_ON = LazyPattern(r"[,;:]? (?:but|however|though|although|yet|nevertheless|nonetheless)\b")
_STOPS = (". ", "! ", "? ", "  ")  # `  ` is a `\n` line break, folded
_SENTENCE_REACH = 600
# Words that make the sources' lack an instruction or a condition, not a refusal.
_INSTRUCTION = LazyPattern(
    r"\b(?:make sure|making sure|ensure|ensuring|check|checking|verify|verifying|confirm|whether|if|unless|when)"
    r"(?: that)? \Z"
)
_FIRST_PERSON_WORD = LazyPattern(r"(?<![a-z'])(?:i|we)(?![a-z])")
_SOURCES_ANYWHERE = LazyPattern(_SOURCES)
_CLAUSE_START = LazyPattern(r"[,;:(]|\s-\s|\u2014")


def _fold(text: str) -> str:
    """`text` in lower case with straight apostrophes and `\\n` line breaks as two spaces,
    of the same length, so that positions found in it hold in the answer."""
    straight = text.replace("\\n", "  ")
    if not straight.isascii():  # a flag of the string: no need to look for curly quotes
        straight = straight.replace("\u2019", "'").replace("\u2018", "'")
    folded = straight.lower()
    if len(folded) != len(text):  # a character whose lower case is longer (`İ`): kept
        folded = "".join(char.lower() if len(char.lower()) == 1 else char for char in straight)
    return folded


def _sentence(folded: str, index: int) -> tuple[int, int]:
    """(start, end) of the sentence holding `index` (looked for within a few hundred
    characters: a longer sentence is cut there)."""
    low, high = max(0, index - _SENTENCE_REACH), index + _SENTENCE_REACH
    start = max(folded.rfind(stop, low, index) for stop in _STOPS)
    ends = [end for end in (folded.find(stop, index, high) for stop in _STOPS) if end >= 0]
    return (start + 2 if start >= 0 else low), min(ends, default=min(len(folded), high))


def _quoted(folded: str, start: int, index: int) -> bool:
    """True when `index` is inside a quotation opened in the sentence from `start`."""
    before = folded[start:index]
    return before.count('"') % 2 == 1 or before.count("\u201c") > before.count("\u201d")


def _structural(folded: str) -> list[tuple[int, int]]:
    """Spans of the refusals found by their structure: every structure has a negation or a
    word of lack in it, so only the sentences holding one are looked at (a tenth of the
    text; the structures are slow to look for in all of it)."""
    spans, seen = [], set()
    for cue in _cues(folded):
        sentence = _sentence(folded, cue)
        if sentence in seen:
            continue
        seen.add(sentence)
        first, last = sentence
        holds = {
            "": True,
            "first person": bool(_FIRST_PERSON_WORD.search(folded, first, last)),
            "sources": bool(_SOURCES_ANYWHERE.search(folded, first, last)),
        }
        holds["context"] = holds["sources"] or bool(_CONTEXT.search(folded, first, last))
        for shape, subject in _SUBJECTS:
            if not holds[subject] or (shape.needs_context and not holds["context"]):
                continue
            for match in shape.pivot.finditer(folded, first, last):
                start = match.start()
                if shape.before is not None:
                    before = shape.before.search(folded, max(first, start - _LOOK_BACK), start)
                    if before is None:
                        continue
                    start = before.start()
                if _counts(folded, shape, subject, sentence, start, match.end()):
                    spans.append((start, match.end()))
                    break
        if spans:
            break  # cues come in order: this sentence holds the first refusal
    return spans


def _cues(folded: str) -> list[int]:
    """Positions of the negations and words of lack a refusal is made with, in order."""
    cues = []
    for match in _NEGATION.finditer(folded):
        following = _FOLLOWING.get(match.group())
        if following is None or following.match(folded, match.end()):
            cues.append(match.start())
    for word, pattern in _LACK.items():
        index = folded.find(word)
        while index >= 0:
            if pattern.match(folded, index):
                cues.append(index)
            index = folded.find(word, index + len(word))
    return sorted(cues)


def _counts(folded: str, shape: _Shape, subject: str, sentence: tuple[int, int], start: int, end: int) -> bool:
    """True when folded[start:end] is a refusal in its sentence, not a concession or a
    quotation."""
    first, last = sentence
    if shape.opening and folded[:first].strip():
        return False
    if subject == "sources" and _INSTRUCTION.search(folded, max(first, start - 30), start):
        return False  # "make sure the attached files do not contain personal data"
    if _quoted(folded, first, start):
        return False
    clause = first
    for boundary in _CLAUSE_START.finditer(folded, first, start):
        clause = boundary.end()
    if _SUBORDINATE.match(folded, clause):
        return False
    if _GOES_ON.search(folded, end, last):
        return False
    return True


def _fold_phrase(phrase: str) -> str:
    return phrase.strip().replace("\u2019", "'").replace("\u2018", "'").lower()


@lru_cache(maxsize=16)
def _search_plan(phrases: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The folded phrases in groups, each under an anchor: a word every phrase of the group
    contains. A phrase can only be in the answer if its anchor is, and most answers hold
    none of the few anchors, so a handful of searches replace one per phrase."""
    uncovered = [wanted for wanted in dict.fromkeys(_fold_phrase(phrase) for phrase in phrases) if wanted]
    plan = []
    while uncovered:
        candidates = sorted({word for wanted in uncovered for word in _anchor_words(wanted)})
        # The word in the most phrases; among those the longest, as long words are rare.
        anchor = max(candidates, key=lambda word: (sum(word in wanted for wanted in uncovered), len(word)))
        plan.append((anchor, tuple(wanted for wanted in uncovered if anchor in wanted)))
        uncovered = [wanted for wanted in uncovered if anchor not in wanted]
    return tuple(plan)


def _anchor_words(phrase: str) -> list[str]:
    """The words of a phrase long enough to be rare in answers (`a`, `the` are everywhere)."""
    words = phrase.split()
    shortest = min(5, max(len(word) for word in words))
    return [word for word in words if len(word) >= shortest]


def _phrases(folded: str, phrases: tuple[str, ...]) -> list[tuple[int, int]]:
    spans = []
    for anchor, group in _search_plan(phrases):
        if anchor not in folded:
            continue
        for wanted in group:
            index = folded.find(wanted)
            if index >= 0:
                spans.append((index, index + len(wanted)))
    return spans


def refusal_span(answer: str, options: Options | None = None) -> tuple[int, int] | None:
    """(start, end) in `answer` of the refusal this rule reports, or None. Other rules
    (generation-leak) ask it so as not to report the same words twice."""
    options = options or Options()
    folded = _fold(answer)
    spans = _phrases(folded, (*options.phrases, *options.extend_phrases))
    if options.structure:
        spans += _structural(folded)
    if not spans:
        return None
    # The first refusal; of two starting together, the longer.
    return min(spans, key=lambda span: (span[0], -span[1]))


def check(doc, ctx):
    found = doc.facts.answer
    if found is None:
        return
    answer, field = found
    span = refusal_span(answer, ctx.options)
    if span is None:
        return
    start, end = span
    message = f"answer is a non-answer: '{excerpt(answer, start, end)}'"
    yield ctx.diagnostic(doc, field.locate(start, end - start), message, field="answer")
