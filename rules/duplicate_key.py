"""A key appears twice in the same mapping.

YAML loaders keep the last value of a repeated key and drop the first silently, so an edit
to the first copy has no effect. Reported at the second occurrence, naming the line of the
first.

Why: which copy wins depends on the loader; the site and qlint might read different values.

Example:
    ```
    score: 0.8
    score: -1.0
    ```
    reports `duplicate key 'score' (first defined on line 1)` at the second `score`.

Options: none.

Fix: none; decide which copy is right and delete the other.
"""

from qlint.diagnostics import Severity

CODE = "Q004"
NAME = "duplicate-key"
SEVERITY = Severity.ERROR
NEEDS_RECORD = False


def check(doc, ctx):
    for dup in doc.duplicates:
        dotted = ".".join(str(p) for p in dup.path)
        message = f"duplicate key '{dotted}' (first defined on line {dup.first.start_line})"
        yield ctx.diagnostic(doc, dup.again, message, field=dotted)
