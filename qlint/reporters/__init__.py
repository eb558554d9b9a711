"""Output formats: a registry from `--format` name to reporter class.

A reporter gets every diagnostic of the run at once (sorted by path, line, column) and the
number of files checked, and writes to the stream it was given.
"""

from __future__ import annotations

import os

from qlint.reporters.base import Reporter
from qlint.reporters.concise import ConciseReporter
from qlint.reporters.github import GithubReporter
from qlint.reporters.json import JsonReporter
from qlint.reporters.jsonlines import JsonLinesReporter
from qlint.reporters.junit import JunitReporter
from qlint.reporters.sarif import SarifReporter
from qlint.reporters.text import TextReporter

REPORTERS: dict[str, type[Reporter]] = {
    "text": TextReporter,
    "concise": ConciseReporter,
    "json": JsonReporter,
    "json-lines": JsonLinesReporter,
    "github": GithubReporter,
    "sarif": SarifReporter,
    "junit": JunitReporter,
}


def resolve_format(name: str) -> str:
    """`auto` is `github` inside GitHub Actions (annotations on the pull request), else `text`."""
    if name == "auto":
        return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    return name
