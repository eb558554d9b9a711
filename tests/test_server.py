"""`qlint server`, end to end: the real server process driven over stdio by an LSP client.

Ranges are checked against positions worked out here from the text itself (UTF-16 code
units unless the test negotiates another unit), not against the server's own conversion.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest
from lsprotocol import types

from tests.conftest import RELATED, RELATED_PATH, VALID, VALID_PATH, replace_once, run_cli
from tests.lsp_client import LspClient

pytest.importorskip("pygls")

LINK = "/learn/biology/questions/what-is-the-role-of-chlorophyll-in-photosynthesis"
# Mojibake, a placeholder score and a related link to no record.
DEFECTIVE = replace_once(
    replace_once(replace_once(VALID, "Plants capture light", "Plantsâ€™ leaves capture light"), "score: 0.82", "score: -1.0"),
    f"url: {LINK}", f"url: {LINK}-in-algae",
)


def where(text: str, needle: str, encoding: str = "utf-16") -> types.Range:
    """The range of the only `needle` in `text`, counted in `encoding` units."""
    assert text.count(needle) == 1, needle
    start = text.index(needle)
    return types.Range(_position(text, start, encoding), _position(text, start + len(needle), encoding))


def _position(text: str, offset: int, encoding: str) -> types.Position:
    before = text[:offset].replace("\r\n", "\n").replace("\r", "\n")
    line = before.count("\n")
    column = before[before.rfind("\n") + 1 :]
    width = {"utf-16": len(column.encode("utf-16-le")) // 2, "utf-8": len(column.encode()), "utf-32": len(column)}
    return types.Position(line, width[encoding])


def apply(text: str, edits: list[types.TextEdit], encoding: str = "utf-16") -> str:
    """`text` with LSP edits applied, as an editor applies them (from the end backwards)."""
    offsets = []
    for edit in edits:
        offsets.append((_offset(text, edit.range.start, encoding), _offset(text, edit.range.end, encoding), edit.new_text))
    for start, end, new in sorted(offsets, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _offset(text: str, position: types.Position, encoding: str) -> int:
    lines = re.findall(r".*?(?:\r\n|\r|\n)|.+\Z", text, re.DOTALL)  # (str.splitlines also splits at U+2028)
    start = sum(len(line) for line in lines[: position.line])
    counted = 0
    for index, char in enumerate(lines[position.line] if position.line < len(lines) else ""):
        if counted >= position.character:
            return start + index
        counted += {"utf-16": len(char.encode("utf-16-le")) // 2, "utf-8": len(char.encode()), "utf-32": 1}[encoding]
    return start + len(lines[position.line]) if position.line < len(lines) else len(text)


@pytest.fixture
def start(project):
    clients = []

    def started(*args: str, encodings: list[str] | None = None) -> LspClient:
        client = LspClient([sys.executable, "-m", "qlint", "server", *args], project)
        clients.append(client)
        client.result = client.initialize(project, encodings)
        return client

    yield started
    for client in clients:
        assert client.shutdown() == 0, client.server_stderr()


def opened(client: LspClient, uri: str, text: str) -> types.PublishDiagnosticsParams:
    """Open a record; its diagnostics once the content root's index is in (before it, the
    server publishes the record rules' findings alone)."""
    client.open(uri, text)
    return client.diagnostics(uri, after=client.logged(" indexed in "))


def summary(published: types.PublishDiagnosticsParams) -> list[tuple[str, types.Range]]:
    return [(d.code, d.range) for d in published.diagnostics]


def code_actions(client: LspClient, uri: str, at: types.Range, only: list[str] | None = None) -> list[types.CodeAction]:
    context = types.CodeActionContext(diagnostics=[], only=only)
    return client.request(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionParams(types.TextDocumentIdentifier(uri), at, context))


def edits_of(action: types.CodeAction) -> list[types.TextEdit]:
    [change] = action.edit.document_changes
    return list(change.edits)


def cli_fixed(tmp_path: Path, text: str) -> str:
    """What `qlint fix` makes of `text` as the record at VALID_PATH of the same project."""
    other = tmp_path / "cli"
    shutil.copytree(tmp_path, other, ignore=shutil.ignore_patterns(".qlint_cache", "cli"))
    path = other / "content/learn" / VALID_PATH
    path.write_bytes(text.encode("utf-8"))
    assert run_cli("fix", "--no-cache", "--config", str(other / "qlint.toml"), str(path)).exit_code in (0, 1)
    return path.read_bytes().decode("utf-8")


# ----- the acceptance scenario -----------------------------------------------------------------------
def test_diagnostics_code_actions_and_edits_of_a_defective_record(project, start):
    client = start()
    uri = (project / "content/learn" / VALID_PATH).as_uri()
    published = opened(client, uri, DEFECTIVE)
    assert published.version == 1
    mojibake, placeholder, broken = where(DEFECTIVE, "â€™"), where(DEFECTIVE, "-1.0"), where(DEFECTIVE, f"{LINK}-in-algae")
    assert summary(published) == [("Q201", mojibake), ("Q302", placeholder), ("Q403", broken)]
    first = published.diagnostics[0]
    assert first.source == "qlint" and first.severity == types.DiagnosticSeverity.Error and "[mojibake]" in first.message

    # The quick fix for the mojibake is the preferred one; applied, the record is what `qlint fix` makes.
    actions = code_actions(client, uri, mojibake)
    quick = [a for a in actions if a.kind == types.CodeActionKind.QuickFix]
    assert [(a.title, a.is_preferred, [d.code for d in a.diagnostics]) for a in quick] == [("Fix Q201 mojibake", True, ["Q201"])]
    fixed = apply(DEFECTIVE, edits_of(quick[0]))
    assert fixed == cli_fixed(project, DEFECTIVE) == DEFECTIVE.replace("Plantsâ€™", "Plants’")
    [fix_all] = [a for a in actions if a.kind == "source.fixAll.qlint"]
    assert apply(DEFECTIVE, edits_of(fix_all)) == fixed

    # The editor applies it (didChange), then the user repairs the score: diagnostics follow.
    client.change(uri, 2, [types.TextDocumentContentChangePartial(range=e.range, text=e.new_text) for e in edits_of(quick[0])])
    assert [code for code, _ in summary(client.diagnostics(uri, version=2))] == ["Q302", "Q403"]
    client.change(uri, 3, [types.TextDocumentContentChangePartial(range=where(fixed, "-1.0"), text="0.5")])
    assert summary(client.diagnostics(uri, version=3)) == [("Q403", where(fixed, f"{LINK}-in-algae"))]
    repaired = fixed.replace("-1.0", "0.5").replace(f"{LINK}-in-algae", LINK)
    client.change(uri, 4, [types.TextDocumentContentChangeWholeDocument(text=repaired)])
    assert client.diagnostics(uri, version=4).diagnostics == ()


def test_unsafe_fixes_are_labelled_and_not_preferred(project, start):
    client = start()
    uri = (project / "content/learn" / VALID_PATH).as_uri()
    own = "url: /learn/biology/questions/how-do-plants-turn-sunlight-into-chemical-energy"
    text = replace_once(VALID, own, "url: /learn/biology/questions/how-plants-make-food")  # not the file's slug
    [diagnostic] = opened(client, uri, text).diagnostics
    assert diagnostic.code == "Q502"
    actions = code_actions(client, uri, diagnostic.range)
    [unsafe] = [a for a in actions if a.kind == types.CodeActionKind.QuickFix]
    assert "unsafe" in unsafe.title and not unsafe.is_preferred
    assert apply(text, edits_of(unsafe)) == VALID
    assert not code_actions(client, uri, diagnostic.range, only=[types.CodeActionKind.SourceFixAll])  # nothing safe to fix


def test_fix_all_on_crlf_with_several_fixes_is_what_qlint_fix_makes(project, start):
    client = start()
    uri = (project / "content/learn" / VALID_PATH).as_uri()
    text = replace_once(replace_once(DEFECTIVE, "QuickTakes | Biology", "QuickTakes | biology"), "article_title: >-\n    How", "article_title: >-\n    how")
    text = text.replace("\n", "\r\n")
    opened(client, uri, text)
    [fix_all] = code_actions(client, uri, types.Range(types.Position(0, 0), types.Position(0, 0)), only=["source.fixAll"])
    assert fix_all.kind == "source.fixAll.qlint"
    assert apply(text, edits_of(fix_all)) == cli_fixed(project, text) != text


# ----- the corpus index --------------------------------------------------------------------------------
def test_a_record_new_in_the_editor_resolves_as_a_link_target_at_once(project, start):
    client = start()
    linking = (project / "content/learn" / VALID_PATH).as_uri()
    text = replace_once(VALID, LINK, "/learn/biology/questions/what-is-a-leaf")
    [broken] = opened(client, linking, text).diagnostics
    assert broken.code == "Q403"
    # A new record, never saved: the link resolves to it.
    new = (project / "content/learn/biology/what-is-a-leaf.md").as_uri()
    leaf = RELATED.replace("what-is-the-role-of-chlorophyll-in-photosynthesis", "what-is-a-leaf")
    seen = client.published
    client.open(new, leaf)
    assert client.diagnostics(linking, after=seen).diagnostics == ()
    # Its title edited, the link's title no longer agrees.
    seen = client.published
    client.change(new, 2, [types.TextDocumentContentChangeWholeDocument(leaf.replace("role of chlorophyll", "job of chlorophyll"))])
    assert [d.code for d in client.diagnostics(linking, after=seen).diagnostics] == ["Q405"]
    # Closed without saving, it is gone again.
    seen = client.published
    client.close(new)
    assert [d.code for d in client.diagnostics(linking, after=seen).diagnostics] == ["Q403"]
    # Saved by another program and announced by the file watcher, it is there again.
    (project / "content/learn/biology/what-is-a-leaf.md").write_text(leaf, encoding="utf-8")
    seen = client.published
    client.notify(types.WORKSPACE_DID_CHANGE_WATCHED_FILES, types.DidChangeWatchedFilesParams([types.FileEvent(new, types.FileChangeType.Created)]))
    assert client.diagnostics(linking, after=seen).diagnostics == ()


def test_a_cold_index_of_many_records_is_read_by_worker_processes(project, start):
    from qlint.pipeline.pool import PARALLEL_THRESHOLD

    folder = project / "content/learn/chemistry"
    folder.mkdir()
    for number in range(PARALLEL_THRESHOLD):
        (folder / f"record-{number}.md").write_text(VALID.replace("501234", str(700000 + number)), encoding="utf-8")
    client = start("--no-cache")
    uri = (project / "content/learn" / VALID_PATH).as_uri()
    client.open(uri, VALID)
    client.logged(f"{PARALLEL_THRESHOLD + 2} records under", timeout=300)
    seen = client.published
    assert [d.code for d in client.diagnostics(uri, after=seen - 1).diagnostics] == ["Q507"]  # (1,000 copies share its url)


def test_a_renamed_record_is_reflected_without_a_rescan(project, start):
    client = start()
    uri = (project / "content/learn" / VALID_PATH).as_uri()
    assert opened(client, uri, VALID).diagnostics == ()
    old, new = project / "content/learn" / RELATED_PATH, project / "content/learn/biology/renamed.md"
    old.rename(new)
    seen = client.published
    client.notify(types.WORKSPACE_DID_RENAME_FILES, types.RenameFilesParams([types.FileRename(old.as_uri(), new.as_uri())]))
    # Its url is still its own: the link resolves; only its file name now disagrees, which is its own problem.
    assert client.diagnostics(uri, after=seen).diagnostics == ()
    new.unlink()
    seen = client.published
    client.notify(types.WORKSPACE_DID_DELETE_FILES, types.DeleteFilesParams([types.FileDelete(new.as_uri())]))
    assert [d.code for d in client.diagnostics(uri, after=seen).diagnostics] == ["Q403"]


# ----- positions -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("offered", "agreed"),
    [(None, "utf-16"), (["utf-8"], "utf-8"), (["utf-8", "utf-32", "utf-16"], "utf-32"), (["utf-16", "utf-8"], "utf-16")],
)
def test_positions_in_the_negotiated_unit_with_astral_characters_and_line_separators(project, start, offered, agreed):
    client = start(encodings=offered)
    assert client.result.capabilities.position_encoding == agreed
    uri = (project / "content/learn" / VALID_PATH).as_uri()
    # Astral characters before each problem (one character to qlint, two UTF-16 units, four
    # UTF-8 bytes); a U+2028 inside a quoted title, which is no line break to LSP.
    text = replace_once(DEFECTIVE, "Plantsâ€™", "🌱 Plantsâ€™")  # (a mixed value: its fix is unsafe)
    text = replace_once(text, "seo:\n  title: QuickTakes | Biology", 'seo:\n  title: "QuickTakes 𝄞\u2028| Biology"')
    text = replace_once(text, "score: -1.0", "score:    -1.0  # 😀😀")
    text = replace_once(text, f"    url: {LINK}", f"    url: {LINK}")
    text = replace_once(text, "answer: >-", "answer: >- # ✓𐐷")
    ranges = dict(summary(opened(client, uri, text)))
    assert ranges["Q201"] == where(text, "â€™", agreed)
    assert ranges["Q201"].start.character == {"utf-16": 13, "utf-8": 15, "utf-32": 12}[agreed]
    assert ranges["Q302"] == where(text, "-1.0", agreed)
    assert ranges["Q403"] == where(text, f"{LINK}-in-algae", agreed)
    # Incremental edits in those units land where they should.
    client.change(uri, 2, [types.TextDocumentContentChangePartial(range=where(text, "😀😀", agreed), text="ok")])
    client.change(uri, 3, [types.TextDocumentContentChangePartial(range=where(text.replace("😀😀", "ok"), "-1.0", agreed), text="0.5")])
    after = text.replace("😀😀", "ok").replace("-1.0", "0.5")
    seo_title = '"QuickTakes 𝄞\u2028| Biology"'  # (not the site's seo title: Q602)
    assert ranges["Q602"] == where(text, seo_title, agreed)
    assert summary(client.diagnostics(uri, version=3)) == [
        ("Q602", where(after, seo_title, agreed)), ("Q201", where(after, "â€™", agreed)),
        ("Q403", where(after, f"{LINK}-in-algae", agreed)),
    ]  # fmt: skip
    [quick] = [a for a in code_actions(client, uri, where(after, "â€™", agreed)) if a.kind == types.CodeActionKind.QuickFix]
    assert apply(after, edits_of(quick), agreed) == after.replace("Plantsâ€™", "Plants’")


# ----- hover, debounce, set-up ---------------------------------------------------------------------------------
def test_hover_shows_the_rules_documentation(project, start):
    client = start()
    uri = (project / "content/learn" / VALID_PATH).as_uri()
    opened(client, uri, DEFECTIVE)
    placeholder = where(DEFECTIVE, "-1.0")
    hover = client.request(types.TEXT_DOCUMENT_HOVER, types.HoverParams(types.TextDocumentIdentifier(uri), placeholder.start))
    assert hover.contents.kind == types.MarkupKind.Markdown
    assert hover.contents.value.startswith("**Q302 placeholder-score** (error)")
    assert "never scored" in hover.contents.value  # the rule's documentation
    nothing = client.request(types.TEXT_DOCUMENT_HOVER, types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(0, 0)))
    assert nothing is None


def test_changes_in_a_burst_are_linted_once(project, start):
    client = start("--debounce", "300")
    uri = (project / "content/learn" / VALID_PATH).as_uri()
    opened(client, uri, VALID)
    seen = client.published
    for version in range(2, 7):
        client.change(uri, version, [types.TextDocumentContentChangeWholeDocument(text=VALID.replace("0.82", f"-{version}"))])
    published = client.diagnostics(uri, version=6, after=seen)
    assert [d.code for d in published.diagnostics] == ["Q303"]
    versions = [p.version for _, p in client.notifications(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)][seen - 1 :]
    assert versions[-1] == 6 and not set(versions[1:]) & {2, 3, 4, 5}


def test_files_no_config_takes_are_not_linted(project, start):
    client = start()
    outside = project / "README.md"
    outside.write_text("# not a record\n")
    client.open(outside.as_uri(), outside.read_text())
    uri = (project / "content/learn" / VALID_PATH).as_uri()
    opened(client, uri, DEFECTIVE)
    published = [p.uri for _, p in client.notifications(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)]
    assert outside.as_uri() not in published


def test_a_broken_config_is_shown_once_and_the_server_goes_on(project, start):
    (project / "qlint.toml").write_text('root = "content/learn"\nselect = ["Q999"]\n')
    client = start()
    for rel in (VALID_PATH, RELATED_PATH):
        client.open((project / "content/learn" / rel).as_uri(), VALID)
    client.request(types.TEXT_DOCUMENT_HOVER, types.HoverParams(types.TextDocumentIdentifier("file:///x.md"), types.Position(0, 0)))
    shown = [p.message for _, p in client.notifications(types.WINDOW_SHOW_MESSAGE)]
    assert len(shown) == 1 and "unknown rule or prefix 'Q999'" in shown[0]
    # Mended, the config is read again when the watcher says so.
    (project / "qlint.toml").write_text('root = "content/learn"\n')
    uri = (project / "content/learn" / VALID_PATH).as_uri()
    seen = client.published
    config = types.FileEvent((project / "qlint.toml").as_uri(), types.FileChangeType.Changed)
    client.notify(types.WORKSPACE_DID_CHANGE_WATCHED_FILES, types.DidChangeWatchedFilesParams([config]))
    assert client.diagnostics(uri, after=seen).diagnostics == ()


def test_server_without_pygls_says_how_to_install_it(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "pygls" else real(name, *a))
    result = run_cli("server")
    assert result.exit_code == 2 and "pip install 'quicktakes-qlint[server]'" in result.stderr


@pytest.mark.slow
def test_every_real_record_gets_in_the_editor_what_qlint_check_reports(corpus_root, tmp_path):
    from qlint.record.config import load_config
    from tests.conftest import check_paths

    (tmp_path / "qlint.toml").write_text(f"root = {json.dumps(str(corpus_root))}\n")
    report = check_paths([corpus_root], load_config(tmp_path / "qlint.toml"), jobs=2)
    expected: dict[str, set] = {}
    for d in report.diagnostics:
        span = d.span
        expected.setdefault(str(Path(d.path).absolute()), set()).add((d.code, span.start_line, span.start_column, span.end_line, span.end_column))
    command = [sys.executable, "-m", "qlint", "server", "--config", str(tmp_path / "qlint.toml"), "--no-cache", "--debounce", "0"]
    client = LspClient(command, tmp_path)  # (the corpus is not below the config: it is named)
    client.initialize(tmp_path, ["utf-32"])  # columns that count characters, as the CLI's do
    differ = []
    try:
        for number, path in enumerate(sorted(corpus_root.rglob("*.md"))):
            seen = client.published
            client.open(path.as_uri(), path.read_text(encoding="utf-8"))
            published = client.diagnostics(path.as_uri(), after=client.logged(" indexed in ", 900) if number == 0 else seen)
            got = {(d.code, d.range.start.line + 1, d.range.start.character + 1, d.range.end.line + 1, d.range.end.character + 1)
                   for d in published.diagnostics}  # fmt: skip
            if got != expected.get(str(path), set()):
                differ.append(path.name)
            client.close(path.as_uri())
    finally:
        client.shutdown()
    assert differ == []
