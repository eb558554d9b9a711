"""A subject is not one of the site's subjects, or is spelled with different capitals.

Checks `subject` and the `subject` of every `related_articleN` against the configured
subject list (`[site] subjects`, by default the QuickTakes site's list). A name that matches
a listed subject except for letter case (`Computer science` for `Computer Science`) is
reported as a variant, with the listed spelling; any other name as unknown. Reported at the
subject value.

Why: the site groups pages by its own list of subject names. A case variant shows the
subject spelled two ways across the site and splits it in any listing that compares names
exactly; an unknown subject is served as a hidden subject, outside every subject page.

Example:
    ```
    subject: Computer science
    ```
    reports `subject 'Computer science' is spelled differently from the site's 'Computer Science'`;
    `subject: Astrology` reports `unknown subject 'Astrology': not in the site's subject list`.

Options: none; the list is the site's `subjects` setting.

Fix: safe, for a case variant only: the subject is set to the listed spelling. For the
record's own `subject`, `seo.title` is rewritten in the same fix when it is the site's title
built from the old spelling (`QuickTakes | Computer science` becomes `QuickTakes | Computer
Science`), so the two fields stay in agreement. Only letter case changes, and the site's list
is the reference, so nothing a reader sees changes meaning. Values keep their YAML style. An
unknown subject gets no fix: which subject was meant needs a person.
"""

from qlint.diagnostics import Applicability, Fix, Severity
from qlint.rules._identity import known_subjects, repeated_replace_value, squash
from qlint.record.site import canonical_subject

CODE = "Q505"
NAME = "unknown-subject"
SEVERITY = Severity.ERROR
FIXABLE = True


def _subjects(doc):
    """(path, value) of the record's subject and of each related article's, in numeric order."""
    yield ("subject",), doc.data.get("subject")
    for related in doc.facts.related:
        yield (related.key, "subject"), related.subject


def check(doc, ctx):
    known = known_subjects(ctx.site)
    for path, subject in _subjects(doc):
        if not isinstance(subject, str):
            continue  # missing, or not text: the schema rules' business
        name = subject.strip()  # surrounding spaces are not part of the name the site shows
        if not name or name in known:
            continue  # blank (the schema's business again), or fine: no span needed
        field = doc.fields.get(path)
        if field is None:
            continue
        canonical = canonical_subject(ctx.site, name)
        fix = None
        if canonical is not None:
            message = f"subject '{name}' is spelled differently from the site's '{canonical}'"
            fix = _fix(doc, ctx, path, name, canonical)
        else:
            message = f"unknown subject '{name}': not in the site's subject list"
        yield ctx.diagnostic(doc, field.value, message, field=".".join(path), fix=fix)


def _fix(doc, ctx, path, name, canonical):
    edits = [repeated_replace_value(doc, path, canonical)]
    if path == ("subject",):
        # The seo title is derived from the subject: if it was built from the old spelling,
        # it changes in the same fix, or seo-title-mismatch would report the pair apart.
        seo_title = doc.value(("seo", "title"))
        try:
            old, new = (ctx.site.seo_title.format(subject=s) for s in (name, canonical))
        except (KeyError, IndexError, ValueError):
            old = new = None  # a pattern with other placeholders: leave the title alone
        if isinstance(seo_title, str) and old is not None and squash(seo_title) == squash(old):
            edits.append(repeated_replace_value(doc, ("seo", "title"), new))
    if any(edit is None for edit in edits):
        return None
    scope = (".".join(path), "seo.title") if len(edits) > 1 else None
    return Fix(Applicability.SAFE, tuple(edits), scope)
