"""A related article's `url` is not a page url of this site.

Reported at the offending part of `related_articleN.url` when the url contains whitespace,
is absolute (`https://host/...`), has a query string (`?...`) or a fragment (`#...`), ends
with `/`, contains upper-case letters, lacks the leading `/`, does not follow the site's
url pattern (`[site] url-pattern`, by default `/learn/{subject_key}/questions/{slug}`), or
has a subject key or slug with characters other than `a-z`, `0-9` and `-`. Only the first
problem found is reported, one diagnostic per url. An empty or non-string url is left to
the schema rules.

Why: the page renders these urls as links as they are written; each of these defects gives
a broken link, a link that leaves the site's own pages, or a second address for one page.

Example:
    ```
    related_article1:
        url: /learn/biology/questions/what-is-osmosis/
    ```
    reports `related url ends with '/': expected no trailing slash`.

Options: none; the pattern comes from the `[site]` configuration.

Fix: none.
"""

import re
from functools import lru_cache

from qlint.diagnostics import Severity
from qlint.record.site import parse_url

CODE = "Q401"
NAME = "malformed-related-url"
SEVERITY = Severity.ERROR

_WHITESPACE = re.compile(r"\s")
_ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^/]*|//[^/]*")  # scheme and host, or a protocol-relative host
_UPPER = re.compile(r"[A-Z]+")
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_NOT_URL_PART = re.compile(r"[^a-z0-9-]")  # slugs and subject keys only ever hold these


def problem(site, url: str) -> tuple[int, int, str] | None:
    """(index, length, message) of the first defect of `url`, or None when it is fine."""
    if found := _WHITESPACE.search(url):
        return found.start(), 1, "related url contains whitespace: expected none"
    if found := _ABSOLUTE.match(url):
        return 0, found.end(), f"related url starts with '{found.group()}': expected a site path, without scheme and host"
    for mark, what in (("?", "a query string"), ("#", "a fragment")):
        if (index := url.find(mark)) >= 0:
            return index, len(url) - index, f"related url has {what} '{url[index:]}': expected none"
    if len(url) > 1 and url.endswith("/"):
        return len(url) - 1, 1, "related url ends with '/': expected no trailing slash"
    # Percent escapes (`%C3%B6`) are upper case by convention; only letters count here.
    if found := _UPPER.search(_PERCENT.sub(lambda escape: escape.group().lower(), url)):
        return found.start(), len(found.group()), f"related url contains upper case '{found.group()}': site urls are lower case"
    parsed = parse_url(site, url)
    if parsed is None:
        if not url.startswith("/") and parse_url(site, "/" + url) is not None:
            return 0, 0, "related url does not start with '/'"
        return 0, len(url), f"related url '{url}' does not follow the page url pattern '{site.url_pattern}'"
    for part, name in zip(parsed, ("subject key", "slug")):
        if found := _NOT_URL_PART.search(part):
            # The part's position in the url: search from the end for the slug (it usually
            # ends the url), from the start for the subject key.
            start = url.rfind(part) if name == "slug" else url.find(part)
            return start + found.start(), 1, f"related url {name} '{part}' contains '{found.group()}': expected only a-z, 0-9 and '-'"
    return None


@lru_cache(maxsize=16)
def _clean_url(pattern: str) -> re.Pattern[str] | None:
    """A regex that only urls `problem` finds nothing wrong with can match, or None.

    With the pattern's fixed text made only of `a-z`, `0-9`, `-` and `/` (as the default
    `/learn/{subject_key}/questions/{slug}` is), starting with a single `/` and ending with
    a placeholder, a url that is the pattern with `[a-z0-9-]+` for each placeholder has no
    whitespace, scheme, query, fragment, trailing slash or upper case, follows the pattern,
    and has no other character in its subject key or slug. One match then stands for all of
    `problem`'s checks, which most urls pass."""
    fixed = pattern.replace("{subject_key}", "").replace("{slug}", "")
    if not (re.fullmatch(r"[a-z0-9/-]*", fixed) and pattern.startswith("/") and not pattern.startswith("//")):
        return None
    if not pattern.endswith(("{subject_key}", "{slug}")):
        return None
    part = "[a-z0-9-]+"
    return re.compile(re.escape(pattern).replace(re.escape("{subject_key}"), part).replace(re.escape("{slug}"), part))


def check(doc, ctx):
    clean = _clean_url(ctx.site.url_pattern)
    for related in doc.facts.related:
        url = related.url
        if url is None or (clean is not None and clean.fullmatch(url)):
            continue  # most urls: nothing wrong, whatever their span
        field = doc.fields.get((related.key, "url"))
        if not url.strip() or field is None:
            continue
        found = problem(ctx.site, url)
        if found is not None:
            index, length, message = found
            yield ctx.diagnostic(doc, field.locate(index, length), message, field=f"{related.key}.url")
