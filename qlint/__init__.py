"""qlint: a linter and minimal-edit fixer for QuickTakes Q&A records."""

__version__ = "0.1.0"
