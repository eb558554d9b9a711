"""A progress bar on stderr for long runs at a terminal (click's), and nothing otherwise."""

from __future__ import annotations

import click

MINIMUM = 300  # fewer files to parse than this finish before a bar would be worth drawing


class Progress:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar = None

    def start(self, total: int, done: int) -> None:
        """Called once the files are counted: `done` of `total` came from the cache."""
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
