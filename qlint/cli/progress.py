"""A progress bar on stderr for long runs at a terminal (click's); elsewhere (pre-commit,
CI logs), one line saying that a long read has begun, so that a first run is not silent."""

from __future__ import annotations

import click

MINIMUM = 300  # fewer files to parse than this finish before a bar would be worth drawing
SAID = 2000  # without a terminal, more files to parse than this (some seconds) are said


class Progress:
    def __init__(self, enabled: bool, say: bool = False) -> None:
        """`enabled`: draw a bar (at a terminal); `say`: else say when a long read begins."""
        self.enabled, self.say = enabled, say
        self.bar = None

    def start(self, total: int, done: int) -> None:
        """Called once the files are counted: `done` of `total` came from the cache."""
        if not self.enabled and self.say and total - done >= SAID:
            click.echo(f"qlint: reading {total - done} files with no cached result (later runs read only what changed)", err=True)
        if self.enabled and total - done >= MINIMUM and self.bar is None:
            self.bar = click.progressbar(length=total, label="Checking", file=click.get_text_stream("stderr"))
            self.bar.__enter__()
            self.bar.update(done)

    def advance(self, count: int) -> None:
        if self.bar is not None:
            self.bar.update(count)

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)
            self.bar = None
