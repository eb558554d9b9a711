"""`qlint server`: the language server, over stdio."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import click

from qlint import DISTRIBUTION
from qlint.cli.group import cli
from qlint.errors import UsageError


@cli.command()
@click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False), help="Config file for every record.")
@click.option("--cache-dir", type=click.Path(path_type=Path, file_okay=False), help="Cache folder.")
@click.option("--no-cache", is_flag=True, help="Do not read or write the cache.")
@click.option("--debounce", type=click.IntRange(min=0), default=100, show_default=True, help="Milliseconds a changed record rests before it is linted.")
@click.option("--stdio", is_flag=True, hidden=True, help="Talk over stdin and stdout (the only way; editors often pass it).")
def server(config_file: Path | None, cache_dir: Path | None, no_cache: bool, debounce: int, stdio: bool) -> None:
    """Run the language server on stdin and stdout, for editors (see the README)."""
    if importlib.util.find_spec("pygls") is None:
        raise UsageError(f"the language server needs pygls: pip install '{DISTRIBUTION}[server]'")
    if config_file is not None and not config_file.is_file():
        raise UsageError(f"config file does not exist: {config_file}")
    from qlint.server.lsp import serve

    serve(config_file.resolve() if config_file else None, cache_dir, not no_cache, debounce / 1000)
