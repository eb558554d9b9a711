"""`qlint check` and `qlint fix`: the options, and one run from config to exit code."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

import click

from qlint.cli.baseline import baseline_for, record_baseline, without_known
from qlint.cli.group import EXIT_ERROR, EXIT_OK, EXIT_PROBLEMS, cli
from qlint.cli.output import Output, count_of, say
from qlint.cli.progress import Progress
from qlint.cli.statistics import GROUPS
from qlint.discovery.walk import count_files, display_path
from qlint.errors import ConfigError, UsageError
from qlint.pipeline.cache import Cache
from qlint.pipeline.cache import clean as clean_cache
from qlint.pipeline.cache_key import cache_key
from qlint.pipeline.linter import Linter, Targets
from qlint.pipeline.registry import Context, active_rules
from qlint.record.config import Config, find_config_file, load_config
from qlint.reporters import REPORTERS, resolve_format

if TYPE_CHECKING:
    from qlint.pipeline.baseline import Baseline


def _split(values: tuple[str, ...]) -> list[str]:
    """`--select Q1,Q2 --select mojibake` -> ["Q1", "Q2", "mojibake"]."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def config_for(config_file: Path | None, paths: tuple[Path, ...]) -> Config:
    """The config named, or the one found from the first path (or the working directory)."""
    if config_file is not None and not config_file.exists():
        raise UsageError(f"config file does not exist: {config_file}")
    if config_file is None:
        config_file = find_config_file(paths[0] if paths else Path.cwd())
    return load_config(config_file)


def cache_folder(config: Config, cache_dir: Path | None) -> Path:
    if cache_dir is not None:
        return cache_dir
    return config.folder / ".qlint_cache"


def _apply(options, command):
    for option in reversed(options):
        command = option(command)
    return command


def run_options(command):
    """The options of every command that checks: what, with which rules and config, how.
    `run_setup` takes them."""
    return _apply(
        [
            click.argument("paths", nargs=-1, type=click.Path(path_type=Path)),
            click.option("--select", multiple=True, help="Rules to run: codes, prefixes (Q2) or names; comma-separated."),
            click.option("--ignore", multiple=True, help="Rules to skip: codes, prefixes or names; comma-separated."),
            click.option("--extend-select", multiple=True, help="Rules to run in addition to the selected ones."),
            click.option("--extend-ignore", multiple=True, help="Rules to skip in addition to the ignored ones."),
            click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False), help="Config file."),
            click.option(
                "--changed-since",
                metavar="REF",
                help="Lint the files changed since git REF, and the records whose related links point at them.",
            ),
            click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, help="Worker processes (0: one per CPU)."),
            click.option("--no-cache", is_flag=True, help="Do not read or write the cache."),
            click.option("--cache-dir", type=click.Path(path_type=Path, file_okay=False), help="Cache folder."),
            click.option(
                "--force-exclude/--no-force-exclude",
                default=None,
                help="Hold files named on the command line to root, include and exclude (default: the config's force-exclude, on).",
            ),
            click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary on stderr."),
        ],
        command,
    )


def _check_options(command):
    """Options of `check` and `fix`: those of every run, and how to report and fix."""
    return _apply(
        [
            run_options,
            click.option(
                "--format",
                "output_format",
                type=click.Choice(["auto", *REPORTERS]),
                default="auto",
                show_default=True,
                help="Output format; auto is github under GitHub Actions, else text.",
            ),
            click.option("--output-file", "-o", type=click.Path(path_type=Path, dir_okay=False), help="Write the report here."),
            click.option("--statistics", is_flag=True, help="Print the number of problems per rule instead of each problem."),
            click.option(
                "--group-by",
                type=click.Choice(GROUPS),
                default="rule",
                show_default=True,
                help="With --statistics: count by rule, by subject (folder) or by severity.",
            ),
            click.option("--exit-zero", is_flag=True, help="Exit 0 even when problems are found."),
            click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes that may change meaning or a public url."),
            click.option("--diff", is_flag=True, help="Write nothing; print the fixes as a unified diff (exit 1 if any)."),
            click.option("--fix-only", is_flag=True, help="Apply fixes and do not report remaining problems (exit 0)."),
            click.option("--exit-non-zero-on-fix", is_flag=True, help="Exit 1 when a file was changed (pre-commit)."),
            click.option("--show-fixes", is_flag=True, help="With a fix: list what was fixed, per file and rule."),
            click.option(
                "--stdin-filename",
                type=click.Path(path_type=Path, dir_okay=False),
                help="Read one record from stdin (PATHS: '-' or none), as if it were this file; a fix prints it fixed.",
            ),
            click.option(
                "--baseline",
                "baseline_file",
                type=click.Path(path_type=Path, dir_okay=False),
                help="Report only the problems not in this baseline (default: the config's baseline).",
            ),
            click.option("--no-baseline", is_flag=True, help="Report every problem, whatever the config's baseline."),
            click.option(
                "--write-baseline",
                type=click.Path(path_type=Path, dir_okay=False),
                help="Record the problems found in this baseline file, and report none (exit 0).",
            ),
        ],
        command,
    )


@cli.command()
@_check_options
@click.option("--fix", is_flag=True, help="Apply safe fixes (as `qlint fix`).")
def check(fix: bool, **options) -> None:
    """Check PATHS (files or folders; default: the configured root)."""
    _run(fix=fix or options["diff"] or options["fix_only"], **options)


@cli.command(name="fix")
@_check_options
def fix_command(**options) -> None:
    """Fix PATHS in place (safe fixes; add --unsafe-fixes for the rest); same as `check --fix`."""
    _run(fix=True, **options)


@dataclass
class Run:
    """One run set up from the options of `run_options`: what `check`, `fix` and `report`
    share, so that they check the very same files the very same way."""

    config: Config
    contexts: list[Context]
    cache: Cache | None
    linter: Linter
    targets: Targets | None  # None: a record from stdin
    quiet: bool


@contextmanager
def run_setup(
    paths: tuple[Path, ...],
    select,
    ignore,
    extend_select,
    extend_ignore,
    config_file: Path | None,
    changed_since: str | None,
    jobs: int,
    no_cache: bool,
    cache_dir: Path | None,
    force_exclude: bool | None,
    quiet: bool,
    stdin_filename: Path | None = None,
) -> Iterator[Run]:
    """The config, rules, cache, linter and files of a run (none with `stdin_filename`: the
    record comes from stdin); the cache stays open until the block ends (a rendered report
    is saved in it too)."""
    if changed_since is not None and paths:
        raise UsageError("give either PATHS or --changed-since, not both")
    if (stdin_filename is not None or Path("-") in paths) and (paths not in ((), (Path("-"),)) or changed_since):
        raise UsageError("with stdin, give only --stdin-filename PATH and '-' (no other paths, no --changed-since)")
    if Path("-") in paths and stdin_filename is None:
        raise UsageError("a record read from stdin needs --stdin-filename PATH: the path it stands for")
    config = config_for(config_file, (stdin_filename,) if stdin_filename is not None else paths)
    if force_exclude is not None:
        config.force_exclude = force_exclude
    contexts = active_rules(
        config, _split(select), [*_split(ignore), *_split(extend_ignore)], extend_select=_split(extend_select)
    )
    folder = cache_folder(config, cache_dir)
    new_cache = not folder.exists()
    cache = None if no_cache else Cache(folder, cache_key(config, contexts))
    linter = targets = None
    try:
        with Progress(enabled=not quiet and sys.stderr.isatty(), say=not quiet) as progress:
            linter = Linter(config, contexts, cache, jobs or os.cpu_count() or 1, progress)
            if stdin_filename is None:
                targets = linter.targets(list(paths), changed_since)
                if not targets.paths and changed_since is None:
                    _nothing_to_check(config, paths, quiet)
            yield Run(config, contexts, cache, linter, targets, quiet)
    finally:
        if linter is not None:
            linter.close()
        if cache is not None:
            cache.close()
            if new_cache and targets is not None and not targets.paths:
                clean_cache(folder)  # a run that checked nothing leaves nothing behind


def _nothing_to_check(config: Config, paths: tuple[Path, ...], quiet: bool) -> None:
    """Say why a run has no file to check: an error when include and exclude keep none of
    the files under root (a run that passes by checking nothing is a misconfiguration),
    a warning when root holds no file or the paths named are all held out of it."""
    if paths:
        if not quiet:
            say(
                f"qlint: warning: nothing checked: no file named is under root ({config.root}) and kept by include "
                "and exclude (force-exclude holds named files to them)"
            )
        return
    present = count_files(config.root)
    if present:
        files = "the file" if present == 1 else f"any of the {present} files"
        where = f"{config.source}: " if config.source is not None else ""
        raise ConfigError(
            f"{where}include {config.include} and exclude {config.exclude} do not keep {files} under root "
            f"({config.root}): nothing to check"
        )
    if not quiet:
        say(f"qlint: warning: nothing checked: root ({config.root}) holds no file")


def _run(
    output_format: str,
    output_file: Path | None,
    statistics: bool,
    group_by: str,
    exit_zero: bool,
    unsafe_fixes: bool,
    diff: bool,
    fix_only: bool,
    exit_non_zero_on_fix: bool,
    show_fixes: bool,
    fix: bool,
    stdin_filename: Path | None,
    baseline_file: Path | None,
    no_baseline: bool,
    write_baseline: Path | None,
    **run_options,
) -> None:
    with run_setup(**run_options, stdin_filename=stdin_filename) as run:
        if write_baseline is not None:
            if fix or stdin_filename is not None:
                raise UsageError("--write-baseline records what a check finds: not with --fix, --diff or stdin")
            sys.exit(record_baseline(run.linter, run.targets, write_baseline))
        known = baseline_for(run.config, baseline_file, no_baseline)
        output = Output(
            resolve_format(output_format), group_by if statistics else None, output_file, run.cache,
            baseline=known.digest if known else "",
        )  # fmt: skip
        if stdin_filename is not None:
            from qlint.cli.stdin import run_stdin  # (imported when used, like the fixer and baselines)

            fixing = dict(unsafe=unsafe_fixes, diff=diff, fix_only=fix_only, non_zero_on_fix=exit_non_zero_on_fix, quiet=run.quiet)
            code = run_stdin(run.linter, stdin_filename, output, fix, exit_zero, **fixing)
        elif fix:
            from qlint.cli.fix import fix_and_write  # (imported only to fix: the fixer is a tenth of start-up)

            code = fix_and_write(
                run.linter, run.targets, output, unsafe_fixes, diff, fix_only, exit_non_zero_on_fix, run.quiet, exit_zero,
                known, show_fixes,
            )  # fmt: skip
        else:
            code = check_and_write(run.linter, run.targets, output, exit_zero, known)
    sys.exit(code)


def _linking(linter: Linter) -> tuple[str, ...]:
    """What to say of the records checked only because they link to a changed record."""
    if not linter.linking:
        return ()
    shown = [display_path(path, Path.cwd()) for path in linter.linking[:3]]
    more = f" and {len(linter.linking) - 3} more" if len(linter.linking) > 3 else ""
    return (f"also checked {count_of(len(linter.linking), 'record')} linking to a changed record: {', '.join(shown)}{more}",)


def check_and_write(linter: Linter, targets: Targets, output: Output, exit_zero: bool, known: Baseline | None = None) -> int:
    """Check `targets` (or take the saved rendering of the same report) and write the
    report, without the problems of the baseline `known`; the exit code."""
    saved = output.write_saved(linter.report_key(targets))
    if saved is not None:  # nothing changed since a run that printed this very report
        return EXIT_PROBLEMS if saved.problems and not exit_zero else EXIT_OK
    # With a baseline, every file's own result is needed (the ids of moved records).
    report = linter.check(targets, reuse=known is None, save=True)
    for error in report.internal_errors:
        say(f"qlint: {error}")
    output.write(report, _linking(linter) + without_known(report, known, linter, targets))
    if report.internal_errors:
        return EXIT_ERROR
    return EXIT_PROBLEMS if report.count and not exit_zero else EXIT_OK
