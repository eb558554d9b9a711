"""Mojibake on real records: inject each kind of damage, then see what `qlint` finds and repairs.

    python benchmarks/mojibake.py                       # the corpus under ../shared/corpus/
    python benchmarks/mojibake.py /work/qt/content/learn --per-kind 300 --seed 7

Records are drawn from a real corpus (never modified: damaged copies go to a temporary
folder), each used for one kind of damage, in a text field that holds non-ASCII text:

    whole-field      every non-ASCII character of the field, UTF-8 read as Windows-1252
    one-word         one word of a field that has other, correct non-ASCII words
    double           one word, mis-decoded twice (`’` -> `Ã¢â‚¬â„¢`)
    latin-1          one word, UTF-8 read as Latin-1 (C1 controls: the front matter no
                     longer parses)
    undefined-bytes  one word holding a character whose UTF-8 has a byte Windows-1252
                     leaves undefined (`⁺`, `ā`, `”`), read "sloppily" (C1 controls)
    sub-superscript  one word with chemistry sub- or superscripts (`CO₂`, `Na⁺`)
    title-copies     the whole `title`, with `article_title` and `question` left clean
    windows-1251, windows-1250, macroman
                     one word of mixed text, UTF-8 read with that codec (with --rarer)

Then, on copies of the damaged records: `qlint check --select mojibake`, the default
`qlint fix --select mojibake`, the same with `--unsafe-fixes`, and, for the title kind, a
full `qlint fix --unsafe-fixes` (every rule). Per kind it prints: records; found (every
damaged character is inside a finding); restored byte for byte by the default fix; left for
`--unsafe-fixes` (restored only with it); wrong (a fix that writes anything but the
original text, or a finding where nothing was damaged). For the title kind, also how many
records have the original text back in all three copies after the full fix.
"""

from __future__ import annotations

import argparse
import bisect
import json
import random
import re
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from qlint.record.parse import parse_document
from qlint.rules._encoding import misread

HERE = Path(__file__).resolve().parent
TARBALL = HERE.parent.parent / "shared" / "corpus" / "quicktakes-learn.tar.xz"
TEXT_FIELDS = [("answer",), ("question",), ("seo", "page_description"), ("title",)]
WORD = re.compile(r"[^\s\\]*[^\x00-\x7f][^\s\\]*")
UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}
SCRIPTS = re.compile("[\u2070-\u209f\u00b2\u00b3\u00b9]")
KINDS = ["whole-field", "one-word", "double", "latin-1", "undefined-bytes", "sub-superscript", "title-copies"]
RARER = {"windows-1251": "cp1251", "windows-1250": "cp1250", "macroman": "mac_roman"}
CODECS = {"latin-1": "latin-1", **RARER}


@dataclass
class Damaged:
    """One damaged record: the original and damaged texts, and where each damaged character
    went, (start, end) in the damaged text with (start, end) in the original."""

    rel: str
    kind: str
    original: str
    damaged: str = ""
    pieces: list[tuple[int, int, int, int]] = field(default_factory=list)

    def to_original(self, offset: int) -> int | None:
        """The original offset of a damaged-text offset; None inside a damaged character."""
        starts = [piece[0] for piece in self.pieces]
        at = bisect.bisect_right(starts, offset) - 1
        if at < 0:
            return offset
        d_start, d_end, o_start, o_end = self.pieces[at]
        if offset == d_start:
            return o_start
        if offset < d_end:
            return None
        return o_end + offset - d_end


def damage(record: Damaged, ranges: list[tuple[int, int]], times: int = 1, codec: str = "windows-1252") -> None:
    text, out, last = record.original, [], 0
    for start, end in ranges:
        out.append(text[last:start])
        for index in range(start, end):
            char = text[index]
            where = sum(map(len, out))
            new = char if char.isascii() else misread(char, times, codec)
            out.append(new)
            if new != char:
                record.pieces.append((where, where + len(new), index, index + 1))
        last = end
    out.append(text[last:])
    record.damaged = "".join(out)


def field_span(doc, path) -> tuple[int, int] | None:
    spot = doc.fields.get(path)
    value = doc.value(path)
    if spot is None or not isinstance(value, str) or value.isascii():
        return None
    return spot.value.start_offset, spot.value.end_offset


def candidates(doc, kind: str) -> list[tuple[int, int]]:
    """The character ranges of `doc.text` this kind may damage (one is drawn)."""
    paths = [("title",)] if kind == "title-copies" else TEXT_FIELDS[:3]
    found = []
    for path in paths:
        span = field_span(doc, path)
        if span is None:
            continue
        if kind in ("whole-field", "title-copies"):
            if kind == "title-copies" and not (doc.value(("article_title",)) == doc.value(("question",)) == doc.value(path)):
                continue
            found.append(span)
            continue
        words = [m.span() for m in WORD.finditer(doc.text, *span)]
        if kind in ("one-word", *RARER) and len(words) < 2:
            continue
        for start, end in words:
            piece = doc.text[start:end]
            if kind == "undefined-bytes" and not any(byte in UNDEFINED for byte in piece.encode()):
                continue
            if kind == "sub-superscript" and not SCRIPTS.search(piece):
                continue
            found.append((start, end))
    return found


def draw(root: Path, per_kind: int, seed: int) -> list[Damaged]:
    rng = random.Random(seed)
    files = sorted(root.rglob("*.md"))
    rng.shuffle(files)
    chosen: dict[str, list[Damaged]] = {kind: [] for kind in KINDS}
    for path in files:
        data = path.read_bytes()
        if data.isascii():
            continue
        doc = parse_document(data, path)
        if not doc.parsed:
            continue
        for kind in rng.sample(KINDS, len(KINDS)):
            if len(chosen[kind]) >= per_kind:
                continue
            spans = candidates(doc, kind)
            if not spans:
                continue
            record = Damaged(str(path.relative_to(root)), kind, doc.text)
            times = 2 if kind == "double" else 1
            try:
                damage(record, [rng.choice(spans)], times, CODECS.get(kind, "windows-1252"))
            except UnicodeDecodeError:
                continue  # a byte that codec has no character for: lost, not mojibake
            if record.pieces:
                chosen[kind].append(record)
                break
        if all(len(records) >= per_kind for records in chosen.values()):
            break
    return [record for kind in KINDS for record in chosen[kind]]


def qlint(folder: Path, *args: str) -> str:
    command = [sys.executable, "-m", "qlint", *args]
    result = subprocess.run(command, cwd=folder, capture_output=True, text=True)
    if result.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)} failed: {result.stderr}")
    return result.stdout


def tree(records: list[Damaged], folder: Path) -> Path:
    for record in records:
        path = folder / "content" / "learn" / record.rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(record.damaged.encode("utf-8"))
    (folder / "qlint.toml").write_text('root = "content/learn"\n')
    return folder


def offset_of(text: str, line: int, column: int) -> int:
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
    return starts[line - 1] + column - 1


def judge(record: Damaged, findings: list[dict]) -> tuple[bool, bool]:
    """(every damaged character is inside a finding, some fix or finding is wrong)."""
    covered, wrong = [], False
    for finding in findings:
        start = offset_of(record.damaged, finding["line"], finding["column"])
        end = offset_of(record.damaged, finding["end_line"], finding["end_column"])
        covered.append((start, end))
        if not any(start < d_end and d_start < end for d_start, d_end, _, _ in record.pieces):
            wrong = True  # a finding where nothing was damaged
        for edit in (finding.get("fix") or {}).get("edits", []):
            o_start, o_end = record.to_original(edit["start"]), record.to_original(edit["end"])
            if o_start is None or o_end is None or record.original[o_start:o_end] != edit["content"]:
                wrong = True
    found = all(any(s <= d_start and d_end <= e for s, e in covered) for d_start, d_end, _, _ in record.pieces)
    return found, wrong


def restored(records: list[Damaged], folder: Path, *args: str) -> set[str]:
    qlint(folder, "fix", "--no-cache", *args)
    return {r.rel for r in records if (folder / "content" / "learn" / r.rel).read_bytes() == r.original.encode("utf-8")}


def titles_back(records: list[Damaged], folder: Path) -> int:
    qlint(folder, "fix", "--no-cache", "--unsafe-fixes")
    back = 0
    for record in records:
        path = folder / "content" / "learn" / record.rel
        after, before = parse_document(path.read_bytes(), path), parse_document(record.original.encode(), path)
        names = ("title", "article_title", "question")
        back += after.parsed and all(after.value((name,)) == before.value((name,)) for name in names)
    return back


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", nargs="?", type=Path, help="a content root (default: the corpus tarball, extracted)")
    parser.add_argument("--per-kind", type=int, default=200, help="records per kind of damage (default 200)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--rarer", action="store_true", help="also the Windows-1251, Windows-1250 and MacRoman kinds")
    parser.add_argument("--show", type=int, default=0, metavar="N", help="print the findings of N records the default fix left")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qlint-mojibake-") as temp:
        work = Path(temp)
        root = args.root
        if root is None:
            if not TARBALL.is_file():
                raise SystemExit(f"no corpus at {TARBALL}: pass a content root")
            with tarfile.open(TARBALL) as archive:
                archive.extractall(work / "corpus", filter="data")
            root = work / "corpus" / "content" / "learn"
        if args.rarer:
            KINDS.extend(RARER)
        records = draw(root, args.per_kind, args.seed)
        check = tree(records, work / "check")
        findings: dict[str, list[dict]] = {}
        for finding in json.loads(qlint(check, "check", "--no-cache", "--select", "mojibake", "--format", "json") or "[]"):
            findings.setdefault(finding["path"].removeprefix("content/learn/").removeprefix("learn/"), []).append(finding)
        safe = restored(records, tree(records, work / "safe"), "--select", "mojibake")
        unsafe = restored(records, tree(records, work / "unsafe"), "--select", "mojibake", "--unsafe-fixes")
        titles = [r for r in records if r.kind == "title-copies"]
        back = titles_back(titles, tree(titles, work / "full"))
        print(f"{len(records)} records damaged (seed {args.seed})\n")
        print("| kind | records | found | restored by `qlint fix` | left for `--unsafe-fixes` | not restored | wrong |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        totals = [0] * 6
        for kind in KINDS:
            mine = [r for r in records if r.kind == kind]
            judged = [judge(r, findings.get(r.rel, [])) for r in mine]
            row = [
                len(mine),
                sum(found for found, _ in judged),
                sum(r.rel in safe for r in mine),
                sum(r.rel in unsafe and r.rel not in safe for r in mine),
                sum(r.rel not in unsafe for r in mine),
                sum(wrong for _, wrong in judged),
            ]
            totals = [a + b for a, b in zip(totals, row)]
            print(f"| {kind} | " + " | ".join(_cell(value, row[0], n) for n, value in enumerate(row)) + " |")
        print("| all | " + " | ".join(_cell(value, totals[0], n) for n, value in enumerate(totals)) + " |")
        judged = {r.rel: judge(r, findings.get(r.rel, [])) for r in records}
        shown = [r for r in records if judged[r.rel][1]] + [r for r in records if r.rel not in safe and not judged[r.rel][1]]
        for record in shown[: args.show]:
            words = sorted({record.damaged[max(0, a - 8) : b + 8] for a, b, _, _ in record.pieces})[:3]
            print(f"\n{record.kind} {record.rel} (wrong: {judged[record.rel][1]}) damaged: {words}")
            for finding in findings.get(record.rel, []):
                print(f"  {finding['line']}:{finding['column']} {finding['message']} fix={(finding.get('fix') or {}).get('applicability')}")
        print(f"\ntitle-copies: all three copies back after a full `qlint fix --unsafe-fixes`: {back} of {len(titles)}")


def _cell(value: int, total: int, column: int) -> str:
    return str(value) if column == 0 else f"{value} ({100 * value / max(total, 1):.1f} %)"


if __name__ == "__main__":
    main()
