"""What the language server knows of records, apart from the protocol: the content roots
(one per config), their corpus index, and the records open in the editor.

Everything runs the CLI's pipeline: a `Linter` per config, `Linter.lint_document` for an
open record (record rules, cross-record rules against the index, decisions) and the
one-record fix loop `fix_document` for fixes, as `qlint.api.Project` does.

The index of a content root is read by `Linter.corpus()` (from the cache when warm) in a
thread of its own, with its own cache connection, which it closes when done; the rest
happens on the server's event loop and never touches the cache. Until the index is in,
open records get the record rules' findings. The editor's text of an open record stands in
the index for its file, so a record being written resolves as a link target at once; a
file changed, created, deleted or renamed outside the editor is re-read alone.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path

from qlint.diagnostics import Applicability, Diagnostic
from qlint.discovery.walk import display_path, file_filter
from qlint.fixing.apply import apply_edits
from qlint.fixing.loop import fix_document
from qlint.fixing.verify import verify
from qlint.pipeline.cache import Cache
from qlint.pipeline.cache_key import cache_key
from qlint.pipeline.index import CorpusIndex, Entry
from qlint.pipeline.linter import Linter
from qlint.pipeline.registry import active_rules
from qlint.pipeline.summary import RecordDetail
from qlint.record.config import Config
from qlint.record.document import Document
from qlint.record.parse import parse_text
from qlint.server.positions import Lines


def record_path(path: str | Path) -> str:
    """An absolute path named as the walk of a content root names it (its folder resolved),
    so an open record and its entry in the index are one record."""
    absolute = Path(path).absolute()
    return str(absolute.parent.resolve() / absolute.name)


@dataclass
class OpenRecord:
    """A record open in the editor: its text at its version, and what was found in it."""

    uri: str
    path: str  # as record_path names it
    version: int
    text: str
    root: "ContentRoot | None" = None  # None: no config takes it, it is not linted
    lines: Lines = field(init=False)
    linted: int | None = None  # the version `diagnostics` are of
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.lines = Lines(self.text)

    def edit(self, text: str, version: int) -> None:
        self.text, self.version, self.lines = text, version, Lines(text)

    @property
    def shift(self) -> int:
        """qlint's offsets do not count a byte order mark; the editor's text may hold one."""
        return 1 if self.text.startswith("\ufeff") else 0


@dataclass
class TextEdit:
    start: int  # character offsets into the record's text
    end: int
    content: str


@dataclass
class Action:
    """A code action: one diagnostic's fix, or every safe fix of the record."""

    title: str
    edits: list[TextEdit]
    diagnostic: Diagnostic | None = None  # None: the record's whole "fix all"
    preferred: bool = False


class ContentRoot:
    """The records under one config's root, checked with its rules."""

    def __init__(self, config: Config, cache_dir: Path | None = None, cache: bool = True, jobs: int = 0) -> None:
        """ConfigError when the config names unknown rules or options."""
        self.config = config
        self.contexts = active_rules(config)
        self.linter = Linter(config, self.contexts)  # the event loop's: no cache
        self.cache_folder = None if not cache else cache_dir or config.folder / ".qlint_cache"
        self.jobs = jobs or os.cpu_count() or 1
        self.index: CorpusIndex | None = None  # until built: record rules only
        self.open: dict[str, OpenRecord] = {}  # path -> record open in the editor
        self._keep = file_filter(config)
        self._root = str(config.root.absolute())
        self._suppression_codes = {c.rule.code for c in self.contexts if c.rule.check_suppressions is not None}

    def takes(self, path: str) -> bool:
        """Is the file at `path` one of this root's records (under it, taken by its globs)?"""
        inside = path.startswith(self._root + os.sep)
        return inside and self._keep(path[len(self._root) + 1 :].replace(os.sep, "/"))

    # ----- the index ---------------------------------------------------------------------------
    def build_index(self) -> CorpusIndex:
        """The index of the root, read as `qlint check` reads it (the cache where warm). Runs
        in a thread of its own: the cache is opened, used and closed here."""
        cache = Cache(self.cache_folder, cache_key(self.config, self.contexts)) if self.cache_folder else None
        try:
            index = Linter(self.config, self.contexts, cache, self.jobs).corpus()
        finally:
            if cache is not None:
                cache.close()
        index.by_stem  # built now, not at the first broken link
        return index

    def install(self, index: CorpusIndex) -> None:
        """Use `index` from now on, with the open records' texts in place of their files."""
        index.details = self._fresh_detail  # (the builder's cache is closed)
        self.index = index
        for record in self.open.values():
            self._put(self._document(record))

    def _fresh_detail(self, path: str) -> RecordDetail | None:
        """Where a record's values are written, read from its file now."""
        outcome = self.linter.file_linter.lint(Path(path), Path.cwd())
        return RecordDetail.from_wire(outcome.detail) if outcome.detail is not None else None

    def _put(self, doc: Document) -> bool:
        """`doc` in place of its record's entry; whether what links resolve to changed (its
        url, id, title or subject), so other open records should be linted again."""
        if self.index is None:
            return False
        return self._replace(str(doc.path), Entry.of_document(doc))

    def file_changed(self, path: str, exists: bool) -> bool:
        """A file of the root changed on disk (created, changed, deleted, renamed); an open
        record's entry stays the editor's text. Whether other records may see it differently."""
        if self.index is None or path in self.open or not self.takes(path):
            return False
        outcome = self.linter.file_linter.lint(Path(path), Path.cwd()) if exists else None
        if outcome is None or outcome.summary is None:
            return self._replace(path, None)
        return self._replace(path, Entry.from_wire(path, outcome.summary, outcome.detail))

    def _replace(self, path: str, entry: Entry | None) -> bool:
        """`entry` (None: no record) in the index for `path`; whether what links resolve to
        changed."""
        before = self.index.entries.get(path)
        if entry is None:
            self.index.remove(path)
            return before is not None
        self.index.add(entry)
        return before is None or _target_of(before) != _target_of(entry)

    def closed(self, record: OpenRecord) -> bool:
        """The record is closed: its file, as on disk (or nothing), back in the index."""
        self.open.pop(record.path, None)
        return self.file_changed(record.path, Path(record.path).is_file())

    # ----- one record --------------------------------------------------------------------------
    def _document(self, record: OpenRecord) -> Document:
        path = Path(record.path)
        return parse_text(record.text, path, display_path(path, Path.cwd()), site=self.config.site)

    def _lint(self, doc: Document) -> list[Diagnostic]:
        found = self.linter.lint_document(doc, self.index)
        if self.index is None:
            # Without the cross-record rules' findings, a suppression of one of them would
            # look unused: what the suppression rules say waits for the index.
            found = [d for d in found if d.code not in self._suppression_codes]
        return found

    def lint(self, record: OpenRecord) -> bool:
        """Lint the record's current text; whether other open records should be linted again
        (what its links resolve to changed)."""
        self.open[record.path] = record
        doc = self._document(record)
        moved = self._put(doc)
        record.diagnostics, record.linted = self._lint(doc), record.version
        return moved

    def actions(self, record: OpenRecord, start: int, end: int) -> list[Action]:
        """The quick fixes of the diagnostics between offsets `start` and `end` (each checked
        as `qlint fix` checks a fix), then the record's "fix all" of its safe fixes."""
        shift, doc, actions, seen = record.shift, None, [], []
        for diagnostic in record.diagnostics:
            fix, span = diagnostic.fix, diagnostic.span
            if fix is None or fix in seen or not (span.start_offset + shift <= end and start <= span.end_offset + shift):
                continue
            seen.append(fix)
            doc = doc or self._document(record)
            fixed = apply_edits(doc.text, list(fix.edits))
            after = parse_text(fixed, doc.path, doc.display_path, doc.bom, doc.site)
            if verify(doc, after, [diagnostic]) is not None:
                continue  # `qlint fix` would refuse it too
            safe = fix.applicability == Applicability.SAFE
            title = f"Fix {diagnostic.code} {diagnostic.name}" + ("" if safe else " (unsafe: may change meaning or a url)")
            actions.append(Action(title, text_edits(doc.text, fixed, shift), diagnostic, preferred=safe))
        fixed_all = self.fix_all(record)
        if fixed_all is not None:
            actions.append(Action("Fix all safe qlint problems in this file", fixed_all))
        return actions

    def fix_all(self, record: OpenRecord) -> list[TextEdit] | None:
        """The edits that make the record what `qlint fix` makes of it (safe fixes), or None."""
        doc = self._document(record)
        if not any(d.fix is not None and d.fix.applicability == Applicability.SAFE for d in record.diagnostics):
            return None
        outcome = fix_document(doc, self._lint, unsafe=False)
        return text_edits(doc.text, outcome.text, record.shift) if outcome.text != doc.text else None


def _target_of(entry: Entry) -> tuple:
    """What another record's link to `entry` is checked against."""
    return entry.url, entry.id, entry.title, entry.subject


def text_edits(before: str, after: str, shift: int = 0) -> list[TextEdit]:
    """Edits that turn `before` into `after`, one per changed run of lines, each trimmed to
    the characters that differ (offsets into `before`, plus `shift`)."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    starts = [0]
    for line in old:
        starts.append(starts[-1] + len(line))
    edits = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        start, end, content = starts[i1], starts[i2], "".join(new[j1:j2])
        replaced = before[start:end]
        common = len(os.path.commonprefix([replaced, content]))
        start, replaced, content = start + common, replaced[common:], content[common:]
        tail = len(os.path.commonprefix([replaced[::-1], content[::-1]]))
        end = start + len(replaced) - tail
        edits.append(TextEdit(start + shift, end + shift, content[: len(content) - tail]))
    return edits
