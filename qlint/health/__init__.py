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
from qlint.health import figures, previous
from qlint.pipeline.fingerprint import of_diagnostic
from qlint.pipeline.linter import Linter, Report
from qlint.record.config import Config

TEMPLATES = Path(__file__).parent / "templates"


class HealthPage:
    """The page of a run's report (`qlint.cli.output.Page`): what `Output` renders, and saves
    in the cache beside the other formats. An earlier run to compare with is read at once:
    a file that is not one fails before any checking."""

    def __init__(
        self,
        linter: Linter,
        config: Config,
        earlier: Path | None = None,
        paths: tuple[Path, ...] = (),
        changed_since: str | None = None,
    ) -> None:
        self.linter, self.config = linter, config
        cwd = Path.cwd().absolute()
        self.before = previous.load(earlier, config.root, cwd) if earlier is not None else None
        self.checked = _checked(paths, changed_since, config.root, cwd)
        self.how = f"health|{template_digest()}|{self.checked}"
        if self.before is not None:
            self.how += f"|previous={self.before.label}:{self.before.digest}"

    def render(self, report: Report) -> str:
        from qlint.health import page  # Jinja only when a page is rendered, not when a saved one is printed

        cwd = Path.cwd().absolute()
        counted = figures.count(report, self.linter.reported, self.linter.contexts, self.config.root, cwd)
        prints = [of_diagnostic(d) for d in report.diagnostics]
        changes = None
        if self.before is not None:
            changes = previous.compare(self.before, report.diagnostics, prints, counted.subject_of)
        source = self.config.source
        scope = page.Scope(
            checked=self.checked,
            config=display_path(source.absolute(), cwd) if source is not None else None,
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


def _checked(paths: tuple[Path, ...], changed_since: str | None, root: Path, cwd: Path) -> str:
    """What the report is of, as its heading says: the root, the paths given, or the
    files changed since a revision."""
    if changed_since is not None:
        return f"files changed since {changed_since}"
    shown = [display_path(path.absolute(), cwd) for path in paths] or [display_path(root.absolute(), cwd)]
    return ", ".join(shown) if len(shown) <= 2 else f"{shown[0]}, {shown[1]} and {len(shown) - 2} more"
