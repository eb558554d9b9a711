"""A small synchronous Language Server Protocol client over a server process's pipes: what
the end-to-end tests and the latency benchmark drive `qlint server` with.

Every message from the server is read as it arrives (with the time it arrived) by a thread,
and structured with lsprotocol's types, so a message of the wrong shape fails the test that
received it. Requests from the server (registering file watchers) are answered as an editor
would.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Callable

from lsprotocol import types
from pygls.protocol import default_converter

CONVERTER = default_converter()


class ServerError(AssertionError):
    pass


class LspClient:
    def __init__(self, command: list[str], cwd: Path) -> None:
        self.stderr = tempfile.TemporaryFile()
        self.process = subprocess.Popen(command, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr)
        self.messages: list[tuple[float, dict]] = []  # (arrival time, message) of every notification
        self.responses: dict[int, dict] = {}
        self.requests: list[dict] = []  # requests the server sent
        self.changed = threading.Condition()
        self.next_id = 0
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    # ----- the wire ------------------------------------------------------------------------------
    def _send(self, message: dict) -> float:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()
        return time.perf_counter()

    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            length = None
            while (line := stream.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            if not line or length is None:
                break
            message = json.loads(stream.read(length))
            arrived = time.perf_counter()
            if "method" in message and "id" in message:
                self.requests.append(message)
                self._send({"id": message["id"], "result": None})  # registrations, progress tokens
                continue
            with self.changed:
                if "id" in message:
                    self.responses[message["id"]] = message
                else:
                    self.messages.append((arrived, message))
                self.changed.notify_all()
        with self.changed:
            self.changed.notify_all()

    def _wait(self, ready: Callable[[], Any], timeout: float) -> Any:
        deadline = time.monotonic() + timeout
        with self.changed:
            while not (found := ready()):
                left = deadline - time.monotonic()
                if left <= 0 or (self.process.poll() is not None and not found):
                    raise ServerError(f"timed out or the server ended; its stderr:\n{self.server_stderr()}")
                self.changed.wait(min(left, 0.5))
        return found

    def server_stderr(self) -> str:
        self.stderr.seek(0)
        return self.stderr.read().decode("utf-8", "replace")

    # ----- requests and notifications -------------------------------------------------------------
    def request(self, method: str, params: Any, timeout: float = 60) -> Any:
        """The result of a request, structured as the protocol's type for it."""
        self.next_id += 1
        number = self.next_id
        self._send({"id": number, "method": method, "params": CONVERTER.unstructure(params)})
        response = self._wait(lambda: self.responses.get(number), timeout)
        if "error" in response:
            raise ServerError(f"{method}: {response['error']}")
        return CONVERTER.structure(response, types.METHOD_TO_TYPES[method][1]).result

    def notify(self, method: str, params: Any) -> float:
        """Send a notification; the time it was sent."""
        return self._send({"method": method, "params": CONVERTER.unstructure(params)})

    def notifications(self, method: str) -> list[tuple[float, Any]]:
        """(arrival time, params) of every `method` notification so far, structured."""
        kind = types.METHOD_TO_TYPES[method][2]
        with self.changed:
            found = [(at, m["params"]) for at, m in self.messages if m["method"] == method]
        return [(at, CONVERTER.structure(params, kind)) for at, params in found]

    def diagnostics(self, uri: str, version: int | None = None, after: int = 0, timeout: float = 60) -> types.PublishDiagnosticsParams:
        """The first diagnostics published for `uri` (of `version`, if given) past the
        `after` first notifications of all."""
        return self.timed_diagnostics(uri, version, after, timeout)[1]

    def timed_diagnostics(self, uri: str, version: int | None = None, after: int = 0, timeout: float = 60) -> tuple[float, types.PublishDiagnosticsParams]:
        """(arrival time, diagnostics), as `diagnostics` finds them."""

        def found():
            for arrived, message in self.messages[after:]:
                params = message.get("params") or {}
                if message["method"] == types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS and params["uri"] == uri:
                    if version is None or params.get("version") == version:
                        return arrived, params
            return None

        arrived, params = self._wait(found, timeout)
        return arrived, CONVERTER.structure(params, types.PublishDiagnosticsParams)

    def logged(self, words: str, timeout: float = 120) -> int:
        """Wait for a log message holding `words`; how many notifications came up to it."""

        def found():
            for index, (_, message) in enumerate(self.messages):
                if message["method"] == types.WINDOW_LOG_MESSAGE and words in message["params"]["message"]:
                    return index + 1
            return None

        return self._wait(found, timeout)

    @property
    def published(self) -> int:
        with self.changed:
            return len(self.messages)

    # ----- a session -------------------------------------------------------------------------------
    def initialize(self, root: Path, encodings: list[str] | None = None) -> types.InitializeResult:
        general = types.GeneralClientCapabilities(position_encodings=encodings) if encodings else None
        capabilities = types.ClientCapabilities(
            general=general,
            workspace=types.WorkspaceClientCapabilities(
                workspace_edit=types.WorkspaceEditClientCapabilities(document_changes=True),
                did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=True),
                file_operations=types.FileOperationClientCapabilities(did_rename=True, did_create=True, did_delete=True),
            ),
            text_document=types.TextDocumentClientCapabilities(
                code_action=types.CodeActionClientCapabilities(
                    code_action_literal_support=types.ClientCodeActionLiteralOptions(
                        types.ClientCodeActionKindOptions([types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll])
                    )
                ),
                hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
                publish_diagnostics=types.PublishDiagnosticsClientCapabilities(version_support=True),
            ),
        )
        folder = types.WorkspaceFolder(root.as_uri(), root.name)
        params = types.InitializeParams(capabilities=capabilities, process_id=None, root_uri=root.as_uri(), workspace_folders=[folder])
        result = self.request(types.INITIALIZE, params)
        self.notify(types.INITIALIZED, types.InitializedParams())
        return result

    def open(self, uri: str, text: str, version: int = 1) -> float:
        item = types.TextDocumentItem(uri=uri, language_id="markdown", version=version, text=text)
        return self.notify(types.TEXT_DOCUMENT_DID_OPEN, types.DidOpenTextDocumentParams(item))

    def change(self, uri: str, version: int, changes: list) -> float:
        document = types.VersionedTextDocumentIdentifier(uri=uri, version=version)
        return self.notify(types.TEXT_DOCUMENT_DID_CHANGE, types.DidChangeTextDocumentParams(document, changes))

    def close(self, uri: str) -> None:
        self.notify(types.TEXT_DOCUMENT_DID_CLOSE, types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))

    def shutdown(self, timeout: float = 30) -> int:
        if self.process.poll() is None:
            self.request(types.SHUTDOWN, None, timeout)
            self.notify(types.EXIT, None)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process.stdin.close()
        self.stderr.close()
        return self.process.returncode
