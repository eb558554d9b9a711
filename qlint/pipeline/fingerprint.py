"""A problem's fingerprint: what makes it the same problem in two runs, wherever it moved.

Two runs over a changing corpus report the same defect at other lines when lines were
added above it, so a problem is matched across runs by what it is, never by where it is:

    fingerprint(code, path, field, message) -> 16 hex digits

- `code`: the rule (`"Q302"`);
- `path`: the file as the run shows it (`/` between its parts); the caller chooses what
  the path is relative to, and both runs compared must choose the same;
- `field`: the dotted field (`"related_article3.url"`), or None;
- `message`: the message, which quotes the offending value; a position written in it
  (`first defined on line 12`) is masked first, so that it too may move.

Fingerprints are not unique: one record can hold the same defect twice (two doubled quotes
in one answer give the same message). Compare them as multisets (`new_and_gone`): with two
before and three now, one is new. `of_diagnostic` and `of_json_problem` fingerprint a
Diagnostic and an object of `qlint check --format json` alike, so a saved JSON output can
serve as the earlier run.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from typing import Any, Sequence, TypeVar

from qlint.diagnostics import Diagnostic

# "line 12", "lines 3-5", "column 7": positions a message may mention.
_POSITION = re.compile(r"\b(lines?|columns?)(\s+)\d+(?:\s*(?:-|–|to|and)\s*\d+)?")
_SEPARATOR = "\x1f"  # ASCII unit separator: in no code, path, field or message qlint writes

T = TypeVar("T")
U = TypeVar("U")


def fingerprint(code: str, path: str, field: str | None, message: str) -> str:
    """The fingerprint of a problem of rule `code` in the file `path`, at `field`, saying
    `message` (see the module's documentation)."""
    if "line" in message or "column" in message:  # most messages mention neither: no regex for them
        message = _POSITION.sub(r"\1\2#", message)
    parts = (code, path.replace("\\", "/"), field or "", message)
    return hashlib.blake2b(_SEPARATOR.join(parts).encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def of_diagnostic(diagnostic: Diagnostic) -> str:
    return fingerprint(diagnostic.code, diagnostic.path, diagnostic.field, diagnostic.message)


def of_json_problem(problem: dict[str, Any]) -> str:
    """The fingerprint of one object of the JSON output (its keys code, path, field, message)."""
    return fingerprint(problem["code"], problem["path"], problem.get("field"), problem["message"])


def new_and_gone(before: Sequence[tuple[str, T]], now: Sequence[tuple[str, U]]) -> tuple[list[U], list[T]]:
    """Which problems of `now` are new and which of `before` are gone, each given as
    (fingerprint, item), compared as multisets: of n problems with one fingerprint before and
    m now, the last m - n of `now` are new, or the last n - m of `before` are gone. Both
    lists come back in the order given."""
    unmatched = Counter(print_ for print_, _ in before)
    new = []
    for print_, item in now:
        if unmatched[print_]:
            unmatched[print_] -= 1
        else:
            new.append(item)
    gone = []
    for print_, item in reversed(before):
        if unmatched[print_]:
            unmatched[print_] -= 1
            gone.append(item)
    gone.reverse()
    return new, gone
