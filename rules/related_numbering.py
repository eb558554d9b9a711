"""The `related_articleN` entries are not numbered 1, 2, 3... up to what the page shows.

Reported at the key of an entry when the number before it is missing (a gap, such as
`related_article3` without `related_article2`, or numbering that does not start at 1), and
at the key of every entry numbered above `[site] related-max` (5 by default), which the
page never displays. Keys such as `related_article0` or `related_article01` are not entries
at all; the schema reports them as unknown fields.

Why: the page template reads `related_article1` to `related_article5` by name. An entry
beyond that is silently dropped from the page, and a gap usually means an entry was
deleted without renumbering the ones after it, leaving an empty slot.

Example:
    ```
    related_article1:
        ...
    related_article3:
        ...
    ```
    reports `related_article3 follows related_article1: related_article2 is missing` at
    `related_article3`.

Options: none; the maximum comes from `[site] related-max`.

Fix: none yet; renumbering comes with the fix of `duplicate-related`.
"""

from qlint.diagnostics import Severity

CODE = "Q408"
NAME = "related-numbering"
SEVERITY = Severity.ERROR


def check(doc, ctx):
    previous = 0  # number of the entry before, 0 before the first one
    shown = ctx.site.related_max
    for related in doc.facts.related:
        field = doc.fields.get((related.key,))
        if field is None or field.key_node is None:
            continue  # no key recorded (field.key would be None)
        if related.number <= previous + 1 and related.number <= shown:
            previous = related.number
            continue  # the common case: nothing to report, so no position to compute
        span = field.key
        if related.number > previous + 1:
            if previous == 0:
                message = f"related articles start at {related.key}: expected related_article1 first"
            else:
                missing = f"related_article{previous + 1}"
                if related.number > previous + 2:
                    missing += f" to related_article{related.number - 1} are"
                else:
                    missing += " is"
                message = f"{related.key} follows related_article{previous}: {missing} missing"
            yield ctx.diagnostic(doc, span, message, field=related.key)
        if related.number > shown:
            message = f"{related.key} is never shown: the page shows only related_article1 to related_article{shown}"
            if shown == 0:
                message = f"{related.key} is never shown: the page shows no related articles"
            yield ctx.diagnostic(doc, span, message, field=related.key)
        previous = related.number
