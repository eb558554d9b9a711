"""Q401 malformed-related-url: a related url that is not one of the site's page urls."""

from __future__ import annotations

import pytest

from qlint.record.config import Config, SiteConfig
from tests.conftest import VALID, lint_text, replace_once

SELECT = ["Q401"]
GOOD_URL = "/learn/biology/questions/what-is-the-role-of-chlorophyll-in-photosynthesis"
URL_LINE, URL_COLUMN = 31, 10  # where the related url's value starts in VALID


def with_url(written: str) -> str:
    return replace_once(VALID, f"url: {GOOD_URL}", f"url: {written}")


@pytest.mark.parametrize(
    ("written", "index", "message"),
    [
        ("/learn/biology/questions/what-is-osmosis/", 40, "related url ends with '/': expected no trailing slash"),
        (
            "https://quicktakes.io/learn/biology/questions/what-is-osmosis",
            0,
            "related url starts with 'https://quicktakes.io': expected a site path, without scheme and host",
        ),
        (
            "//quicktakes.io/learn/biology/questions/what-is-osmosis",
            0,
            "related url starts with '//quicktakes.io': expected a site path, without scheme and host",
        ),
        ("/learn/biology/questions/what-is-osmosis?ref=home", 40, "related url has a query string '?ref=home': expected none"),
        ("/learn/biology/questions/what-is-osmosis#top", 40, "related url has a fragment '#top': expected none"),
        ("/learn/Biology/questions/what-is-osmosis", 7, "related url contains upper case 'B': site urls are lower case"),
        ("/learn/biology/questions/What-Is-osmosis", 25, "related url contains upper case 'W': site urls are lower case"),
        ("learn/biology/questions/what-is-osmosis", 0, "related url does not start with '/'"),
        (
            "/learn/biology/what-is-osmosis",
            0,
            "related url '/learn/biology/what-is-osmosis' does not follow the page url pattern"
            " '/learn/{subject_key}/questions/{slug}'",
        ),
        (
            "/learn/biology/questions/what_is_osmosis",
            29,
            "related url slug 'what_is_osmosis' contains '_': expected only a-z, 0-9 and '-'",
        ),
        (
            "/learn/bio.logy/questions/what-is-osmosis",
            10,
            "related url subject key 'bio.logy' contains '.': expected only a-z, 0-9 and '-'",
        ),
        ("/learn/biology/questions/what-is-osm%C3%B6sis", 36, "related url slug 'what-is-osm%C3%B6sis' contains '%'"),
        ("/learn/biology/questions/what-is-osm%c3%b6sis", 36, "related url slug 'what-is-osm%c3%b6sis' contains '%'"),
    ],
)
def test_malformed_url_is_reported_at_the_offending_part(root, written, index, message):
    [found] = lint_text(root, with_url(written), select=SELECT)
    assert (found.code, found.field) == ("Q401", "related_article1.url")
    assert (found.span.start_line, found.span.start_column) == (URL_LINE, URL_COLUMN + index)
    assert found.message.startswith(message)


@pytest.mark.parametrize(
    ("written", "column"),
    [
        ('"/learn/biology/questions/what is osmosis"', URL_COLUMN + 1 + 29),  # inside the quotes
        # Leading blanks inside quotes are not mapped one by one: the opening quote is used.
        ('" /learn/biology/questions/what-is-osmosis"', URL_COLUMN),
        ("'/learn/biology/questions/what-is-osmosis\t'", URL_COLUMN + 1 + 40),
    ],
)
def test_whitespace_is_reported_where_it_is(root, written, column):
    [found] = lint_text(root, with_url(written), select=SELECT)
    assert found.message == "related url contains whitespace: expected none"
    assert (found.span.start_line, found.span.start_column) == (URL_LINE, column)


def test_only_the_first_problem_is_reported(root):
    found = lint_text(root, with_url("https://quicktakes.io/learn/Biology/questions/x/"), select=SELECT)
    assert [d.message.split(":")[0] for d in found] == ["related url starts with 'https"]


@pytest.mark.parametrize("written", [GOOD_URL, "/learn/marine-biology/questions/what-lives-in-a-coral-reef", "''", "42", "null"])
def test_good_empty_and_non_string_urls_are_not_reported(root, written):
    # Empty, numeric and null urls are the schema's to report.
    assert lint_text(root, with_url(written), select=SELECT) == []


def test_the_records_own_url_is_not_this_rules_business(root):
    text = replace_once(VALID, "url: /learn/biology/questions/how-do-plants", "url: /learn/Biology/questions/how-do-plants")
    assert lint_text(root, text, select=SELECT) == []


def test_the_pattern_comes_from_the_site_config(root):
    config = Config(root=root, site=SiteConfig(url_pattern="/q/{subject_key}/{slug}.html"))
    assert lint_text(root, with_url("/q/biology/what-is-osmosis.html"), select=SELECT, config=config) == []
    [found] = lint_text(root, VALID, select=SELECT, config=config)
    assert "does not follow the page url pattern '/q/{subject_key}/{slug}.html'" in found.message
