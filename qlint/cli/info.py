"""`qlint rules`, `qlint rule` and `qlint clean`."""

from __future__ import annotations

from pathlib import Path

import click

from qlint.cli.check import cache_folder, config_for
from qlint.cli.group import cli
from qlint.cli.output import say
from qlint.errors import UsageError
from qlint.pipeline.cache import clean as cache_clean
from qlint.pipeline.registry import all_rules, find_rule


@cli.command()
@click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False), help="Config file to use.")
@click.option("--cache-dir", type=click.Path(path_type=Path, file_okay=False), help="Cache folder.")
def clean(config_file: Path | None, cache_dir: Path | None) -> None:
    """Delete the cache (only the files qlint made there)."""
    folder = cache_folder(config_for(config_file, ()), cache_dir)
    removed = cache_clean(folder)
    if removed is None:
        say(f"not a qlint cache: {folder} holds files qlint did not make; nothing deleted", err=False)
    else:
        say(f"removed the cache in {folder}" if removed else f"no cache in {folder}", err=False)


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
