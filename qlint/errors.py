"""The errors qlint raises for what it was asked to do, as opposed to problems it finds.

The CLI prints them on one line and exits 2; the Python API raises them as they are.
"""


class QlintError(Exception):
    """What was asked cannot be done: a path that does not exist, an invalid config, a git
    revision that cannot be read."""


class ConfigError(QlintError):
    """The configuration is invalid (the message names the file and the key)."""


class UsageError(QlintError):
    """The command or call is invalid (a missing path, options that exclude each other)."""
