"""The command line: a thin click layer over config, registry, runner and reporters.

Exit codes: 0 no problems, 1 problems found, 2 usage, config or internal error (one line on
stderr, never a traceback).
"""

from __future__ import annotations

import codecs
import gc
import io
import os
import sys
from collections import Counter
import warnings
from pathlib import Path

import click

from qlint import __version__
from qlint.record.config import Config, ConfigError, find_config_file, load_config
from qlint.pipeline.registry import active_rules, all_rules, find_rule
from qlint.cli.progress import Progress
from qlint.reporters import REPORTERS, resolve_format
from qlint.pipeline.cache import Cache, CacheWarning
from qlint.pipeline.cache import clean as cache_clean
from qlint.pipeline.runner import Run, UsageError, cache_key

EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2


def _split(values: tuple[str, ...]) -> list[str]:
    """`--select Q1,Q2 --select mojibake` -> ["Q1", "Q2", "mojibake"]."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _config_for(config_file: Path | None, paths: tuple[Path, ...]) -> Config:
    if config_file is None:
        config_file = find_config_file(paths[0] if paths else Path.cwd())
    return load_config(config_file)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="qlint", message="%(prog)s %(version)s")
def cli() -> None:
    """qlint: lint and fix QuickTakes Q&A records (Markdown with YAML front matter)."""


def _cache_folder(config: Config, cache_dir: Path | None) -> Path:
    if cache_dir is not None:
        return cache_dir
    project = config.source.parent if config.source is not None else Path.cwd()
    return project / ".qlint_cache"


def _check_options(command):
    """Options shared by `check` and `fix`."""
    options = [
        click.argument("paths", nargs=-1, type=click.Path(path_type=Path)),
        click.option("--select", multiple=True, help="Rules to run: codes, prefixes (Q2) or names; comma-separated."),
        click.option("--ignore", multiple=True, help="Rules to skip: codes, prefixes or names; comma-separated."),
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
        click.option("--exit-zero", is_flag=True, help="Exit 0 even when problems are found."),
        click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary on stderr."),
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
        click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes that may change meaning or a public url."),
        click.option("--diff", is_flag=True, help="Write nothing; print the fixes as a unified diff (exit 1 if any)."),
        click.option("--fix-only", is_flag=True, help="Apply fixes and do not report remaining problems (exit 0)."),
        click.option("--exit-non-zero-on-fix", is_flag=True, help="Exit 1 when a file was changed (pre-commit)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


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


def _run(
    paths: tuple[Path, ...],
    select,
    ignore,
    extend_select,
    extend_ignore,
    output_format: str,
    output_file: Path | None,
    statistics: bool,
    exit_zero: bool,
    quiet: bool,
    config_file: Path | None,
    changed_since: str | None,
    jobs: int,
    no_cache: bool,
    cache_dir: Path | None,
    unsafe_fixes: bool,
    diff: bool,
    fix_only: bool,
    exit_non_zero_on_fix: bool,
    fix: bool,
) -> None:
    if config_file is not None and not config_file.is_file():
        raise UsageError(f"config file does not exist: {config_file}")
    if changed_since is not None and paths:
        raise UsageError("give either PATHS or --changed-since, not both")
    config = _config_for(config_file, paths)
    contexts = active_rules(
        config, _split(select), [*_split(ignore), *_split(extend_ignore)], extend_select=_split(extend_select)
    )
    output_format = resolve_format(output_format)
    cache = None if no_cache else Cache(_cache_folder(config, cache_dir), cache_key(config, contexts))
    # What a saved rendering of an unchanged report must match (colour is decided by the
    # reporters from the stream, which is never a terminal here: the buffer below).
    rendered_as = f"{output_format}|statistics={statistics}"
    run = Run(config, contexts, jobs=jobs or os.cpu_count() or 1, cache=cache, changed_since=changed_since)
    try:  # the cache stays open to the end: the rendered report is saved in it too
        with Progress(enabled=not quiet and sys.stderr.isatty()) as progress:
            run.progress, run.progress_tick = progress.start, progress.advance
            if fix:
                from qlint.fixing.bulk import fix as fix_files  # only when fixing: it is a tenth of start-up

                report = fix_files(run, list(paths), unsafe=unsafe_fixes, write=not diff)
                result = report.result
            else:
                report, result = None, run.lint(list(paths), rendered_as=rendered_as)
        for error in result.internal_errors:
            click.echo(f"qlint: {error}", err=True)
        for note in report.notes if report else ():
            click.echo(f"qlint: {note}", err=True)
        if diff:
            _write_output(output_file, "".join(report.diffs))
            click.echo(f"Would fix {_count(report.fixed, 'problem')} in {_count(len(report.changed), 'file')}.", err=True)
            sys.exit(EXIT_PROBLEMS if report.diffs else EXIT_OK)
        if not (fix and fix_only):
            _write_output(output_file, _rendered(run, result, output_format, statistics, rendered_as))
        if report is not None and not quiet:
            summary = f"Fixed {_count(report.fixed, 'problem')} in {_count(len(report.changed), 'file')}, "
            click.echo(summary + f"{len(result.diagnostics)} remaining.", err=output_format != "text" or fix_only)
    finally:
        if cache is not None:
            cache.close()
    if result.internal_errors:
        sys.exit(EXIT_ERROR)
    if exit_non_zero_on_fix and report is not None and report.changed:
        sys.exit(EXIT_PROBLEMS)
    clean = not result.count or exit_zero or (fix and fix_only)
    sys.exit(EXIT_OK if clean else EXIT_PROBLEMS)


def _rendered(run: Run, result, output_format: str, statistics: bool, rendered_as: str) -> str | bytes:
    """The report as text; as rendered by a run before when nothing changed since."""
    if result.output is not None:
        return result.output
    buffer = io.StringIO()
    if statistics:
        _statistics(buffer, result.diagnostics)
    else:
        REPORTERS[output_format](buffer).report(result.diagnostics, result.files)
    run.save_rendered(result, rendered_as, buffer.getvalue())
    return buffer.getvalue()


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''}"


def _statistics(stream, diagnostics) -> None:
    counts = Counter((d.code, d.name) for d in diagnostics)
    fixable = Counter((d.code, d.name) for d in diagnostics if d.fix is not None)
    for (code, name), count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        marker = "[*]" if fixable[(code, name)] else "   "
        stream.write(f"{count:>7}  {code}  {marker} {name}\n")
    stream.write(f"Found {_count(len(diagnostics), 'problem')}.\n")


def _write_output(output_file: Path | None, text: str | bytes) -> None:
    """The report (text, or UTF-8 bytes) to stdout, or to --output-file (written whole,
    through a temporary file)."""
    if output_file is None:
        if isinstance(text, bytes):
            # Written as they are where the text would have been encoded the same way.
            raw = getattr(sys.stdout, "buffer", None)
            if raw is not None and os.linesep == "\n" and codecs.lookup(sys.stdout.encoding or "ascii").name == "utf-8":
                sys.stdout.flush()
                raw.write(text)
                return
            text = text.decode("utf-8", "surrogatepass")
        sys.stdout.write(text)
        return
    try:
        output_file.parent.mkdir(parents=True, exist_ok=True)
        temporary = output_file.with_name(f".{output_file.name}.qlint-tmp")
        temporary.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        os.replace(temporary, output_file)
    except OSError as exc:
        raise UsageError(f"cannot write {output_file}: {exc.strerror or exc}") from None


@cli.command()
@click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False), help="Config file to use.")
@click.option("--cache-dir", type=click.Path(path_type=Path, file_okay=False), help="Cache folder.")
def clean(config_file: Path | None, cache_dir: Path | None) -> None:
    """Delete the cache."""
    folder = _cache_folder(_config_for(config_file, ()), cache_dir)
    removed = cache_clean(folder)
    click.echo(f"removed the cache in {folder}" if removed else f"no cache in {folder}")


@cli.command(name="rules")
@click.option("--markdown", is_flag=True, help="Print a Markdown table (the one in README.md).")
def list_rules(markdown: bool) -> None:
    """List every rule: code, name, default severity, fixable, summary."""
    if markdown:
        click.echo("| code | name | severity | fixable | what it reports |\n|---|---|---|---|---|")
    for rule in all_rules():
        if markdown:
            fixable = "yes" if rule.fixable else ""
            click.echo(f"| {rule.code} | `{rule.name}` | {rule.severity.value} | {fixable} | {rule.summary} |")
        else:
            fixable = "fixable" if rule.fixable else ""
            click.echo(f"{rule.code}  {rule.name:<28} {rule.severity.value:<8} {fixable:<8} {rule.summary}".rstrip())


@cli.command(name="rule")
@click.argument("name_or_code")
def show_rule(name_or_code: str) -> None:
    """Print the documentation of one rule (by code or name)."""
    rule = find_rule(name_or_code)
    if rule is None:
        raise UsageError(f"unknown rule '{name_or_code}' (see `qlint rules`)")
    click.echo(f"{rule.code} {rule.name} (default severity: {rule.severity.value})\n")
    click.echo(rule.doc.strip())


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    click.echo(f"qlint: warning: {message}", err=True)


def main(argv: list[str] | None = None) -> None:
    """Entry point: click in non-standalone mode so every error becomes one line and exit 2."""
    # A run makes hundreds of thousands of objects that live until the report is out; the
    # cyclic collector would scan them again and again for the few parse trees it frees
    # (measured: a third of the parent's time). Collect rarely; the workers inherit this.
    gc.freeze()
    gc.set_threshold(200_000, 100, 1000)
    warnings.showwarning = _show_warning  # a cache problem is one line on stderr, not a traceback
    warnings.simplefilter("always", CacheWarning)
    try:
        cli.main(args=argv, prog_name="qlint", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("qlint: aborted", err=True)
        sys.exit(EXIT_ERROR)
    except click.ClickException as exc:
        click.echo(f"qlint: error: {exc.format_message()}", err=True)
        sys.exit(EXIT_ERROR)
    except (ConfigError, UsageError) as exc:
        click.echo(f"qlint: error: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # never a traceback for the user
        click.echo(f"qlint: internal error: {type(exc).__name__}: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_OK)
