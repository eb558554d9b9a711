"""Text was decoded with the wrong codec (mojibake), such as `Hereâ€™s` for `Here’s`.

Every text field (titles, question, answer, subject, author, the SEO texts and the titles
and subjects of the related articles) is searched for runs of characters that are the bytes
of UTF-8 text read with a one-byte codec: Windows-1252 (`Hereâ€™s`, `COâ‚‚`), Windows-1252
with its undefined bytes kept as control characters (`â\x81º` for `⁺`, `Å\x81` for `Ł`),
Latin-1 (`â\x80\x99`), the same mix-up applied twice or three times (`Ã¢â‚¬â„¢`), and
the rarer readings ftfy's real-world cases hold: Windows-1251 (`вЂ™`), Windows-1250
(`Ă©`) and MacRoman (`√©`, `‚ÇÇ`).
Each damaged run is reported where it is in the file, with the text it decodes to and how
the damage came about, also when the rest of the field is correct non-ASCII text. Correct
text in any script (accents, Greek, Cyrillic, CJK, symbols, `NÃO`, `“MAÇÃ”`) is left alone:
a run is reported only when its bytes are valid UTF-8 and ftfy's measure of unlikely text
finds the run itself, or the word it stands in, less likely than its decoding.

A front matter that is not valid YAML because mis-decoding put control characters in it
(YAML refuses U+0080-U+009F) is searched as text: its damaged runs are reported with their
repair as well as the `yaml-syntax-error`, and once repaired the file parses.

Why: mojibake is what a reader sees when UTF-8 text went through a tool that read it as
Windows-1252 or Latin-1 (`cafÃ©`, `Â°C`, `Î±`). The page shows the garbled characters,
and search engines index them.

Example:
    ```
    answer: >-
        Hereâ€™s how the pump works.
    ```
    reports `mojibake 'Hereâ€™s' should read 'Here’s' (UTF-8 read as Windows-1252)` at
    the `â`.

Options: none.

Fix: each run is replaced by its decoded text, as one edit: all or nothing, never a part of
a run. The fix is safe when it is provably right: re-encoding the repaired text with the
detected codec gives back exactly the damaged characters, and the repaired text holds no
mojibake, no control character and nothing ftfy finds unlikely. Correct non-ASCII text
around the run does not matter. Windows-1252 and Latin-1 never disagree about a run (where
both can read it, they read the same bytes); within a word, the codec that explains most of
its characters is the one used. The unsafe cases are two rarer codecs decoding the same
run to different plausible text, and those where the damaged form may be meant: the run is
inside inline code or a code block, or the field talks about text encodings (it names a
codec, "mojibake", "character encoding"..., or quotes a damaged word and also holds its
repair, as an answer explaining `“cafÃ©”` does).
A repair of `title`, `article_title` or `question` that makes it read exactly as another
of the three is safe in any case: the record confirms it. A run whose bytes do not decode
completely (a byte was lost: `â€` for `”`) or whose decoding is itself unlikely text is
reported without a fix, and the message says why. No fix is offered where the value is
written with escapes or the repaired text would need quoting in that scalar style.
"""

from __future__ import annotations

import re

from qlint.diagnostics import Applicability, Edit, Fix, Severity
from qlint.fixing.value_edits import replace_in_value
from qlint.record.document import ProblemKind
from qlint.rules._encoding import MAYBE_DAMAGED, Run, damaged_runs
from qlint.rules._text import code_spans, dotted, excerpt

CODE = "Q201"
NAME = "mojibake"
SEVERITY = Severity.ERROR
FIXABLE = True
NEEDS_RECORD = False  # a front matter YAML refuses is searched as text

# Words of a field that explains text encodings: its damaged-looking runs may be examples.
# ("encoding" alone is not one: memory encoding, genes encoding proteins, texts encode ideology.)
_TALK = re.compile(
    r"mojibake|\butf-?(?:8|16)|\blatin-?1\b|iso-?8859|windows-?125\d|\bcp-?125\d|code ?page|charset|unicode|\bascii\b"
    r"|(?:character|text|string|byte|file) (?:en|de)coding|(?:en|de)coded (?:as|with)\b",
    re.I,
)
_QUOTES = "'\"`‘’“”«»„"
_TRAILING = ".,;:!?)"


def check(doc, ctx):
    if not doc.parsed:
        yield from _check_unparsed(doc, ctx)
        return
    if doc.facts.joined_text.isascii():
        return  # most records: no text field holds a non-ASCII character
    for path, value, field in doc.facts.text_fields:
        # The hot path: almost every field is ASCII or has no lead/continuation pair.
        if value.isascii() or not MAYBE_DAMAGED.search(value):
            continue
        runs = damaged_runs(value)
        if not runs:
            continue
        code = code_spans(value)
        talk = _TALK.search(value) is not None
        confirmed = _confirmed_by(doc, path, value, runs)
        for run in runs:
            # Copies of the same text that already read as the repair settle any doubt.
            note = "" if confirmed else _unsafe_note(value, run, code, talk)
            edit = replace_in_value(doc, path, run.start, run.end - run.start, run.repaired) if run.repaired else None
            yield ctx.diagnostic(doc, field.locate(run.start, run.end - run.start), _message(value, run, note), field=dotted(path), fix=_fix(run, edit, note))


_COPIES = ("title", "article_title", "question")


def _confirmed_by(doc, path: tuple, value: str, runs: list[Run]) -> list[str]:
    """The other copies of the title (`title`, `article_title`, `question` hold one text)
    that read exactly as this value once all its runs are repaired."""
    if len(path) != 1 or path[0] not in _COPIES or any(run.repaired is None for run in runs):
        return []
    pieces, last = [], 0
    for run in runs:
        pieces += [value[last : run.start], run.repaired]
        last = run.end
    repaired = " ".join(("".join(pieces) + value[last:]).split())
    return [name for name in _COPIES if name != path[0] and isinstance(doc.data.get(name), str) and " ".join(doc.data[name].split()) == repaired]


def _check_unparsed(doc, ctx):
    """A front matter YAML refused: its text, searched for runs mis-decoding put there."""
    problem = doc.problem
    if problem is None or problem.kind != ProblemKind.YAML:
        return
    text = doc.text[doc.front_matter_start : doc.front_matter_end]
    if text.isascii() or not MAYBE_DAMAGED.search(text):
        return
    base = doc.front_matter_start
    for run in damaged_runs(text):
        # No values to look at: the run's line stands in for its field.
        left, right = text.rfind("\n", 0, run.start) + 1, text.find("\n", run.end) % (len(text) + 1)
        line = text[left:right]
        local = run._replace(start=run.start - left, end=run.end - left)
        note = _unsafe_note(line, local, code_spans(line), _TALK.search(line) is not None)
        edit = Edit(base + run.start, base + run.end, run.repaired) if run.repaired else None
        yield ctx.diagnostic(doc, doc.span(base + run.start, base + run.end), _message(line, local, note), fix=_fix(run, edit, note))


def _unsafe_note(value: str, run: Run, code: list[tuple[int, int]], talk: bool) -> str:
    if run.doubt:
        return run.doubt
    if code and any(start <= run.start < end for start, end in code):
        return "inside code, where it may be meant"
    if talk:
        return "the text talks about encodings, and the damage may be an example"
    # A quoted word (`“cafÃ©”`) whose repair is also in the text (`“café”`) is an example.
    left = max(value.rfind(" ", 0, run.start), value.rfind("\n", 0, run.start)) + 1
    right = min((i for i in (value.find(" ", run.end), value.find("\n", run.end)) if i >= 0), default=len(value))
    word = value[left:right].rstrip(_TRAILING)
    if len(word) > 2 and word[0] in _QUOTES and word[-1] in _QUOTES and run.repaired:
        repaired = word.replace(run.damaged, run.repaired).strip(_QUOTES)
        if repaired and repaired in value:
            return "the damaged form is quoted next to its repair, and may be an example"
    return ""


def _fix(run: Run, edit: Edit | None, note: str) -> Fix | None:
    if edit is None or run.problem:
        return None
    return Fix(Applicability.UNSAFE if note else Applicability.SAFE, (edit,))


def _message(value: str, run: Run, note: str) -> str:
    left, right = _widen(value, run.start, run.end, 0, len(value))
    shown_old = excerpt(value, run.start - left, run.end + right)
    if run.repaired is None:
        return f"mojibake '{shown_old}' ({run.story}): {run.problem}"
    shown_new = excerpt(value[: run.start] + run.repaired + value[run.end :], run.start - left, run.start + len(run.repaired) + right)
    why = f": {run.problem}" if run.problem else f"; {note}: check the repair" if note else ""
    return f"mojibake '{shown_old}' should read '{shown_new}' ({run.story}{why})"


def _stops(char: str) -> bool:
    return char.isspace() or char == "\\"  # a space, or a `\n` line break of the house style


def _widen(text: str, start: int, end: int, low: int, high: int) -> tuple[int, int]:
    """How many characters to add on each side of text[start:end] to quote its word."""
    left = right = 0
    while start - left > low and not _stops(text[start - left - 1]) and left < 20:
        left += 1
    while end + right < high and not _stops(text[end + right]) and right < 20:
        right += 1
    return left, right
