"""qlint: a linter and minimal-edit fixer for QuickTakes Q&A records.

The Python API (see `qlint.api`): `load_config`, `check_text`, `fix_text`, `check_paths`,
and `Project` for many calls; the types they return (`Diagnostic`, `Fix`, `Edit`, `Span`,
`Severity`, `Applicability`, `Report`, `FixedText`, `Config`) and the errors they raise
(`QlintError`, `ConfigError`, `UsageError`).
"""

__version__ = "0.1.0"

# The name qlint is installed under (`qlint` on the package index is another project's) and
# this project's home; pyproject.toml says the same (tests/test_packaging.py checks).
DISTRIBUTION = "quicktakes-qlint"
HOMEPAGE = "https://github.com/quicktakes/qlint"

__all__ = [
    "Applicability", "Config", "ConfigError", "Diagnostic", "Edit", "Fix", "FixedText", "Project", "QlintError",
    "Report", "Severity", "Span", "UsageError", "check_paths", "check_text", "fix_text", "load_config",
]  # fmt: skip

_HOMES = {
    "qlint.api": ("FixedText", "Project", "check_paths", "check_text", "fix_text", "load_config"),
    "qlint.diagnostics": ("Applicability", "Diagnostic", "Edit", "Fix", "Severity", "Span"),
    "qlint.errors": ("ConfigError", "QlintError", "UsageError"),
    "qlint.pipeline.linter": ("Report",),
    "qlint.record.config": ("Config",),
}


def __getattr__(name: str):
    # Imported when first asked for: `import qlint` (for its version, or by the CLI's
    # workers) stays free of the engine's imports.
    for module, names in _HOMES.items():
        if name in names:
            import importlib

            return getattr(importlib.import_module(module), name)
    raise AttributeError(f"module 'qlint' has no attribute {name!r}")
