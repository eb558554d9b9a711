"""The command line's side of baselines: which one a run is filtered by, writing one, and
what a report says of the problems it leaves out."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from qlint.cli.group import EXIT_ERROR, EXIT_OK
from qlint.cli.output import count_of, say
from qlint.pipeline.linter import Linter, Report, Targets
from qlint.record.config import Config

if TYPE_CHECKING:  # (imported when used: most runs have no baseline)
    from qlint.pipeline.baseline import Baseline


def baseline_for(config: Config, given: Path | None, off: bool) -> Baseline | None:
    """The baseline the report is filtered by: the one given, else the config's; none with
    --no-baseline."""
    path = None if off else given or config.baseline
    if path is None:
        return None
    from qlint.pipeline.baseline import Baseline

    return Baseline.load(path)


def record_baseline(linter: Linter, targets: Targets, path: Path) -> int:
    """`--write-baseline PATH`: check `targets` and record every problem found in PATH; the
    exit code."""
    from qlint.pipeline.baseline import Baseline

    report = linter.check(targets, reuse=False, save=True)  # (every file's own result: ids of moved records)
    for error in report.internal_errors:
        say(f"qlint: {error}")
    scope = None if targets.whole_root else set(linter.reported)
    count = Baseline.for_writing(path).write(report.diagnostics, linter.locate, scope)
    say(f"qlint: {path}: {count_of(count, 'problem')} recorded ({count_of(report.count, 'problem')} found now)")
    return EXIT_ERROR if report.internal_errors else EXIT_OK


def without_known(report: Report, known: Baseline | None, linter: Linter, targets: Targets) -> tuple[str, ...]:
    """Drop from `report` the problems `known` records; what to say about them."""
    if known is None:
        return ()
    comparison = known.compare(report.diagnostics, linter.locate, None if targets.whole_root else set(linter.reported))
    report.diagnostics = comparison.new
    notes = [f"{count_of(comparison.known, 'problem')} of the baseline {known.path} not shown"]
    if comparison.gone:
        notes.append(
            f"{count_of(len(comparison.gone), 'problem')} of the baseline no longer found (fixed): "
            f"`qlint check --write-baseline {known.path}` drops them"
        )
    return tuple(notes)
