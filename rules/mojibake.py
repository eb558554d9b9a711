"""Text was decoded with the wrong codec (mojibake), such as `Hereâ€™s` for `Here’s`.

Every text field (titles, question, answer, subject, author, the SEO texts and the titles
and subjects of the related articles) is checked with ftfy, set to repair encodings only.
Each damaged run of characters is reported where it is in the file, with the text ftfy
restores. Curly quotes, accents, Greek, Cyrillic, CJK, math symbols and the like are left
alone: only text that ftfy can turn back into what was meant is reported.

Why: mojibake is what a reader sees when UTF-8 text went through a tool that read it as
Windows-1252 or Latin-1 (`cafÃ©`, `Â°C`, `Î±`). The page shows the garbled characters,
and search engines index them.

Example:
    ```
    answer: >-
        Hereâ€™s how the pump works.
    ```
    reports `mojibake 'Hereâ€™s' should read 'Here’s' (UTF-8 text decoded as
    Windows-1252)` at the `â`.

Options: none.

Fix: replaces the damaged run by ftfy's repair. The fix is safe when the repair is a plain
re-encoding (encode as Windows-1252 or Latin-1, decode as UTF-8). It is unsafe when ftfy
had to guess lost bytes or mixed encodings (its `restore_byte_a0`,
`replace_lossy_sequences` or `decode_inconsistent_utf8` steps): those guesses are
sometimes wrong (a lost byte turns `“yes”` into `“yes†`), so check them by eye. No fix
is offered where the value is written with escapes or the repaired text would need
quoting in that scalar style.
"""

from __future__ import annotations

import difflib
from functools import lru_cache

from qlint.diagnostics import Applicability, Fix, Severity
from qlint.fixing.value_edits import replace_in_value
from qlint.rules._text import MOJIBAKE_CHAR, MOJIBAKE_PAIR, dotted, excerpt

CODE = "Q201"
NAME = "mojibake"
SEVERITY = Severity.ERROR
FIXABLE = True



@lru_cache(maxsize=1)
def _fixer():
    """ftfy's fix_and_explain and our configuration. Imported on first use: importing ftfy
    is a tenth of qlint's start-up, and most runs (a warm cache, ASCII records) never call it.

    ftfy's defaults also straighten curly quotes, normalize Unicode, unescape HTML (`&nbsp;`
    is house style), widen full-width punctuation and fix ligatures: none of that is an
    encoding error. explain=True matters: without it ftfy ignores the three guessing steps
    below and always uses them."""
    import ftfy

    config = ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        remove_control_chars=False,
        normalization=None,
        explain=True,
    )
    return lambda value: ftfy.fix_and_explain(value, config=config)

_GUESSES = {"restore_byte_a0", "replace_lossy_sequences", "decode_inconsistent_utf8"}
_DIFF_LIMIT = 4000  # characters a diff may compare: difflib is quadratic on long texts
_CODECS = {"sloppy-windows-1252": "Windows-1252", "windows-1252": "Windows-1252", "latin-1": "Latin-1"}


def check(doc, ctx):
    if doc.facts.joined_text.isascii():
        return  # most records: no text field holds a non-ASCII character
    for path, value, field in doc.facts.text_fields:
        # The hot path: almost every field is ASCII or has no lead/continuation pair.
        if value.isascii() or not MOJIBAKE_PAIR.search(value):
            continue
        fixed, plan = _fixer()(value)
        steps = {parameter for _, parameter in plan or ()}
        if fixed == value or not (steps & _GUESSES or any(action == "decode" for action, _ in plan)):
            continue  # no repair, or only a clean-up such as fix_c1_controls: not mojibake
        safe = not steps & _GUESSES
        how = _explain(plan, safe)
        runs = _changed_runs(value, fixed)
        for number, (start, end, new_start, new_end) in enumerate(runs):
            replacement = fixed[new_start:new_end]
            # Quote the whole word around the run, but never into the next or previous run.
            low = runs[number - 1][1] if number else 0
            high = runs[number + 1][0] if number + 1 < len(runs) else len(value)
            left, right = _widen(value, start, end, low, high)
            shown_old = excerpt(value, start - left, end + right)
            shown_new = excerpt(fixed, new_start - left, new_end + right)
            message = f"mojibake '{shown_old}' should read '{shown_new}'{how}"
            edit = replace_in_value(doc, path, start, end - start, replacement)
            fix = Fix(Applicability.SAFE if safe else Applicability.UNSAFE, (edit,)) if edit else None
            yield ctx.diagnostic(doc, field.locate(start, end - start), message, field=dotted(path), fix=fix)


def _explain(plan, safe: bool) -> str:
    encoded = next((p for action, p in plan if action == "encode"), None)
    decoded = next((p for action, p in plan if action == "decode"), None)
    if encoded in _CODECS and decoded == "utf-8":
        how = f"UTF-8 text decoded as {_CODECS[encoded]}"
        return f" ({how})" if safe else f" ({how}, with lost bytes guessed: check the repair)"
    return " (mixed or damaged encodings: check the repair)"


def _changed_runs(old: str, new: str) -> list[tuple[int, int, int, int]]:
    """(start, end) in `old` and (start, end) in `new` of each damaged run.

    The common start and end are cut off first; what is left is compared word by word (a
    repair keeps the spaces), or, when a space was lost or the rest is short, by a diff.
    Each change is widened over neighbouring characters mojibake is made of (`Â°` -> `°`
    is one run even though the `°` survives), and runs that then touch are merged."""
    head = _common_length(old, new, 1)
    tail = _common_length(old[head:], new[head:], -1)
    old_rest, new_rest = old[head : len(old) - tail], new[head : len(new) - tail]
    changes = []
    if len(old_rest) + len(new_rest) <= _DIFF_LIMIT:
        matcher = difflib.SequenceMatcher(None, old_rest, new_rest, autojunk=False)
        changes = [(i1, i2, j1, j2) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]
    elif old_rest.count(" ") == new_rest.count(" "):
        i = j = 0  # word by word: linear, for long answers with damage far apart
        for old_word, new_word in zip(old_rest.split(" "), new_rest.split(" ")):
            if old_word != new_word:
                front = _common_length(old_word, new_word, 1)
                back = _common_length(old_word[front:], new_word[front:], -1)
                changes.append((i + front, i + len(old_word) - back, j + front, j + len(new_word) - back))
            i, j = i + len(old_word) + 1, j + len(new_word) + 1
    else:
        changes = [(0, len(old_rest), 0, len(new_rest))]  # one coarse run rather than a slow diff
    runs: list[list[int]] = []
    for i1, i2, j1, j2 in changes:
        i1, i2, j1, j2 = i1 + head, i2 + head, j1 + head, j2 + head
        while i1 > 0 and j1 > 0 and MOJIBAKE_CHAR.match(old, i1 - 1) and old[i1 - 1] == new[j1 - 1]:
            i1, j1 = i1 - 1, j1 - 1
        while i2 < len(old) and j2 < len(new) and MOJIBAKE_CHAR.match(old, i2) and old[i2] == new[j2]:
            i2, j2 = i2 + 1, j2 + 1
        if runs and i1 <= runs[-1][1]:
            runs[-1][1:] = [max(i2, runs[-1][1]), runs[-1][2], max(j2, runs[-1][3])]
        else:
            runs.append([i1, i2, j1, j2])
    return [tuple(run) for run in runs]


def _common_length(one: str, two: str, direction: int) -> int:
    """Length of the common start (direction 1) or end (-1) of two strings, found by
    halving: slices compare at C speed, a character loop would not on long answers."""
    low, high = 0, min(len(one), len(two))
    while low < high:
        middle = (low + high + 1) // 2
        same = one[:middle] == two[:middle] if direction > 0 else one[len(one) - middle :] == two[len(two) - middle :]
        low, high = (middle, high) if same else (low, middle - 1)
    return low


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
