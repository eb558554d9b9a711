"""Q502 url-slug-mismatch: the slug of `url` is not the file's name."""

from __future__ import annotations

import pytest

from qlint.record.config import Config, SiteConfig
from tests.conftest import assert_unsafe_fix, fix_text, lint_text, replace_once, VALID

SELECT = ["Q502"]
URL = "url: /learn/biology/questions/how-do-plants-turn-sunlight-into-chemical-energy"
LINE, SLUG_COLUMN = 24, 31  # where the slug starts inside the url in VALID


def test_valid_record_is_clean(root):
    assert lint_text(root, VALID, select=SELECT) == []


@pytest.mark.parametrize(
    "slug",
    [
        "how-do-plants-turn-sunlight-into-energy",
        "how-do-plants-turn-sunlight-into-chemical-energy-2",
        "how-do-plants-turn-sunlight--into-chemical-energy",
    ],
)
def test_a_different_slug_is_reported_at_the_slug(root, slug):
    text = replace_once(VALID, URL, f"url: /learn/biology/questions/{slug}")
    [found] = lint_text(root, text, select=SELECT)
    assert (found.code, found.field) == ("Q502", "url")
    assert (found.span.start_line, found.span.start_column) == (LINE, SLUG_COLUMN)
    assert found.span.end_column == SLUG_COLUMN + len(slug)
    assert found.message.startswith(f"url slug '{slug[:50]}")
    assert "differs from the file name 'how-do-plants-turn-sunlight-into-chemical-energy" in found.message


def test_only_the_slug_is_compared_not_the_subject(root):
    text = replace_once(VALID, URL, URL.replace("/biology/", "/chemistry/"))
    assert lint_text(root, text, select=SELECT) == []


def test_a_file_saved_under_another_name_is_reported(root):
    [found] = lint_text(root, VALID, rel="biology/photosynthesis.md", select=SELECT)
    assert found.message.endswith("differs from the file name 'photosynthesis'")


@pytest.mark.parametrize("url", ["/learn/biology/how-do-plants", "https://example.com/x", '""'])
def test_urls_off_the_pattern_are_left_to_invalid_format(root, url):
    text = replace_once(VALID, URL, f"url: {url}")
    assert lint_text(root, text, select=SELECT) == []


def test_a_configured_url_pattern_is_followed(root):
    config = Config(root=root, site=SiteConfig(url_pattern="/q/{slug}/in/{subject_key}"))
    good = replace_once(VALID, URL, "url: /q/how-do-plants-turn-sunlight-into-chemical-energy/in/biology")
    assert lint_text(root, good, select=SELECT, config=config) == []
    bad = replace_once(VALID, URL, "url: /q/photosynthesis/in/biology")
    [found] = lint_text(root, bad, select=SELECT, config=config)
    assert (found.span.start_line, found.span.start_column, found.span.end_column) == (LINE, 9, 23)


# ----- the fix (unsafe: it changes a public url) -----------------------------------------

STALE = URL.replace("chemical-energy", "energy")
GOOD = URL[len("url: ") :]


def test_fix_is_unsafe_and_applies_only_when_asked(root):
    before = replace_once(VALID, URL, STALE)
    assert_unsafe_fix(root, before, VALID, SELECT)


@pytest.mark.parametrize(
    ("written", "fixed"),
    [
        (f"'{STALE[5:]}'", f"'{GOOD}'"),
        (f'"{STALE[5:]}"', f'"{GOOD}"'),
        (f">-\n    {STALE[5:]}", f">-\n    {GOOD}"),
    ],
    ids=["single-quoted", "double-quoted", "folded-block"],
)
@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_fix_keeps_the_style_and_changes_only_the_value(root, written, fixed, newline):
    before = replace_once(VALID, URL, f"url: {written}").replace("\n", newline)
    after = fix_text(root, before, select=SELECT, unsafe=True)
    assert after == replace_once(VALID, URL, f"url: {fixed}").replace("\n", newline)


def test_fix_builds_the_url_from_the_folder_and_file_name(root):
    # Saved under another name: the url follows the file, which is never renamed.
    after = fix_text(root, VALID, select=SELECT, unsafe=True, rel="biology/photosynthesis.md")
    assert after == replace_once(VALID, URL, "url: /learn/biology/questions/photosynthesis")


def test_both_url_rules_fixing_one_url_settle_in_one_stable_result(root):
    before = replace_once(VALID, URL, "url: /learn/chemistry/questions/what-is-osmosis")
    select = ["Q502", "Q503"]
    assert {d.code for d in lint_text(root, before, select=select)} == {"Q502", "Q503"}
    after = fix_text(root, before, select=select, unsafe=True)
    assert after == VALID
    assert fix_text(root, after, select=select, unsafe=True) == after
