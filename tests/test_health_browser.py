"""The report in a real browser (Debian's headless Chromium): it loads nothing but itself,
logs no error, fits a laptop screen, prints, and a screenshot shows it.

Skipped, saying so, where Chromium is not installed; `.ci/run` installs it where it can.
Set QLINT_SCREENSHOTS=FOLDER to keep the screenshots and the PDF.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import LAPTOP, Chromium, find_chromium, open_and_check
from tests.conftest import REPO, run_cli
from tests.rules.corpus_helpers import record, write
from tests.test_health import HOSTILE_TITLE

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed (Debian: apt-get install chromium): the report is not opened in a browser",
)


@pytest.fixture(scope="module")
def browser():
    with Chromium(CHROMIUM) as chromium:
        yield chromium


def report_of(corpus: Path, out: Path) -> Path:
    page = out / "report.html"
    result = run_cli("report", str(corpus), "-o", str(page), "--no-cache", "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    return page


def test_the_examples_report_in_a_browser(browser, tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    open_and_check(browser, report_of(REPO / "examples" / "content" / "learn", tmp_path), "examples-report")


def test_a_hostile_record_runs_nothing_and_loads_nothing_in_a_browser(browser, tmp_path, monkeypatch):
    learn = tmp_path / "learn"
    hostile = record(7, "biology", "why", HOSTILE_TITLE, answer='Hereâ€™s <img src=http://127.0.0.1:9/x onerror=console.error(1)> how')
    write(learn, '<svg onload=console.error("folder")>/<img src=x onerror=console.error("file")>.md', hostile)
    (tmp_path / "qlint.toml").write_text('root = "learn"\n')
    monkeypatch.chdir(tmp_path)
    open_and_check(browser, report_of(learn, tmp_path), "hostile-report")
    text = browser.evaluate("document.body.innerText")
    assert '<img src=http://127.0.0.1:9/x onerror=console.error(1)>' in text


def test_the_browser_check_sees_a_request_and_an_error(browser, tmp_path):
    """The checks above can fail: a page that asks for an image and logs an error is seen doing both."""
    page = tmp_path / "bad.html"
    page.write_text('<!DOCTYPE html><img src="http://127.0.0.1:9/x.png"><script>console.error("seen")</script>')
    visit = browser.open(page.as_uri(), *LAPTOP)
    assert visit.requests[0] == page.as_uri() and "http://127.0.0.1:9/x.png" in visit.requests
    assert "error: seen" in visit.console_errors
