"""The corpus health report (`qlint report`): one self-contained HTML page of figures and
charts, made from the Report of a check, the very one `qlint check --format json` writes.

    figures.py    the counts: corpus, rules, subjects, subject x rule, samples
    previous.py   an earlier run (JSON output or report) and what changed since
    text.py       how numbers and record text are written
    charts.py     the charts' geometry and colours
    page.py       the page: figures, charts and data block rendered with Jinja
    templates/    the page's template and style sheet
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from qlint.discovery.walk import display_path
from qlint.errors import UsageError
from qlint.health import figures, previous
from qlint.pipeline.fingerprint import of_diagnostic
from qlint.pipeline.linter import Linter, Report
from qlint.record.config import Config

TEMPLATES = Path(__file__).parent / "templates"


class HealthPage:
    """The page of a run's report (`qlint.cli.output.Page`): what `Output` renders, and saves
    in the cache beside the other formats."""

    def __init__(self, linter: Linter, config: Config, earlier: Path | None) -> None:
        self.linter, self.config, self.earlier = linter, config, earlier
        how = f"health|{template_digest()}"
        if earlier is not None:
            try:  # read now: an unreadable file is an error before any checking
                content = earlier.read_bytes()
            except OSError as exc:
                raise UsageError(f"cannot read the previous report {earlier}: {exc.strerror or exc}") from None
            how += f"|previous={earlier}:{hashlib.sha256(content).hexdigest()}"
        self.how = how

    def render(self, report: Report) -> str:
        from qlint.health import page  # Jinja only when a page is rendered, not when a saved one is printed

        cwd = Path.cwd().absolute()
        counted = figures.count(report, self.linter.reported, self.linter.contexts, self.config.root, cwd)
        prints = [of_diagnostic(d) for d in report.diagnostics]
        changes = None
        if self.earlier is not None:
            before = previous.load(self.earlier, self.config.root, cwd)
            changes = previous.compare(before, report.diagnostics, prints, counted.subject_of)
        source = self.config.source
        scope = page.Scope(
            root=_shown(self.config.root, cwd),
            config=_shown(source, cwd) if source is not None else None,
            rules=len(self.linter.contexts),
        )
        return page.render(counted, prints, report.diagnostics, scope, changes)


def template_digest() -> str:
    """What a saved rendering of the page depends on besides the report and qlint's code:
    the templates."""
    digest = hashlib.sha256()
    for path in sorted(TEMPLATES.iterdir()):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _shown(path: Path, cwd: Path) -> str:
    return display_path(path.absolute(), cwd)
