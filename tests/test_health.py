"""`qlint report`: the page's figures against the JSON output of the same run, what changed
since an earlier run, a page that loads nothing and shows hostile records as text, and the
exit codes and errors a user sees."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qlint.health import figures as health_figures
from qlint.health.figures import OUTSIDE_ROOT, TOP_LEVEL
from qlint.pipeline.registry import all_rules
from tests.browser import Chromium, find_chromium, open_and_check
from tests.conftest import RELATED_PATH, REPO, VALID, replace_once, run_cli
from tests.health_helpers import assert_page_shows, expected_figures, number, read_page, report_and_json
from tests.rules.corpus_helpers import record, write
from tests.test_changed_since import repo  # noqa: F401  (the fixture: a committed corpus)

EXAMPLES = "examples/content/learn"


def records_by_subject(root: Path, only: list[Path] | None = None) -> Counter:
    """The records under `root` (or under the folders `only`) by subject folder, as `ls` sees them."""
    found = Counter()
    for folder in only or [root]:
        for path in folder.rglob("*.md"):
            parts = path.relative_to(root).parts
            found[parts[0] if len(parts) > 1 else TOP_LEVEL] += 1
    return found


def subject_by_prefix(prefix: str):
    """subject_of(path as shown) for records shown as <prefix>/<subject>/<file>."""

    def subject_of(path: str) -> str:
        parts = PurePosixPath(path).relative_to(prefix).parts
        return parts[0] if len(parts) > 1 else TOP_LEVEL

    return subject_of


# ----- the figures: the JSON output of the same run ---------------------------------------
@pytest.mark.parametrize(
    "args",
    [
        (),
        ("--select", "Q2,Q4", "--config", "pyproject.toml"),
        ("--ignore", "Q3", f"{EXAMPLES}/psychology", f"{EXAMPLES}/physics"),
    ],
    ids=["all rules", "select and config", "ignore and paths"],
)
def test_the_examples_page_shows_the_figures_of_the_json_output(tmp_path, monkeypatch, args):
    monkeypatch.chdir(REPO)
    page, problems, _ = report_and_json(tmp_path, *args)
    folders = [REPO / arg for arg in args if arg.startswith(EXAMPLES)]
    counted = records_by_subject(REPO / EXAMPLES, folders or None)
    assert problems, "the examples have problems to count"
    assert_page_shows(page, expected_figures(problems, counted, subject_by_prefix(EXAMPLES)))


def test_a_real_corpus_sample_page_shows_the_figures_of_the_json_output(corpus_root, tmp_path, monkeypatch):
    every = sorted(corpus_root.rglob("*.md"))
    learn = tmp_path / "content" / "learn"
    for path in every[::97]:  # a few hundred records, from every part of the corpus
        target = learn / path.relative_to(corpus_root)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    (tmp_path / "qlint.toml").write_text('root = "content/learn"\n')
    monkeypatch.chdir(tmp_path)
    page, problems, _ = report_and_json(tmp_path / "out")
    counted = records_by_subject(learn)
    assert sum(counted.values()) == len(every[::97]) > 300 and len(counted) > 20
    assert_page_shows(page, expected_figures(problems, counted, subject_by_prefix("content/learn")))


@pytest.mark.slow
def test_the_whole_real_corpus_page_is_under_10_mb_shows_the_json_figures_and_opens(corpus_root, tmp_path, monkeypatch):
    project = corpus_root.parent.parent
    (project / "qlint.toml").write_text('root = "content/learn"\n')
    monkeypatch.chdir(project)
    page, problems, html = report_and_json(tmp_path)
    assert len(html.encode("utf-8")) < 10_000_000
    counted = records_by_subject(corpus_root)
    assert sum(counted.values()) == page.figures["records"] > 35_000
    assert_page_shows(page, expected_figures(problems, counted, subject_by_prefix("content/learn")))
    chromium = find_chromium()
    if chromium is not None:
        with Chromium(chromium) as browser:
            open_and_check(browser, tmp_path / "report.html", "real-corpus-report")


_DEFECTS = {
    "placeholder score": lambda text: replace_once(text, "score: 0.82", "score: -1.0"),
    "no score": lambda text: replace_once(text, "score: 0.82\n", ""),
    "mojibake": lambda text: text.replace("Plants capture", "Hereâ€™s how plants capture"),
    "doubled quotes": lambda text: text.replace("Oxygen is released", 'They call it ""light"" and ""dark"". Oxygen is released'),
    "id as text": lambda text: text.replace("\nid: ", "\nid: abc", 1),
    "broken yaml": lambda text: replace_once(text, "\ntitle: >-", "\ntitle: [broken"),
    "empty file": lambda text: "",
    "clean": lambda text: text,
}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(st.sampled_from(["biology", "física", "with space", "", "biology/deeper"]), st.sampled_from(sorted(_DEFECTS))),
        min_size=1,
        max_size=8,
    )
)
def test_any_small_corpus_page_shows_the_figures_of_the_json_output(tmp_path_factory, records):
    base = tmp_path_factory.mktemp("corpus")
    learn = base / "learn"
    learn.mkdir()
    for number_, (folder, defect) in enumerate(records):
        slug = f"record-number-{number_}"
        text = record(600000 + number_, "biology", slug, f"Record number {number_}")
        write(learn, f"{folder}/{slug}.md" if folder else f"{slug}.md", _DEFECTS[defect](text))
    (base / "qlint.toml").write_text('root = "learn"\n')
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(base)
        page, problems, _ = report_and_json(base / "out", "--jobs", "1")
    assert_page_shows(page, expected_figures(problems, records_by_subject(learn), subject_by_prefix("learn")))


def test_a_page_of_the_changes_since_a_git_revision_shows_the_figures_of_the_json_output(repo):
    """A renamed record, and the record linking to its old url, are what is reported on."""
    learn = repo / "learn"
    (learn / RELATED_PATH).rename(learn / "biology" / "what-does-chlorophyll-do.md")
    page, problems, _ = report_and_json(repo / "out", "--changed-since", "HEAD")
    assert {p["path"] for p in problems} == {"learn/biology/what-does-chlorophyll-do.md"}  # its slug and file name
    # Reported on: the renamed record and the one linking to its old url (no problem there).
    assert_page_shows(page, expected_figures(problems, Counter({"biology": 2}), subject_by_prefix("learn")))
    assert "files changed since HEAD · 2 records" in " ".join(page.text.split())


def test_subject_of_a_path_is_its_first_folder_under_the_root(tmp_path):
    root = str(tmp_path / "learn")
    assert health_figures.subject_of(f"{root}/biology/a.md", root) == "biology"
    assert health_figures.subject_of(f"{root}/biology/deeper/a.md", root) == "biology"
    assert health_figures.subject_of(f"{root}/a.md", root) == TOP_LEVEL
    assert health_figures.subject_of(f"{root}-other/biology/a.md", root) == OUTSIDE_ROOT
    assert health_figures.subject_of(str(tmp_path / "a.md"), root) == OUTSIDE_ROOT


# ----- the page: self-contained, escaped, accessible ------------------------------------------
@pytest.fixture
def corpus(tmp_path, monkeypatch) -> Path:
    """Three records in two subjects: a placeholder score, doubled quotes, a clean one."""
    learn = tmp_path / "learn"
    write(learn, "biology/what-is-a-cell.md", _DEFECTS["placeholder score"](record(1, "biology", "what-is-a-cell", "What is a cell?")))
    write(learn, "biology/what-is-dna.md", _DEFECTS["doubled quotes"](record(2, "biology", "what-is-dna", "What is DNA?")))
    write(learn, "chemistry/what-is-an-atom.md", record(3, "chemistry", "what-is-an-atom", "What is an atom?"))
    (tmp_path / "qlint.toml").write_text('root = "learn"\n')
    monkeypatch.chdir(tmp_path)
    return tmp_path


def make_report(*args: str) -> str:
    result = run_cli("report", "-o", "report.html", "--jobs", "1", *args)
    assert result.exit_code == 0, result.stderr
    return Path("report.html").read_text(encoding="utf-8")


def test_the_page_refers_to_nothing_outside_itself_and_runs_no_script(corpus):
    html = make_report()
    page = read_page(html)
    assert page.references and all(ref.startswith("#") for ref in page.references), page.references
    targets = {ref[1:] for ref in page.references}
    assert all(f'id="{target}"' in html for target in targets)  # every link lands somewhere
    assert [attributes.get("type") for attributes, _ in page.scripts] == ["application/json"]
    assert page.handlers == []
    assert "default-src 'none'" in html  # and the page's own policy would refuse a load
    assert "http:" not in html and "https:" not in html and "//" not in html.replace("<!DOCTYPE", "")


def test_every_chart_has_a_title_a_description_and_a_table(corpus):
    html = make_report()
    page = read_page(html)
    assert set(page.charts) == {"by-rule-title", "by-subject-title", "heatmap-title"}
    for chart in ("by-rule", "by-subject", "heatmap"):
        assert f'aria-labelledby="{chart}-title {chart}-desc"' in html
        assert f'<title id="{chart}-title">' in html and f'<desc id="{chart}-desc">' in html
    assert {"table-rules", "table-subjects", "table-heatmap"} <= set(page.tables)
    assert "@media print" in html


HOSTILE_TITLE = 'Why <script>alert("title")</script> & <b>bold</b>?'


def test_a_hostile_record_shows_as_text(tmp_path, monkeypatch):
    learn = tmp_path / "learn"
    hostile = record(7, "biology", "why", HOSTILE_TITLE, answer='Hereâ€™s <img src=x onerror=alert("answer")> \u202eexe.txt how')
    write(learn, '<svg onload=alert("folder")>/<img src=x onerror=alert("file")>.md', hostile)
    (tmp_path / "qlint.toml").write_text('root = "learn"\n')
    monkeypatch.chdir(tmp_path)
    html = make_report()
    page = read_page(html)
    assert page.handlers == [] and all(ref.startswith("#") for ref in page.references)
    assert [attributes.get("type") for attributes, _ in page.scripts] == ["application/json"]
    assert '<img src=x onerror=alert("file")>.md' in page.text  # the file name, as text
    assert '<svg onload=alert("folder")>' in page.text  # the subject, as text
    assert '<img src=x onerror=alert("answer")>' in page.text  # the answer's excerpt, as text
    assert "title gives the slug 'why-scriptalerttitlescript--bboldb'" in page.text
    assert "\u202e" not in page.text and "U+202E" in page.text  # a direction override, shown, not obeyed
    data_block = next(content for attributes, content in page.scripts if attributes.get("type") == "application/json")
    assert "<" not in data_block and json.loads(data_block)["problems"] == page.figures["problems"]


def test_the_page_of_a_clean_corpus_and_of_no_record(corpus):
    for path in Path("learn").rglob("*.md"):
        text = path.read_text()
        path.write_text(text.replace("score: -1.0", "score: 0.82").replace('""', '"'))
    page = read_page(make_report())
    assert page.figures["problems"] == 0 and page.figures["records-passing"] == 3
    assert "No rule found a problem." in page.text and "100%" in page.text
    shutil.rmtree("learn")
    Path("learn").mkdir()
    page = read_page(make_report())
    assert page.figures["records"] == 0 and "No record was checked." in page.text


def test_each_rule_shows_its_summary_count_and_sampled_records_with_positions(corpus):
    page = read_page(make_report())
    text = " ".join(page.text.split())
    assert "Q302 placeholder-score error The score is the -1.0 placeholder" in text
    assert "1 problem in 1 record; no automatic fix." in text
    assert "learn/biology/what-is-a-cell.md 25:8 score score '-1.0' is the placeholder" in text
    assert "4 problems in 1 record; 4 fixed by qlint fix." in text  # the doubled quotes
    assert "Rules that found nothing" in text and "Q001 unreadable-file" in text


def test_a_rule_with_many_affected_records_shows_a_spread_sample(tmp_path, monkeypatch):
    learn = tmp_path / "learn"
    for n in range(60):
        folder = ["anatomy", "botany", "zoology"][n // 20]
        write(learn, f"{folder}/q{n:02d}.md", _DEFECTS["placeholder score"](record(n + 1, folder, f"q{n:02d}", f"Q{n:02d}")))
    (tmp_path / "qlint.toml").write_text('root = "learn"\n')
    monkeypatch.chdir(tmp_path)
    page = read_page(make_report("--select", "Q302"))
    text = " ".join(page.text.split())
    assert "20 of the 60 affected records, spread over the corpus" in text
    shown = [f"q{n:02d}.md" for n in range(60) if f"q{n:02d}.md " in text]
    assert len(shown) == 20 and {name[1] for name in shown} == {"0", "1", "2", "3", "4", "5"}  # from all three folders


# ----- since an earlier run -----------------------------------------------------------------
def _change_the_corpus() -> None:
    """Fix the placeholder score, move the doubled quotes one line down, add a placeholder."""
    cell = Path("learn/biology/what-is-a-cell.md")
    cell.write_text(cell.read_text().replace("score: -1.0", "score: 0.82"))
    dna = Path("learn/biology/what-is-dna.md")
    dna.write_text(dna.read_text().replace("---\n", "---\n# reviewed\n", 1))
    atom = Path("learn/chemistry/what-is-an-atom.md")
    atom.write_text(atom.read_text().replace("score: 0.82", "score: -1.0"))


@pytest.mark.parametrize("earlier", ["json", "json-lines", "report"])
def test_new_and_fixed_problems_since_an_earlier_run(corpus, earlier):
    if earlier == "report":
        make_report()
        Path("report.html").rename("earlier.html")
        previous = "earlier.html"
    else:
        previous = f"earlier.{earlier}"
        run_cli("check", "--format", earlier, "-o", previous)
    _change_the_corpus()
    page = read_page(make_report("--previous", previous))
    text = " ".join(page.text.split())
    assert (page.figures["new"], page.figures["fixed"]) == (1, 1)  # the doubled quotes only moved
    assert "Q302 placeholder-score 1 1 1 1 ±0" in text  # before, now, new, fixed, change
    assert "Q205 doubled-quotes 4 4 0 0 ±0" in text
    assert "biology 5 4 0 1 −1" in text and "chemistry 0 1 1 0 +1" in text
    assert "learn/chemistry/what-is-an-atom.md 25:8 Q302 placeholder-score" in text  # the new one
    if earlier == "report":
        assert "fixed problems are counted by rule and subject, not listed" in text
    else:
        assert "learn/biology/what-is-a-cell.md 25:8 Q302" in text  # the fixed one, where it was
    assert page.data["since"] == {"previous": previous, "before": 5, "new": 1, "fixed": 1}


def test_an_earlier_run_from_another_folder_is_pointed_out(corpus, tmp_path):
    run_cli("check", "--format", "json", "-o", "earlier.json")
    moved = json.loads(Path("earlier.json").read_text())
    for problem in moved:
        problem["path"] = "elsewhere/" + problem["path"]
    Path("earlier.json").write_text(json.dumps(moved))
    text = " ".join(read_page(make_report("--previous", "earlier.json")).text.split())
    assert "were the two runs made from different folders?" in text


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"{}", "item 1 is not a problem of `qlint check --format json`"),
        (b"null", "item 1 is not a problem of `qlint check --format json`"),
        (b'[{"code": "Q302"}]', "item 1 is not a problem of `qlint check --format json`"),
        (b"[1, 2", "is not valid JSON"),
        (b"<html><body>a page</body></html>", "is not a qlint report: it has no qlint-report-data block"),
        (b'<script type="application/json" id="qlint-report-data">{"format": "other"}</script>', "its data block is not qlint's"),
        (
            b'<script type="application/json" id="qlint-report-data">{"format": "qlint-report", "version": 99}</script>',
            "was made by another version of `qlint report`",
        ),
        (
            b'<script type="application/json" id="qlint-report-data">{"format": "qlint-report", "version": 1, "fingerprints": 5}</script>',
            "its fingerprints are damaged",
        ),
        (
            b'<script type="application/json" id="qlint-report-data">{"format": "qlint-report", "version": 1, "fingerprints": {"a": {"Q1": "abc"}}}</script>',
            "its fingerprints are damaged",
        ),
        (b"\xff\xfe\x00garbage", "cannot read the previous report"),
    ],
)
def test_a_previous_file_qlint_did_not_write_is_one_line_and_exit_2(corpus, content, error):
    Path("earlier").write_bytes(content)
    result = run_cli("report", "-o", "report.html", "--previous", "earlier")
    assert result.exit_code == 2
    assert result.stderr.startswith("qlint: error: ") and error in result.stderr and result.stderr.count("\n") == 1
    assert not Path("report.html").exists()


def test_a_bad_previous_file_fails_before_any_checking(corpus, monkeypatch):
    from qlint.pipeline.linter import Linter

    checked = []
    monkeypatch.setattr(Linter, "check", lambda *args, **kwargs: checked.append(1))
    Path("earlier.json").write_text('[{"code": 1}]')
    result = run_cli("report", "-o", "report.html", "--previous", "earlier.json")
    assert result.exit_code == 2 and "item 1 is not a problem" in result.stderr and checked == []


def test_usage_errors_are_one_line_and_exit_2(corpus):
    for args, error in [
        ((), "Missing option '--output-file'"),
        (("-o", "r.html", "--previous", "missing.json"), "'missing.json' does not exist"),
        (("-o", "r.html", "nowhere"), "path does not exist: nowhere"),
        (("-o", "r.html", "--select", "Q8"), "unknown rule or prefix 'Q8'"),
    ]:
        result = run_cli("report", *args)
        assert result.exit_code == 2 and error in result.stderr and result.stderr.count("\n") == 1, result.stderr


def test_exit_0_with_problems_and_the_report_replaces_the_file(corpus):
    Path("report.html").write_text("old")
    result = run_cli("report", "-o", "report.html")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert Path("report.html").read_text().startswith("<!DOCTYPE html>")


# ----- the saved rendering ------------------------------------------------------------------
def test_an_unchanged_corpus_gets_the_saved_page_and_a_new_previous_a_new_one(corpus, monkeypatch):
    from qlint.health import HealthPage

    rendered = []
    render = HealthPage.render
    monkeypatch.setattr(HealthPage, "render", lambda self, report: rendered.append(1) or render(self, report))
    first = make_report()
    assert make_report() == first and len(rendered) == 1  # printed from the cache
    run_cli("check", "--format", "json", "-o", "earlier.json")
    with_previous = make_report("--previous", "earlier.json")
    assert len(rendered) == 2 and "Since the previous run" in with_previous
    Path("earlier.json").write_text("[]")
    assert "0 problems then" in " ".join(read_page(make_report("--previous", "earlier.json")).text.split())
    assert len(rendered) == 3
    _change_the_corpus()
    assert number(read_page(make_report()).figure_texts["problems"]) == 5 and len(rendered) == 4


def test_a_changed_template_is_not_taken_from_the_cache(tmp_path, monkeypatch):
    import qlint.health as health

    copy = tmp_path / "templates"
    shutil.copytree(health.TEMPLATES, copy)
    monkeypatch.setattr(health, "TEMPLATES", copy)
    before = health.template_digest()
    (copy / "report.css.j2").write_text((copy / "report.css.j2").read_text() + "\n/* changed */\n")
    assert health.template_digest() != before


def test_the_report_of_a_subset_counts_only_its_records_and_says_what_it_is_of(corpus):
    page = read_page(make_report("learn/chemistry"))
    assert page.figures["records"] == 1 and set(page.tables["table-subjects"]) == {"chemistry"}
    assert f"learn/chemistry · 1 record · {len(all_rules())} rules" in " ".join(page.text.split())
    many = read_page(make_report("learn/chemistry", "learn/biology/what-is-dna.md", "learn/biology/what-is-a-cell.md"))
    assert "learn/chemistry, learn/biology/what-is-dna.md and 1 more · 3 records" in " ".join(many.text.split())
    whole = read_page(make_report())
    assert "learn · 3 records" in " ".join(whole.text.split())


def test_a_valid_record_alone_passes(tmp_path, monkeypatch):
    write(tmp_path / "learn", "biology/how-do-plants-turn-sunlight-into-chemical-energy.md", VALID)
    (tmp_path / "qlint.toml").write_text('root = "learn"\n')
    monkeypatch.chdir(tmp_path)
    page = read_page(make_report("--ignore", "Q403"))
    assert page.figures["records-passing"] == 1
