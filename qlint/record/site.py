"""The site's naming conventions, as functions of the `[site]` config.

Read off the real QuickTakes site: the subject key is the subject title lower-cased with
spaces as `-`; the slug is the title lower-cased with every character outside [a-z0-9 ]
dropped and each space turned into `-` (no collapsing); the page url is
`/learn/<subject-key>/questions/<slug>`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from qlint.record.config import SiteConfig

_NOT_SLUG = re.compile(r"[^a-z0-9 ]")


def subject_key(subject: str) -> str:
    return subject.lower().replace(" ", "-")


def slugify(title: str, style: str = "quicktakes") -> str:
    """The slug the site derives from a title, in one of the styles `slug-style` accepts."""
    return _SLUGIFIERS[style](title)


def _quicktakes_slug(title: str) -> str:
    """"sodium-potassium pump" -> "sodiumpotassium-pump": lower case, every character outside
    [a-z0-9 ] dropped, each space a `-` (runs of spaces are not collapsed)."""
    return _NOT_SLUG.sub("", title.lower()).replace(" ", "-")


_SLUGIFIERS = {"quicktakes": _quicktakes_slug}  # the choices of SiteConfig.slug_style


def page_url(site: SiteConfig, key: str, slug: str) -> str:
    return site.url_pattern.format(subject_key=key, slug=slug)


@lru_cache(maxsize=16)
def _url_regex(pattern: str) -> re.Pattern[str]:
    escaped = re.escape(pattern)
    escaped = escaped.replace(re.escape("{subject_key}"), r"(?P<subject_key>[^/]+)")
    escaped = escaped.replace(re.escape("{slug}"), r"(?P<slug>[^/]+)")
    return re.compile(escaped)


def parse_url(site: SiteConfig, url: str) -> tuple[str, str] | None:
    """(subject key, slug) of a page url, or None when it does not follow the url pattern."""
    match = _url_regex(site.url_pattern).fullmatch(url)
    return (match["subject_key"], match["slug"]) if match else None


def canonical_subject(site: SiteConfig, subject: str) -> str | None:
    """The configured spelling of `subject` when it differs only in case, else None."""
    folded = subject.casefold()
    for known in site.subjects:
        if known.casefold() == folded:
            return known
    return None
