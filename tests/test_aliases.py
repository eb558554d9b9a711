"""Values a record takes through YAML aliases and merge keys are checked like any other:
reported at the alias (or the alias after a merge key), naming the anchor, and never fixed
through it."""

from __future__ import annotations

import time
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from qlint.diagnostics import Applicability, Edit, Fix, Severity, made_diagnostic
from qlint.fixing.apply import apply_edits
from qlint.fixing.verify import verify
from qlint.record.aliases import ALIASED_FIELDS_LIMIT
from qlint.record.document import AliasFieldSpan, FieldSpan
from qlint.record.parse import parse_text
from tests.conftest import RELATED, RELATED_PATH, VALID, VALID_PATH, check_paths, fix_paths, lint_text, replace_once, run_cli
from qlint.record.config import Config

SUBJECT = "subject: Biology\nfile_name"
RELATED_SUBJECT = "    subject: Biology\n    url"
RELATED_ENTRY = VALID[VALID.index("related_article1:") : VALID.index("---", VALID.index("related_article1:"))]
SEO = VALID[VALID.index("seo:\n") : VALID.index("author:")]


def at(text: str, needle: str) -> tuple[int, int]:
    """(line, column) of the one occurrence of `needle` in `text`."""
    assert text.count(needle) == 1, f"{needle!r} occurs {text.count(needle)} times"
    before = text[: text.index(needle)]
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def where(diagnostic) -> tuple[int, int]:
    return diagnostic.span.start_line, diagnostic.span.start_column


def shown(text: str, needle: str) -> str:
    line, column = at(text, needle)
    return f"{line}:{column}"


def with_related_alias(text: str = VALID) -> str:
    """`text` with related_article1 anchored as &r and repeated as related_article2: *r."""
    text = replace_once(text, "related_article1:\n", "related_article1: &r\n")
    return text.replace("\n---\n", "\nrelated_article2: *r\n---\n", 1) if text.startswith("---\n") else text


def with_seo_merge(base: str, own: str = "") -> str:
    """VALID whose seo mapping is `<<: *seo` (plus `own` lines), the anchored mapping being
    `base` (lines indented by two) under the unknown key `seo_base`."""
    seo = f"seo_base: &seo\n{base}seo:\n  <<: *seo\n{own}"
    return replace_once(VALID, SEO, seo)


SEO_BASE = "  title: QuickTakes | Biology\n  page_description: Photosynthesis captures light energy and stores it in sugar, releasing oxygen.\n  page_keywords: photosynthesis, chloroplast\n"


# ----- each kind of value, through an alias ------------------------------------------------


def test_unknown_subject_through_an_alias_is_reported_at_the_alias_naming_the_anchor(root):
    text = replace_once(VALID, SUBJECT, "subject: &s Astrology\nfile_name")
    text = replace_once(text, RELATED_SUBJECT, "    subject: *s\n    url")
    own, through = lint_text(root, text, select=["Q505"])
    assert (own.field, where(own)) == ("subject", at(text, "&s Astrology"))
    assert own.message == "unknown subject 'Astrology': not in the site's subject list"
    assert (through.field, where(through)) == ("related_article1.subject", at(text, "*s"))
    assert (through.span.end_column - through.span.start_column) == 2  # the alias, `*s`
    assert through.message == (
        f"unknown subject 'Astrology': not in the site's subject list (value from anchor &s at {shown(text, '&s')})"
    )


def test_wrong_seo_title_through_a_merge_key_is_reported_at_the_merged_alias(root):
    text = with_seo_merge(SEO_BASE.replace("| Biology", "| Chemistry"))
    [found] = lint_text(root, text, select=["Q602"])
    assert (found.field, where(found)) == ("seo.title", at(text, "*seo"))
    assert found.message == (
        "seo.title 'QuickTakes | Chemistry' should be 'QuickTakes | Biology'"
        f" (value from anchor &seo at {shown(text, '&seo')}; not fixed through an alias)"
    )
    assert found.fix is None


def test_a_key_written_beside_the_merge_key_wins_and_is_reported_where_written(root):
    base = SEO_BASE.replace("| Biology", "| Chemistry")
    assert lint_text(root, with_seo_merge(base, "  title: QuickTakes | Biology\n"), select=["Q602"]) == []
    text = with_seo_merge(SEO_BASE, "  title: QuickTakes | Physics\n")
    [found] = lint_text(root, text, select=["Q602"])
    assert where(found) == at(text, "QuickTakes | Physics") and "anchor" not in found.message
    assert found.fix is not None  # written in place, shared with nothing: fixed as ever


def test_duplicate_related_article_through_an_alias(root):
    text = with_related_alias()
    [found] = lint_text(root, text, select=["Q406"])
    assert (found.field, where(found)) == ("related_article2.url", at(text, "*r"))
    assert found.message == (
        f"related_article2 repeats the url of related_article1 (value from anchor &r at {shown(text, '&r')};"
        " not fixed through an alias)"
    )
    assert found.fix is None


def test_cross_record_rules_see_aliased_links_too(root):
    # Linked to a record that is not there: both entries' urls point nowhere, the aliased
    # one reported at its alias.
    text = with_related_alias()
    first, second = lint_text(root, text, select=["Q403"])
    assert (first.field, where(first)) == ("related_article1.url", at(text, "/learn/biology/questions/what-is-the-role-of-chlorophyll-in-photosynthesis"))
    assert (second.field, where(second)) == ("related_article2.url", at(text, "*r"))
    assert second.message.endswith(f"(value from anchor &r at {shown(text, '&r')})")
    # Linked to a record that is there, with another title: the title mismatch is found
    # through the alias as well.
    text = replace_once(text, "What is the role of chlorophyll in photosynthesis?\n    subject", "What does chlorophyll do?\n    subject")
    (root / RELATED_PATH).write_text(RELATED)
    (root / VALID_PATH).write_text(text)
    report = check_paths([root / VALID_PATH, root / RELATED_PATH], Config(root=root), ["Q405"])
    found = [d for d in report.diagnostics if d.path.endswith(VALID_PATH)]
    assert [(d.field, where(d), d.fix is None) for d in found] == [
        ("related_article1.title", at(text, ">-\n        What does chlorophyll do?"), True),  # &r is shared: no fix
        ("related_article2.title", at(text, "*r"), True),
    ]
    assert "(not fixed: anchor &r is shared by the alias at" in found[0].message


def test_missing_field_supplied_by_a_merge_is_present(root):
    found = lint_text(root, with_seo_merge(SEO_BASE), select=["Q1"])
    assert [(d.code, d.message) for d in found] == [("Q104", "unknown field 'seo_base'")]
    # Without it in the merged mapping, it is missing, as ever.
    text = with_seo_merge(SEO_BASE.replace("  page_keywords: photosynthesis, chloroplast\n", ""))
    assert [d.message for d in lint_text(root, text, select=["Q101"])] == ["required field 'seo.page_keywords' is missing"]


def test_a_field_missing_from_an_aliased_mapping_is_reported_at_the_alias(root):
    text = with_related_alias(replace_once(VALID, "    subject: Biology\n", ""))
    found = lint_text(root, text, select=["Q101"])
    assert [(d.field, where(d)) for d in found] == [
        ("related_article1.subject", at(text, "related_article1")),  # at the key, as ever
        ("related_article2.subject", at(text, "*r")),
    ]
    assert found[1].message == f"required field 'related_article2.subject' is missing (value from anchor &r at {shown(text, '&r')})"


def test_unknown_field_merged_in_is_reported_at_the_alias(root):
    text = with_seo_merge(SEO_BASE + "  image: cover.png\n")
    found = [d for d in lint_text(root, text, select=["Q104"]) if d.field == "seo.image"]
    assert [where(d) for d in found] == [at(text, "*seo")]
    assert found[0].message == f"unknown field 'seo.image' (value from anchor &seo at {shown(text, '&seo')})"


def test_wrong_type_through_an_alias_is_reported_at_the_alias(root):
    text = replace_once(VALID, "author: QuickTakes\n", "author: *r\n")
    text = replace_once(text, "seo:\n", "seo: &r\n")
    found = lint_text(root, text, select=["Q102"])
    assert [(d.field, where(d)) for d in found] == [("author", at(text, "*r"))]
    assert found[0].message == f"field 'author' should be a string, not a mapping (value from anchor &r at {shown(text, '&r')})"


def test_wrong_type_inside_an_aliased_mapping_is_reported_at_the_alias_and_at_the_anchor(root):
    text = with_related_alias(replace_once(VALID, "    id: 501240\n", "    id: [501240]\n"))
    found = lint_text(root, text, select=["Q102"])
    assert [(d.field, where(d)) for d in found] == [
        ("related_article1.id", at(text, "[501240]")),
        ("related_article2.id", at(text, "*r")),
    ]


def test_alias_of_an_alias_names_both_anchors(root):
    text = replace_once(VALID, SUBJECT, "subject: &s Astrology\nfile_name")
    text = with_related_alias(replace_once(text, RELATED_SUBJECT, "    subject: *s\n    url"))
    found = {d.field: d for d in lint_text(root, text, select=["Q505"])}
    assert where(found["related_article2.subject"]) == at(text, "*r")
    assert found["related_article2.subject"].message.endswith(
        f"(value from anchor &r at {shown(text, '&r')}, there from anchor &s at {shown(text, '&s')})"
    )
    assert where(found["related_article1.subject"]) == at(text, "*s")


def test_merge_list_precedence_follows_yaml_1_1(root):
    # The mapping's own keys win; then the earlier mapping of the list over the later.
    text = replace_once(
        VALID,
        SEO,
        "first: &a\n  title: QuickTakes | Physics\n"
        "second: &b\n  title: QuickTakes | Chemistry\n  page_description: Photosynthesis captures light energy and stores it as sugar.\n"
        "  page_keywords: photosynthesis\n"
        "seo:\n  <<: [*b, *a]\n",
    )
    [found] = lint_text(root, text, select=["Q602"])
    assert where(found) == at(text, "*b") and "'QuickTakes | Chemistry'" in found.message
    swapped = text.replace("[*b, *a]", "[*a, *b]")
    [found] = lint_text(root, swapped, select=["Q602"])
    assert where(found) == at(swapped, "*a") and "'QuickTakes | Physics'" in found.message


# A mapping `target` merging anchored mappings, some of which merge others in turn; every
# value names the anchor it is written under (`a2.k1`), so a field's anchor can be checked.
KEYS = ["k1", "k2", "k3", "k4"]


@st.composite
def merge_layouts(draw):
    """(text, the target mapping as YAML 1.1 defines it), worked out here from the layout
    drawn, not by any YAML library."""
    count = draw(st.integers(1, 4))
    lines: list[str] = []
    resolved: dict[str, dict] = {}

    def merge_line(names: list[str]) -> str:
        single = len(names) == 1 and draw(st.booleans())
        return "  <<: " + (f"*{names[0]}" if single else "[" + ", ".join(f"*{name}" for name in names) + "]")

    def resolve(merges: list[str], own: dict) -> dict:
        result: dict = {}
        for name in reversed(merges):  # an earlier mapping of the list wins over a later one
            result.update(resolved[name])
        result.update(own)  # and the mapping's own keys win over all merged ones
        return result

    for i in range(count):
        name = f"a{i}"
        own = {key: f"{name}.{key}" for key in draw(st.lists(st.sampled_from(KEYS), unique=True, max_size=4))} or {"k0": "x"}
        merges = draw(st.lists(st.sampled_from(sorted(resolved)), unique=True, max_size=2)) if resolved else []
        lines.append(f"{name}: &{name}")
        if merges:
            lines.append(merge_line(merges))
        lines += [f"  {key}: {value}" for key, value in own.items()]
        resolved[name] = resolve(merges, own)
    used = draw(st.lists(st.sampled_from(sorted(resolved)), unique=True, min_size=1, max_size=3))
    own = {key: f"target.{key}" for key in draw(st.lists(st.sampled_from(KEYS), unique=True, max_size=2))}
    lines += ["target:", merge_line(used), *(f"  {key}: {value}" for key, value in own.items())]
    return "---\n" + "\n".join(lines) + "\n---\n", resolve(used, own)


@settings(max_examples=200, deadline=None)
@given(merge_layouts())
def test_every_merged_value_is_yaml_1_1_and_placed_at_the_alias_it_came_through(layout):
    text, expected = layout
    doc = parse_text(text, Path("x.md"))
    assert doc.data["target"] == expected
    target_start = text.index("target:")
    for key, value in expected.items():
        spot = doc.fields[("target", key)]
        written_under = value.split(".")[0]
        if written_under == "target":
            assert type(spot) is FieldSpan and text[spot.value.start_offset : spot.value.end_offset] == value
            continue
        assert isinstance(spot, AliasFieldSpan)
        first, innermost = spot.via[0], spot.via[-1]
        assert first.start > target_start and text[first.start : first.end] == "*" + first.name  # in target's text
        if value != "x":  # (every anchor without keys of its own holds k0: x)
            assert innermost.name == written_under  # the anchor the value is written under
        assert text[innermost.anchor :].startswith("&" + innermost.name)


# ----- fixes never go through an alias -----------------------------------------------------


def test_a_case_variant_shared_through_an_anchor_is_reported_but_not_fixed(root):
    text = replace_once(VALID, SUBJECT, "subject: &s biology\nfile_name")
    text = replace_once(text, RELATED_SUBJECT, "    subject: *s\n    url")
    own, through = lint_text(root, text, select=["Q505"])
    assert own.fix is None and own.message.endswith(f"(not fixed: anchor &s is shared by the alias at {shown(text, '*s')})")
    assert through.fix is None and "not fixed through an alias" in through.message
    text = with_related_alias(text)  # a repeated entry too, whose fix is unsafe
    lint_text(root, text)
    path = root / VALID_PATH
    report = fix_paths([path], Config(root=root), ["Q505", "Q406"], unsafe=True)
    assert path.read_text() == text and report.fixed == 0 and report.changed == []
    assert sorted(d.field for d in report.result.diagnostics) == [
        "related_article1.subject", "related_article2.subject", "related_article2.url", "subject"
    ]  # fmt: skip


def test_fixes_away_from_anchors_still_apply_in_a_record_with_aliases(root):
    text = with_related_alias(replace_once(VALID, "  title: QuickTakes | Biology", "  title: QuickTakes | Chemistry"))
    path = root / VALID_PATH
    lint_text(root, text, select=["Q602"])
    fix_paths([path], Config(root=root), ["Q602"])
    assert path.read_text() == replace_once(text, "QuickTakes | Chemistry", "QuickTakes | Biology")


def test_the_fixer_refuses_an_edit_of_a_shared_anchor_whatever_made_it(root):
    text = replace_once(VALID, SUBJECT, "subject: &s biology\nfile_name")
    text = replace_once(text, RELATED_SUBJECT, "    subject: *s\n    url")
    before = parse_text(text, root / VALID_PATH)
    start = text.index("biology\nfile_name")
    edit = Edit(start, start + len("biology"), "Biology")
    forged = made_diagnostic(
        "Q505", "unknown-subject", Severity.ERROR, "m", VALID_PATH, before.span(start), "subject", Fix(Applicability.SAFE, (edit,))
    )
    after = parse_text(apply_edits(text, [edit]), root / VALID_PATH)
    assert verify(before, after, [forged]) == (
        f"the fix would change a value shared through an alias: anchor &s is shared by the alias at {shown(text, '*s')}"
    )


# Fixable defects (case-variant subjects, a wrong seo title, a doubled related entry) with
# some of their values shared through anchors: whatever is shared, fixing never changes an
# anchored value an alias uses, nor an alias.
SHARINGS = {
    "subject": lambda text: replace_once(
        replace_once(text, "subject: biology\nfile_name", "subject: &s biology\nfile_name"),
        "    subject: biology\n    url",
        "    subject: *s\n    url",
    ),
    "related": with_related_alias,
    "seo": lambda text: replace_once(text, "seo:\n", "seo_base: &b\n").replace("author:", "seo:\n  <<: *b\nauthor:", 1),
    "title": lambda text: replace_once(
        replace_once(text, "article_title: >-\n    How do plants turn sunlight into chemical energy?\n", "article_title: *t\n"),
        "\ntitle: >-\n",
        "\ntitle: &t >-\n",
    ),
}
DEFECTIVE = VALID.replace("subject: Biology", "subject: biology").replace("QuickTakes | Biology", "QuickTakes | Chemistry")


def _shared_text(text: str) -> list[tuple[str, str]]:
    """(anchor name, its node's text) of every anchor an alias uses, and each alias."""
    doc = parse_text(text, Path(VALID_PATH))
    used = {(use.name, text[use.anchor : use.anchor_end].rstrip()) for use in doc.aliases}
    return sorted(used) + sorted((use.name, text[use.start : use.end]) for use in doc.aliases)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(sorted(SHARINGS)), unique=True, min_size=1))
def test_fixing_never_changes_what_an_alias_shares(chosen):
    from qlint.api import Project

    text = DEFECTIVE
    for name in sorted(chosen):
        text = SHARINGS[name](text)
    with Project(Config(root=Path("/nonexistent-root"))) as project:
        fixed = project.fix_text(text, VALID_PATH, unsafe=True)
        after = project.check_text(fixed.text, VALID_PATH)
    assert _shared_text(fixed.text) == _shared_text(text) != []
    doc = parse_text(fixed.text, Path(VALID_PATH))
    for diagnostic in after:
        if any(use.start <= diagnostic.span.start_offset < use.end for use in doc.aliases):
            assert diagnostic.fix is None and "value from anchor &" in diagnostic.message
    if "subject" not in chosen:  # a subject shared with nothing is fixed as ever
        assert "subject: Biology\nfile_name" in fixed.text


# ----- what does not change ----------------------------------------------------------------


def test_records_without_aliases_are_read_as_before(root):
    # `&` in values, even where it looks like an anchor, and anchors nothing uses.
    for text in (
        VALID,
        replace_once(VALID, "author: QuickTakes", "author: Tom &Jerry, AT&T"),
        replace_once(VALID, "author: QuickTakes", "author: &writer QuickTakes"),
    ):
        doc = parse_text(text, root / VALID_PATH)
        assert doc.aliases == ()
        assert all(type(spot) is FieldSpan for spot in doc.fields.values())
        found = [(d.code, d.message, where(d), d.fix) for d in lint_text(root, text)]
        assert found == [(d.code, d.message, where(d), d.fix) for d in lint_text(root, VALID)]


def test_billion_laughs_stays_cheap_and_bounded(root):
    lines = ["l0: &l0 [a, b, c, d, e, f, g, h, i, j]"]
    for level in range(1, 10):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 10) + "]")
    text = "---\n" + "\n".join(lines) + "\n---\n"
    started = time.perf_counter()
    doc = parse_text(text, root / "x.md")
    assert time.perf_counter() - started < 5
    aliased = sum(isinstance(spot, AliasFieldSpan) for spot in doc.fields.values())
    assert 0 < aliased <= ALIASED_FIELDS_LIMIT


# ----- the README's example ----------------------------------------------------------------

README_RECORD = VALID[: VALID.index("seo:\n")] + """\
base: &base
  page_description: Photosynthesis captures light.
  page_keywords: photosynthesis
  title: QuickTakes | Biology
seo:
  <<: *base
  title: QuickTakes | Chemistry
author: QuickTakes
question: >-
    How do plants turn sunlight into chemical energy?
answer: >-
    Plants capture light with chlorophyll in their chloroplasts.
subject: &s Biologyy
file_name: a.md
url: /learn/biology/questions/a
score: 0.82
related_article1: &r
    id: 501240
    title: >-
        What is the role of chlorophyll in photosynthesis?
    subject: *s
    url: /learn/biology/questions/what-is-the-role-of-chlorophyll-in-photosynthesis
related_article2: *r
---

&nbsp;
"""


def test_the_readme_example_is_what_qlint_prints(tmp_path, monkeypatch):
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Anchors, aliases and merge keys", 1)[1].split("\n## ", 1)[0]
    shown = section.split("```\n", 2)[1].split("```", 1)[0].splitlines()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "biology").mkdir()
    (tmp_path / "biology" / "a.md").write_text(README_RECORD, encoding="utf-8")
    result = run_cli("check", "--no-cache", "--format", "concise", "biology/a.md")
    printed = result.stdout.splitlines()
    assert len(shown) == 2 and all(line in printed for line in shown)
