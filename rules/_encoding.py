"""Finding mojibake by its bytes: the runs of a text that are UTF-8 read with a one-byte codec.

Not a rule (the leading underscore keeps it out of discovery). Used by `mojibake`, by the
consistency rules (a damaged copy of a title must never be copied over a clean one) and by
benchmarks/mojibake.py.

UTF-8 writes every character beyond ASCII as a lead byte (0xC2-0xF4) followed by one to
three continuation bytes (0x80-0xBF). Read with Windows-1252 or Latin-1, each of those bytes
becomes one character of U+0080-U+00FF or of Windows-1252's punctuation (`€`, `’`, `™`...).
So a damaged run is a stretch of such characters whose bytes are valid UTF-8 as a whole:
`Ã©` is C3 A9, `é`. The run is found and decoded exactly, byte for byte, without guessing;
ftfy judges whether the two sides are plausible text (its `badness` measure).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from qlint.rules._patterns import LazyPattern

# Windows-1252's characters for the bytes 0x80-0x9F it defines; the five it leaves undefined
# (0x81, 0x8D, 0x8F, 0x90, 0x9D) stay C1 control characters in the "sloppy" reading, as they
# are in Latin-1.
_PUNCTUATION = {bytes([b]).decode("cp1252"): b for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}
_BYTE_OF = {chr(b): b for b in range(0x80, 0x100)} | _PUNCTUATION
_HIGH = "".join(sorted(_BYTE_OF))
HIGH_RUN = LazyPattern(f"[{re.escape(_HIGH)}]{{2,}}")
_TRANSLATE = {ord(char): byte for char, byte in _BYTE_OF.items()}

# One complete UTF-8 character of two to four bytes (RFC 3629: no overlong forms, no
# surrogates, nothing past U+10FFFF), or the start of one cut short (a byte was lost).
_COMPLETE = (
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_CUT = rb"[\xe0-\xef][\x80-\xbf]|[\xf0-\xf4][\x80-\xbf]{1,2}"
_TOKEN = LazyPattern(rb"(?P<complete>" + _COMPLETE + rb")|(?P<cut>" + _CUT + rb")")
_WHOLE = LazyPattern(rb"(?:" + _COMPLETE + rb")+")

# Characters two-byte UTF-8 can give that no real text here is written in (Syriac, Thaana,
# NKo): a "repair" landing there means the pair was real text (`ß…` in German), not damage.
_UNLIKELY = LazyPattern("[\u0700-\u07ff]")
_BAD_CATEGORIES = {"Cc", "Cn", "Co", "Cs"}
_LETTERS = {"Lu", "Ll", "Lt", "Lo"}  # not modifier letters (`ʻ` in Hawaiʻi), which every script uses
_ALPHABETS = {
    "LATIN", "GREEK", "CYRILLIC", "ARMENIAN", "HEBREW", "ARABIC", "SYRIAC", "THAANA", "NKO", "DEVANAGARI",
    "BENGALI", "THAI", "GEORGIAN", "HANGUL", "HIRAGANA", "KATAKANA", "CJK", "ETHIOPIC", "COPTIC",
}  # fmt: skip
_CAPITAL_THEN_CLOSING = LazyPattern("[\u00c0-\u00de][\u2019\u201d\u2026\u203a\u00bb]")

_LABELS = {"sloppy-windows-1252": "Windows-1252", "latin-1": "Latin-1"}
_SURE_LEADS = "ÂÃÎÏÐÑ"
_WORD = 200  # characters looked at on each side for the word around a run


class _Reading(NamedTuple):
    """A rarer one-byte codec UTF-8 gets read with (ftfy's test cases hold each): the
    characters it shows for bytes 0x80-0xFF, as a table back to the bytes and a pattern of
    runs, for runs the Windows-1252/Latin-1 reading does not explain."""

    label: str
    table: dict[int, int]
    runs: LazyPattern


    leads: str  # the characters it shows for lead bytes 0xC2-0xF4
    continuations: str  # and for continuation bytes 0x80-0xBF


def _reading(label: str, codec: str) -> _Reading:
    # Decoded byte by byte without ftfy's "sloppy" codecs: undefined bytes are simply left out.
    chars = {bytes([byte]).decode(codec, "ignore"): byte for byte in range(0x80, 0x100)}
    chars.pop("", None)
    high = "".join(sorted(chars))
    leads = "".join(sorted(char for char, byte in chars.items() if 0xC2 <= byte <= 0xF4))
    continuations = "".join(sorted(char for char, byte in chars.items() if byte < 0xC0))
    table = {ord(char): byte for char, byte in chars.items()}
    return _Reading(label, table, LazyPattern(f"[{re.escape(high)}]{{2,}}"), leads, continuations)


def _pair(leads: str, continuations: str) -> LazyPattern:
    return LazyPattern(f"[{re.escape(''.join(sorted(set(leads))))}][{re.escape(''.join(sorted(set(continuations))))}]")


_READINGS = (
    _reading("Windows-1251", "cp1251"),
    _reading("Windows-1250", "cp1250"),
    _reading("MacRoman", "mac_roman"),
)
# Where a text may hold a run of one of them (`Г©`, `√©`, `‚Äô`); most texts have none.
RARER_PAIR = LazyPattern("|".join(_pair(r.leads, r.continuations).pattern for r in _READINGS))
# A lead then a continuation byte as any of the codecs shows them: the one search most
# texts need (one character class pair is as fast as Windows-1252's alone; the
# alternatives of RARER_PAIR are five times slower).
MAYBE_DAMAGED = _pair(
    "".join(r.leads for r in _READINGS) + "".join(map(chr, range(0xC2, 0xF5))),
    "".join(r.continuations for r in _READINGS) + "".join(char for char, byte in _BYTE_OF.items() if byte < 0xC0),
)


class Run(NamedTuple):
    """One damaged run of a text: text[start:end], and what it should read as."""

    start: int
    end: int
    damaged: str
    repaired: str | None  # None when the bytes do not decode completely
    story: str  # how it came about, for a message: "UTF-8 read as Windows-1252"
    problem: str  # why there is no exact repair; "" when `repaired` is exact and plausible
    doubt: str = ""  # why the exact repair is still a guess; "" when it is sure


@lru_cache(maxsize=1)
def _badness():
    """ftfy's measure of how unlikely a text is, imported on first use (a tenth of start-up)."""
    import ftfy.badness  # importing ftfy also registers the sloppy-windows-1252 codec

    return ftfy.badness.badness


def damaged_runs(text: str) -> list[Run]:
    """Every damaged run of `text`, in order. Most texts are ASCII or have no lead byte
    followed by a continuation byte as these codecs show them: callers test that first."""
    found: list[tuple[Run, bool]] = []
    for high in HIGH_RUN.finditer(text):
        chars = high.group()
        data = chars.translate(_TRANSLATE).encode("latin-1")
        group: list[re.Match] = []
        for token in _TOKEN.finditer(data):
            if group and token.start() != group[-1].end():
                found += _judged(text, high.start(), chars, group)
                group = []
            group.append(token)
        if group:
            found += _judged(text, high.start(), chars, group)
    if RARER_PAIR.search(text):
        found = _one_reading_per_word(text, found, _rarer_runs(text))
    return [run for at, (run, strong) in enumerate(found) if strong or _corroborated(text, at, found)]


def _one_reading_per_word(text: str, first: list[tuple[Run, bool]], rarer: list[tuple[Run, bool]]) -> list[tuple[Run, bool]]:
    """The runs of both readings, where each word keeps the runs of the one codec that
    explains most of its characters (Windows-1252's on a tie): `CaSO‚ÇÑ¬∑` is MacRoman
    for `CaSO₄·`, although its `Ñ¬` alone are two Windows-1252 bytes of UTF-8 too."""
    words: dict[tuple[int, int], dict[str, int]] = {}
    both = [(pair, "") for pair in first] + [(pair, pair[0].story) for pair in rarer]
    for (run, _), family in both:
        counts = words.setdefault(_around(text, run.start, run.start, _WORD), {})
        counts[family] = counts.get(family, 0) + run.end - run.start
    kept: list[tuple[Run, bool]] = []
    for pair, family in sorted(both, key=lambda item: (item[0][0].start, item[1] != "")):
        counts = words[_around(text, pair[0].start, pair[0].start, _WORD)]
        if max(counts, key=lambda name: (counts[name], name == "")) != family:
            continue
        if kept and kept[-1][0].end > pair[0].start:
            continue  # overlaps a run already kept (the words split at a no-break space)
        kept.append(pair)
    return kept


def _rarer_runs(text: str) -> list[tuple[Run, bool]]:
    """Runs only a rarer codec explains: all of the run decodes, once, to plausible text.
    Where two codecs decode the same characters differently, the repair is a guess."""
    found: dict[tuple[int, int], tuple[Run, bool]] = {}
    badness = _badness()
    for reading in _READINGS:
        for high in reading.runs.finditer(text):
            chars = high.group()
            data = chars.translate(reading.table).encode("latin-1")
            for whole in _WHOLE.finditer(data):
                start, end = high.start() + whole.start(), high.start() + whole.end()
                damaged = text[start:end]
                if damaged.translate(_TRANSLATE) == damaged.translate(reading.table):
                    continue  # the same bytes as Windows-1252 shows them: that reading's call
                repaired = whole.group().decode("utf-8")
                if _UNLIKELY.search(repaired) or badness(repaired) > 0 or _has_bad_category(repaired):
                    continue
                # Two characters, or punctuation and symbols from three bytes (`‚Äô`), are
                # damage for sure; one letter must fit the text around it.
                strong = len(repaired) > 1 or len(damaged) > 2 and not repaired.isalpha()
                run = Run(start, end, damaged, repaired, f"UTF-8 read as {reading.label}", "")
                other = found.get((start, end))
                if other is not None and other[0].repaired != repaired:
                    run = run._replace(story=f"{run.story} or {other[0].story[len('UTF-8 read as ') :]}", doubt="two codecs read it differently")
                found[(start, end)] = (run, strong or (other is not None and other[1]))
    return list(found.values())


def _has_bad_category(text: str) -> bool:
    return any(unicodedata.category(char) in _BAD_CATEGORIES for char in text)


def _corroborated(text: str, at: int, found: list[tuple[Run, bool]]) -> bool:
    """Whether found[at], a run with nothing unlikely about it alone (a two-character pair
    ftfy does not flag, `Å‚` for `ł`), is damage all the same: another run of the same word
    surely is (`Ï€rÂ²` for `πr²`), or the word reads more likely with the run decoded (`byÅ‚`)."""
    run = found[at][0]
    for step in (-1, 1):  # the neighbours in the same word, nearest first
        other = at + step
        while 0 <= other < len(found):
            near, strong = found[other]
            low, high = min(run.end, near.end), max(run.start, near.start)
            if any(char.isspace() for char in text[low:high]):
                break
            if strong and _family(near) == _family(run):
                return True
            other += step
    left, right = _around(text, run.start, run.end)
    context = _scripts(text[left : run.start] + text[run.end : right])
    if not context:  # a word of symbols and the run only: the sentence around tells
        context = _scripts(text[max(0, run.start - 60) : run.start] + text[run.end : run.end + 60])
    before, after = _scripts(run.damaged), _scripts(run.repaired or "")
    if context and not before <= context:
        return True  # the damage brings in an alphabet the text around does not use: `cafГ©`
    if context and not after <= context:
        return False  # the decoding would: `”à` in French is not `ӈ`
    badness = _badness()
    return badness(text[left:right]) > badness(text[left : run.start] + (run.repaired or "") + text[run.end : right])


def _scripts(text: str) -> set[str]:
    """The alphabets the letters of `text` come from (the first word of their names; signs
    such as `µ` belong to none)."""
    found = {unicodedata.name(char, "?").split(" ", 1)[0] for char in text if unicodedata.category(char) in _LETTERS}
    return found & _ALPHABETS


def _family(run: Run) -> str:
    return "" if run.story.startswith(("UTF-8 read as Windows-1252", "UTF-8 read as Latin-1", "double")) else run.story


def _judged(text: str, offset: int, chars: str, tokens: list[re.Match]) -> list[tuple[Run, bool]]:
    """The run the tokens make, if it may be damage, and whether that is sure on its own."""
    start, end = tokens[0].start(), tokens[-1].end()
    damaged = chars[start:end]
    start, end = start + offset, end + offset
    badness = _badness()
    if any(token.lastgroup == "cut" for token in tokens):
        # A byte was lost on the way (Windows-1252 had no character for it, or a 0xA0 became
        # a space): only a guess could put it back. Reported only when ftfy finds the run
        # itself unlikely text (`â€` is; `é—` is a word before a dash).
        if badness(damaged) == 0:
            return []
        return [(Run(start, end, damaged, None, "UTF-8 read as Windows-1252", "a byte of it was lost: no exact repair"), True)]
    if len(damaged) == 2 and (damaged[0] == "\u00d7" or _capital_then_closing(text, start)):
        return []  # `2×³` is a power; a lone Hebrew letter from `×` is not a word
    repaired, layers, codec = damaged, 0, ""
    while layers < 3:
        codec = _codec_of(repaired)
        data = repaired.translate(_TRANSLATE).encode("latin-1", "replace") if codec else b""
        if not codec or not _WHOLE.fullmatch(data):
            break
        repaired, layers = data.decode("utf-8"), layers + 1
        if not _all_high(repaired):
            break  # real characters now: a further round is not even possible
    story = f"UTF-8 read as {_LABELS[codec]}" if layers == 1 else "double-encoded: UTF-8 read as Windows-1252, more than once"
    if layers == 0:
        return []  # each token decodes alone, but the run mixes the two codecs' characters
    if _UNLIKELY.search(repaired):
        return []
    # Sure damage: three or more characters, a C1 control, what ftfy finds unlikely, or a
    # pair led by `Â`, `Ã` (Latin-1's own letters), `Î`, `Ï` (Greek), `Ð`, `Ñ` (Cyrillic),
    # which real text never follows by one of these symbols but in capitals (handled above).
    strong = len(damaged) > 2 or badness(damaged) > 0 or damaged[0] in _SURE_LEADS or any("\x80" <= c <= "\x9f" for c in damaged)
    problem = ""
    if _has_bad_category(repaired) or badness(repaired) > 0:
        problem = "the decoded text is itself unlikely: check it by hand"
    elif HIGH_RUN.search(repaired) and damaged_runs(repaired):
        problem = "the decoded text still holds mojibake"
    return [(Run(start, end, damaged, repaired, story, problem), strong)]


def misread(text: str, times: int = 1, codec: str = "windows-1252") -> str:
    """`text` as UTF-8 read with `codec`, `times` times over: the damage `damaged_runs`
    undoes. Windows-1252 keeps its undefined bytes as C1 controls ("sloppy"); any other
    codec Python knows (`latin-1`, `cp1251`, `mac_roman`) reads as Python reads it. For
    tests and benchmarks."""
    for _ in range(times):
        data = text.encode("utf-8")
        text = "".join(_CHAR_OF[byte] for byte in data) if codec == "windows-1252" else data.decode(codec)
    return text


_CHAR_OF = {byte: chr(byte) for byte in range(0x100)} | {byte: char for char, byte in _PUNCTUATION.items()}


def _codec_of(run: str) -> str:
    """The codec that reads the run's bytes back as exactly these characters, or ""."""
    for codec in ("sloppy-windows-1252", "latin-1"):
        try:
            if run.encode(codec).decode(codec) == run:
                return codec
        except UnicodeEncodeError:
            continue
    return ""


def _all_high(text: str) -> bool:
    return len(text) >= 2 and all(char in _BYTE_OF for char in text)


def _capital_then_closing(text: str, start: int) -> bool:
    """A capital accented letter then closing punctuation, after another capital and not
    before a small letter: real text in capitals (`“MAÇÃ”`, `«IRMÃ»`), although it is also the bytes
    of a letter (`Ã”` is `Ô`). A closing quote counts only after its opening one."""
    if not _CAPITAL_THEN_CLOSING.match(text, start) or start == 0 or not text[start - 1].isupper():
        return False
    if text[start + 2 : start + 3].islower():
        return False  # `Ã”s` is inside a word: a letter, not the end of one (`’S` in capitals is)
    opening = {"\u201d": "\u201c", "\u00bb": "\u00ab"}.get(text[start + 1])
    return opening is None or opening in text[max(0, start - 300) : start]


def _around(text: str, start: int, end: int, limit: int = 20) -> tuple[int, int]:
    """Where the word around text[start:end] starts and ends (`limit` characters at most
    each side)."""
    left = start
    while left > 0 and start - left < limit and not text[left - 1].isspace():
        left -= 1
    right = end
    while right < len(text) and right - end < limit and not text[right].isspace():
        right += 1
    return left, right



# Characters no title should hold: controls (escape damage leaves `\t`, `\b`...), invisible
# format characters and the replacement character of a lost one. Line breaks are whitespace.
_INVISIBLE = LazyPattern("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200d\u2060-\u2064\ufeff\ufffd]")


def text_damage(value: str) -> str:
    """What is wrong with the text itself ("mojibake", "invisible characters"), or "".

    The consistency rules ask it before copying one copy of a text over another: a damaged
    copy must never spread."""
    if value.isascii():
        return "invisible characters" if _INVISIBLE.search(value) else ""
    if HIGH_RUN.search(value) and damaged_runs(value):
        return "mojibake"
    return "invisible characters" if _INVISIBLE.search(value) else ""
