"""`qlint schema`: the JSON Schema of a record's front matter, or of the config."""

from __future__ import annotations

import json
from pathlib import Path

import click

from qlint.cli.check import config_for
from qlint.cli.group import cli


@cli.command()
@click.argument("of", type=click.Choice(["record", "config"]), default="record")
@click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False), help="Config file to use.")
def schema(of: str, config_file: Path | None) -> None:
    """Print the JSON Schema of a record's front matter (its urls follow the config's
    url-pattern), or with `config`, of the [tool.qlint] config."""
    from qlint.record.json_schema import config_schema, record_schema

    found = record_schema(config_for(config_file, ()).site) if of == "record" else config_schema()
    click.echo(json.dumps(found, indent=2))
