"""A real headless Chromium, driven over the DevTools protocol on a pipe: opens a page and
says what a person's browser would have done with it (console messages, network requests,
layout), with screenshots. No browser is downloaded and no Python package is needed: the
browser is Debian's `chromium`, the protocol is JSON messages ended by a NUL byte on the
browser's file descriptors 3 (in) and 4 (out).
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import queue
import shutil
import struct
import subprocess
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

# As Debian's chromium runs headless here: no sandbox (root), no GPU, and none of the
# background connections a closed network refuses.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
]
TIMEOUT = 60  # seconds for any one answer of the browser
LAPTOP = (1366, 768)  # the screen a report must be readable on


def find_chromium() -> str | None:
    """The Chromium to use: $QLINT_CHROMIUM, else Debian's `chromium` on PATH."""
    return os.environ.get("QLINT_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


class BrowserError(RuntimeError):
    pass


@dataclass
class Visit:
    """What opening one page did."""

    requests: list[str] = field(default_factory=list)  # every URL the page asked for, itself first
    console: list[str] = field(default_factory=list)  # console messages, errors and warnings: "level: text"
    errors: list[str] = field(default_factory=list)  # uncaught exceptions, failed loads, logged errors

    @property
    def console_errors(self) -> list[str]:
        return [line for line in self.console if line.startswith(("error", "assert"))] + self.errors


class Chromium:
    """`with Chromium(path) as browser: visit = browser.open(url, 1366, 768)`."""

    def __init__(self, executable: str) -> None:
        self.executable = executable
        self.profile = tempfile.mkdtemp(prefix="qlint-chromium-")
        self.messages: queue.Queue = queue.Queue()
        self.events: list[dict] = []
        self.next_id = 0
        self.session: str | None = None

    # ----- the pipe ---------------------------------------------------------------------------
    def __enter__(self) -> "Chromium":
        to_browser = os.pipe()
        from_browser = os.pipe()
        # Above 4, so that putting them at 3 and 4 in the child cannot overwrite each other.
        self.child_in = fcntl.fcntl(to_browser[0], fcntl.F_DUPFD, 5)
        self.child_out = fcntl.fcntl(from_browser[1], fcntl.F_DUPFD, 5)
        os.close(to_browser[0])
        os.close(from_browser[1])
        self.writer, self.reader = to_browser[1], from_browser[0]

        def at_3_and_4() -> None:
            os.dup2(self.child_in, 3)
            os.dup2(self.child_out, 4)

        self.process = subprocess.Popen(
            [self.executable, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(3, 4),
            preexec_fn=at_3_and_4,
        )
        os.close(self.child_in)
        os.close(self.child_out)
        threading.Thread(target=self._read, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        try:
            self.call("Browser.close", session=False, wait=False)
        except (BrowserError, OSError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self.writer)
        shutil.rmtree(self.profile, ignore_errors=True)

    def _read(self) -> None:
        pending = b""
        while True:
            try:
                chunk = os.read(self.reader, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                self.messages.put(None)
                os.close(self.reader)
                return
            pending += chunk
            *complete, pending = pending.split(b"\0")
            for message in complete:
                self.messages.put(json.loads(message))

    def call(self, method: str, session: bool = True, wait: bool = True, **params) -> dict:
        """Send a command (to the page's session unless `session` is False) and return its
        result; the events that arrive meanwhile are kept in `events`."""
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params}
        if session and self.session is not None:
            message["sessionId"] = self.session
        os.write(self.writer, json.dumps(message).encode() + b"\0")
        if not wait:
            return {}
        while True:
            answer = self._next()
            if answer.get("id") == self.next_id:
                if "error" in answer:
                    raise BrowserError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self.events.append(answer)

    def wait_for(self, event: str) -> dict:
        for seen in self.events:
            if seen.get("method") == event:
                return seen
        while True:
            answer = self._next()
            self.events.append(answer)
            if answer.get("method") == event:
                return answer

    def _next(self) -> dict:
        try:
            answer = self.messages.get(timeout=TIMEOUT)
        except queue.Empty:
            raise BrowserError(f"no answer from Chromium in {TIMEOUT} s") from None
        if answer is None:
            raise BrowserError("Chromium closed its pipe")
        return answer

    # ----- a page -----------------------------------------------------------------------------
    def open(self, url: str, width: int, height: int) -> Visit:
        """Open `url` in a new tab of `width` x `height` CSS pixels and wait for it to load."""
        target = self.call("Target.createTarget", session=False, url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", session=False, targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable")
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False)
        self.events.clear()
        self.call("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")
        self.evaluate("new Promise(done => requestAnimationFrame(() => setTimeout(done, 200)))")
        return self.visit()

    def visit(self) -> Visit:
        """What the page did so far, from the events of its session."""
        seen = Visit()
        for event in self.events:
            if event.get("sessionId") != self.session:
                continue  # another tab's
            method, params = event.get("method"), event.get("params", {})
            if method == "Network.requestWillBeSent":
                seen.requests.append(params["request"]["url"])
            elif method == "Runtime.consoleAPICalled":
                text = " ".join(str(arg.get("value", arg.get("description", ""))) for arg in params.get("args", []))
                seen.console.append(f"{params.get('type')}: {text}")
            elif method == "Runtime.exceptionThrown":
                seen.errors.append(f"exception: {params['exceptionDetails'].get('text')}")
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                seen.errors.append(f"log: {params['entry'].get('text')} {params['entry'].get('url', '')}".strip())
            elif method == "Network.loadingFailed":
                seen.errors.append(f"failed load: {params.get('errorText')}")
        return seen

    def evaluate(self, expression: str):
        """The value of a JavaScript expression in the page (DevTools may run it even where
        the page's own policy allows no script)."""
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression}: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")

    def screenshot(self, path: Path, full_page: bool = False) -> bytes:
        params: dict = {"format": "png"}
        if full_page:
            size = self.call("Page.getLayoutMetrics")["cssContentSize"]
            params.update(captureBeyondViewport=True, clip={"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1})
        data = base64.b64decode(self.call("Page.captureScreenshot", **params)["data"])
        path.write_bytes(data)
        return data

    def print_media(self) -> None:
        self.call("Emulation.setEmulatedMedia", media="print")

    def pdf(self) -> bytes:
        return base64.b64decode(self.call("Page.printToPDF", printBackground=False)["data"])


# ----- checking a report page ----------------------------------------------------------------
def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def keep(path: Path) -> None:
    folder = os.environ.get("QLINT_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(folder) / path.name)


def open_and_check(browser: Chromium, page: Path, name: str) -> None:
    """Open a report at laptop size and check what a reader would see: it loads nothing but
    itself, logs nothing, is no wider than the screen, has its three charts, and prints;
    screenshots (the screen, the whole page) and the PDF are left beside the page."""
    visit = browser.open(page.as_uri(), *LAPTOP)
    assert visit.requests == [page.as_uri()], "the page asked for something besides itself"
    assert visit.console_errors == [] and visit.console == []
    # Readable on a laptop: nothing wider than the screen (a wide heat map scrolls in its box).
    assert browser.evaluate("document.documentElement.scrollWidth") <= LAPTOP[0]
    assert browser.evaluate("document.querySelectorAll('svg[aria-labelledby]').length") == 3
    shot = page.parent / f"{name}.png"
    assert png_size(browser.screenshot(shot)) == LAPTOP
    keep(shot)
    whole = page.parent / f"{name}-full.png"
    width, height = png_size(browser.screenshot(whole, full_page=True))
    assert width == LAPTOP[0] and height > LAPTOP[1]
    keep(whole)
    browser.print_media()
    pdf = browser.pdf()
    assert pdf.startswith(b"%PDF")
    (page.parent / f"{name}.pdf").write_bytes(pdf)
    keep(page.parent / f"{name}.pdf")
    assert browser.visit().console_errors == []
