"""`qlint server`: a Language Server Protocol server over stdio, built on pygls.

It publishes the diagnostics of every open record as it changes (debounced), with the rule's
code, name and severity, and its documentation on hover; it offers each fix as a code action
(safe ones as preferred quick fixes, unsafe ones labelled) and a "fix all" source action
(`source.fixAll.qlint`, what `qlint fix` does to the file). Each record is checked with the
config `qlint check` would use for it, and only when that config's root and globs take it.
This module speaks the protocol; `records.py` does the work, `positions.py` the positions.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol, lsp_method
from pygls.uris import to_fs_path

from qlint import __version__
from qlint.diagnostics import Diagnostic, Severity
from qlint.errors import QlintError
from qlint.pipeline.registry import find_rule
from qlint.record.config import CONFIG_FILES, find_config_file, load_config
from qlint.server.positions import UTF32, Lines
from qlint.server.records import Action, ContentRoot, OpenRecord, record_path

FIX_ALL = "source.fixAll.qlint"
_SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
_MARKDOWN_FILES = types.FileOperationRegistrationOptions(
    filters=[types.FileOperationFilter(pattern=types.FileOperationPattern(glob="**/*.md"))]
)


class _Protocol(LanguageServerProtocol):
    @lsp_method(types.INITIALIZE)
    def lsp_initialize(self, params: types.InitializeParams):
        # Code points when the client can count them: qlint's offsets need no conversion.
        general = params.capabilities.general
        if general is not None and general.position_encodings and UTF32 in general.position_encodings:
            general.position_encodings = [types.PositionEncodingKind.Utf32]
        return (yield from super().lsp_initialize(params))


class QlintServer(LanguageServer):
    def __init__(self, config_file: Path | None, cache_dir: Path | None, cache: bool, debounce: float) -> None:
        super().__init__("qlint", __version__, protocol_cls=_Protocol)
        self.config_file, self.cache_dir, self.cache, self.debounce = config_file, cache_dir, cache, debounce
        self.records: dict[str, OpenRecord] = {}  # uri -> open record
        self.roots: dict[str, ContentRoot | None] = {}  # config file -> its content root (None: unusable)
        self.pending: dict[str, asyncio.TimerHandle] = {}  # uri -> its scheduled lint
        self.told: set[str] = set()  # problems already shown to the user once

    @property
    def encoding(self) -> str:
        """The unit of a column, as agreed at initialization."""
        encoding = self.workspace.position_encoding or types.PositionEncodingKind.Utf16
        return str(getattr(encoding, "value", encoding))  # (an enum member, or a string the client sent)

    # ----- records and their roots ---------------------------------------------------------------
    def root_for(self, path: str) -> ContentRoot | None:
        """The content root whose config `qlint check PATH` would use, if it takes the file."""
        try:
            config_file = self.config_file or find_config_file(Path(path))
            if config_file is None:
                self.log(f"qlint: no qlint.toml or [tool.qlint] above {path}: not checked")
                return None
            key = str(config_file)
            if key not in self.roots:
                self.roots[key] = None
                self.roots[key] = root = ContentRoot(load_config(config_file), self.cache_dir, self.cache)
                self.start_index(root)
        except QlintError as exc:
            self.tell(f"qlint: {exc}", types.MessageType.Error)
            return None
        root = self.roots[key]
        return root if root is not None and root.takes(path) else None

    def start_index(self, root: ContentRoot) -> None:
        """Read the root's index in a thread; lint the open records again when it is in."""
        loop = asyncio.get_running_loop()

        def build() -> None:
            started = time.perf_counter()
            try:
                index = root.build_index()
            except Exception as exc:  # a damaged corpus must not take the server down
                loop.call_soon_threadsafe(self.tell, f"qlint: cannot index {root.config.root}: {exc}", types.MessageType.Error)
                return
            seconds = time.perf_counter() - started
            loop.call_soon_threadsafe(self.index_ready, root, index, seconds)

        threading.Thread(target=build, name="qlint-index", daemon=True).start()

    def index_ready(self, root: ContentRoot, index, seconds: float) -> None:
        if self.roots.get(str(root.config.source)) is not root:
            return  # the config changed meanwhile: this root is gone
        root.install(index)
        self.log(f"qlint: {len(index.entries)} records under {root.config.root} indexed in {seconds:.2f} s")
        for record in self.records.values():
            if record.root is root:
                self.lint_now(record.uri)

    def tell(self, message: str, kind: types.MessageType) -> None:
        """Show a problem of the set-up once (every record of a project would repeat it)."""
        if message not in self.told:
            self.told.add(message)
            self.window_show_message(types.ShowMessageParams(kind, message))
        self.log(message)

    def log(self, message: str) -> None:
        self.window_log_message(types.LogMessageParams(types.MessageType.Log, message))

    # ----- linting ---------------------------------------------------------------------------------
    def schedule(self, uri: str) -> None:
        """Lint `uri` once its text has rested for the debounce time."""
        if (handle := self.pending.pop(uri, None)) is not None:
            handle.cancel()
        self.pending[uri] = asyncio.get_running_loop().call_later(self.debounce, self.lint_now, uri)

    def lint_now(self, uri: str) -> None:
        if (handle := self.pending.pop(uri, None)) is not None:
            handle.cancel()
        record = self.records.get(uri)
        if record is None or record.root is None:
            return
        try:
            moved = record.root.lint(record)
        except Exception as exc:  # a rule's bug: said once, and the server goes on
            self.tell(f"qlint: internal error in {record.path}: {type(exc).__name__}: {exc}", types.MessageType.Error)
            return
        self.publish(record)
        if moved:  # what links to this record resolve to changed: its neighbours may differ
            self.lint_later(record.root, but=record)

    def lint_later(self, root: ContentRoot, but: OpenRecord | None = None) -> None:
        """Lint every open record of `root` again (but `but`), once the debounce time is up."""
        for record in self.records.values():
            if record.root is root and record is not but:
                self.schedule(record.uri)

    def current(self, record: OpenRecord) -> None:
        """Make the record's diagnostics those of its current text (a request came first)."""
        if record.root is not None and record.linted != record.version:
            self.lint_now(record.uri)

    def publish(self, record: OpenRecord) -> None:
        found = [self.lsp_diagnostic(record, d) for d in record.diagnostics]
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(record.uri, found, record.version))

    def lsp_range(self, record: OpenRecord, start: int, end: int) -> types.Range:
        encoding, lines = self.encoding, record.lines
        return types.Range(types.Position(*lines.position(start, encoding)), types.Position(*lines.position(end, encoding)))

    def lsp_diagnostic(self, record: OpenRecord, diagnostic: Diagnostic) -> types.Diagnostic:
        span, shift = diagnostic.span, record.shift
        return types.Diagnostic(
            range=self.lsp_range(record, span.start_offset + shift, span.end_offset + shift),
            message=f"[{diagnostic.name}] {diagnostic.message}",
            severity=_SEVERITIES[diagnostic.severity],
            code=diagnostic.code,
            source="qlint",
        )

    def offset(self, record: OpenRecord, position: types.Position) -> int:
        return record.lines.offset(position.line, position.character, self.encoding)

    def workspace_edit(self, record: OpenRecord, action: Action) -> types.WorkspaceEdit:
        edits = [types.TextEdit(self.lsp_range(record, e.start, e.end), e.content) for e in action.edits]
        if self.client_capabilities.workspace and self.client_capabilities.workspace.workspace_edit and \
                self.client_capabilities.workspace.workspace_edit.document_changes:  # fmt: skip
            document = types.OptionalVersionedTextDocumentIdentifier(record.uri, record.version)
            return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(document, edits)])
        return types.WorkspaceEdit(changes={record.uri: edits})

    # ----- files outside the editor --------------------------------------------------------------
    def files_changed(self, changes: list[tuple[str, bool]]) -> None:
        """Files created, changed, deleted or renamed on disk: (path, exists now)."""
        if any(Path(path).name in CONFIG_FILES for path, _ in changes):
            self.reload()
            return
        for root in filter(None, self.roots.values()):
            if any([root.file_changed(record_path(path), exists) for path, exists in changes]):  # (every one applied)
                self.lint_later(root)

    def reload(self) -> None:
        """A config file changed: every root is made again from its config."""
        self.roots.clear()
        self.told.clear()
        for record in self.records.values():
            record.root = self.root_for(record.path)
            if record.root is not None:
                self.lint_now(record.uri)
            else:
                self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(record.uri, []))


def _watched_files_registration() -> types.Registration:
    watchers = [types.FileSystemWatcher(glob_pattern=f"**/{name}") for name in ("*.md", *CONFIG_FILES)]
    options = types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers)
    return types.Registration(id="qlint-watched-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES, register_options=options)


def make_server(config_file: Path | None = None, cache_dir: Path | None = None, cache: bool = True, debounce: float = 0.1) -> QlintServer:
    """The server with its LSP handlers. Long by design: each handler is a few lines that hand
    the request to QlintServer, and having them side by side makes this the one list of
    what the server answers."""
    server = QlintServer(config_file, cache_dir, cache, debounce)

    @server.feature(types.INITIALIZED)
    async def initialized(ls: QlintServer, params: types.InitializedParams) -> None:
        watched = ls.client_capabilities.workspace and ls.client_capabilities.workspace.did_change_watched_files
        if watched and watched.dynamic_registration:
            await ls.client_register_capability_async(types.RegistrationParams([_watched_files_registration()]))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: QlintServer, params: types.DidOpenTextDocumentParams) -> None:
        document = params.text_document
        path = to_fs_path(document.uri)
        if path is None:
            return  # not a file (an untitled buffer): there is no path to check it as
        record = OpenRecord(document.uri, record_path(path), document.version, document.text)
        ls.records[document.uri] = record
        record.root = ls.root_for(record.path)
        ls.lint_now(document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: QlintServer, params: types.DidChangeTextDocumentParams) -> None:
        record = ls.records.get(params.text_document.uri)
        if record is None:
            return
        text = record.text
        for change in params.content_changes:
            if isinstance(change, types.TextDocumentContentChangePartial):
                lines = record.lines if text is record.text else Lines(text)
                start = lines.offset(change.range.start.line, change.range.start.character, ls.encoding)
                end = lines.offset(change.range.end.line, change.range.end.character, ls.encoding)
                text = text[:start] + change.text + text[max(start, end) :]
            else:
                text = change.text
        record.edit(text, params.text_document.version)
        if record.root is not None:
            ls.schedule(record.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: QlintServer, params: types.DidCloseTextDocumentParams) -> None:
        record = ls.records.pop(params.text_document.uri, None)
        if (handle := ls.pending.pop(params.text_document.uri, None)) is not None:
            handle.cancel()
        if record is None:
            return
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(record.uri, []))
        if record.root is not None and record.root.closed(record):
            ls.lint_later(record.root)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL]),
    )
    def code_action(ls: QlintServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        record = ls.records.get(params.text_document.uri)
        if record is None or record.root is None:
            return None
        ls.current(record)
        only = params.context.only
        start, end = ls.offset(record, params.range.start), ls.offset(record, params.range.end)
        found = []
        for action in record.root.actions(record, start, end):
            kind = types.CodeActionKind.QuickFix if action.diagnostic is not None else FIX_ALL
            if only and not any(kind == wanted or kind.startswith(f"{wanted}.") for wanted in only):
                continue
            diagnostics = [ls.lsp_diagnostic(record, action.diagnostic)] if action.diagnostic is not None else None
            found.append(types.CodeAction(
                title=action.title, kind=kind, diagnostics=diagnostics, is_preferred=action.preferred or None,
                edit=ls.workspace_edit(record, action),
            ))  # fmt: skip
        return found

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: QlintServer, params: types.HoverParams) -> types.Hover | None:
        record = ls.records.get(params.text_document.uri)
        if record is None or record.root is None:
            return None
        ls.current(record)
        at, shift = ls.offset(record, params.position), record.shift
        here = [d for d in record.diagnostics if d.span.start_offset + shift <= at <= d.span.end_offset + shift]
        if not here:
            return None
        return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, "\n\n---\n\n".join(_documentation(d) for d in here)))

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched_files(ls: QlintServer, params: types.DidChangeWatchedFilesParams) -> None:
        changes = [(to_fs_path(c.uri), c.type != types.FileChangeType.Deleted) for c in params.changes]
        ls.files_changed([(path, exists) for path, exists in changes if path is not None])

    @server.feature(types.WORKSPACE_DID_CREATE_FILES, _MARKDOWN_FILES)
    def created(ls: QlintServer, params: types.CreateFilesParams) -> None:
        ls.files_changed([(path, True) for f in params.files if (path := to_fs_path(f.uri))])

    @server.feature(types.WORKSPACE_DID_DELETE_FILES, _MARKDOWN_FILES)
    def deleted(ls: QlintServer, params: types.DeleteFilesParams) -> None:
        ls.files_changed([(path, False) for f in params.files if (path := to_fs_path(f.uri))])

    @server.feature(types.WORKSPACE_DID_RENAME_FILES, _MARKDOWN_FILES)
    def renamed(ls: QlintServer, params: types.RenameFilesParams) -> None:
        moves = [(to_fs_path(f.old_uri), to_fs_path(f.new_uri)) for f in params.files]
        ls.files_changed([change for old, new in moves for change in ((old, False), (new, True)) if change[0]])

    return server


def _documentation(diagnostic: Diagnostic) -> str:
    """A diagnostic's hover: what it says, and its rule's documentation."""
    rule = find_rule(diagnostic.code)
    fix = diagnostic.fix
    fixable = "" if fix is None else f" · fix: {fix.applicability.value}"
    head = f"**{diagnostic.code} {diagnostic.name}** ({diagnostic.severity.value}{fixable})\n\n{diagnostic.message}"
    return head + (f"\n\n{rule.doc.strip()}" if rule is not None else "")


def serve(config_file: Path | None, cache_dir: Path | None, cache: bool, debounce: float) -> None:
    """Run the server on stdin and stdout until the client says exit."""
    import multiprocessing
    import sys

    # The index of a cold corpus is read by worker processes. Forked from this process,
    # whose reader thread holds stdin's lock while it waits for the client, a worker hangs
    # for ever as it starts (multiprocessing closes stdin in a new process): workers come
    # from a fork server, a fresh process with no such lock held.
    multiprocessing.set_start_method("forkserver", force=True)
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print must not break the protocol's stream
    make_server(config_file, cache_dir, cache, debounce).start_io(sys.stdin.buffer, out)

