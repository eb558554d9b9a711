"""The command line as a user sees it: output lines, exit codes, errors on one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qlint import __version__
from tests.conftest import RELATED, RELATED_PATH, VALID, VALID_PATH, replace_once, run_cli


def write(root: Path, text: str | bytes, rel: str = VALID_PATH) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def test_clean_corpus_exits_0_with_a_summary(root):
    write(root, VALID)
    write(root, RELATED, RELATED_PATH)
    result = run_cli("check", "--no-cache", str(root))
    assert result.exit_code == 0, result.stdout
    assert result.stdout == "All checks passed (2 files checked).\n"


def test_concise_output_lines_are_path_line_col_code_name_message(root, monkeypatch):
    write(root, replace_once(VALID, "id: 501234", "id: abc"))
    monkeypatch.chdir(root.parent)
    result = run_cli("check", "learn", "--select", "Q1", "--format", "concise")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"learn/{VALID_PATH}:3:5: Q102 [wrong-type] field 'id' should be an integer, not a string",
        "Found 1 problem in 1 file (1 file checked).",
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"---\ntitle: [broken\n---\n", ":3:1: Q003 [yaml-syntax-error] invalid YAML:"),
        (b"# Just markdown\n", ":1:1: Q002 [missing-front-matter] no front matter"),
        (b"", ":1:1: Q002 [missing-front-matter] file is empty"),
        (bytes(range(256)) * 4, ":1:1: Q001 [unreadable-file] binary file"),
        (b"---\ntitle: caf\xc3\xa9 \xff\n---\n", ":2:13: Q001 [unreadable-file] not valid UTF-8: byte 0xff at byte offset 17"),
        ("---\ntitle: Caf\u00e9 cr\u00e8me\n---\n".encode("latin-1"), ":2:11: Q001 [unreadable-file] not valid UTF-8"),
    ],
)
def test_broken_files_get_a_positioned_diagnostic_and_exit_1(root, content, expected):
    path = write(root, content, "biology/broken.md")
    result = subprocess.run(
        [sys.executable, "-m", "qlint", "check", "--format", "concise", str(path)], capture_output=True, text=True, cwd=root
    )
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith("biology/broken.md" + expected), result.stdout
    assert "Traceback" not in result.stderr and result.stderr == ""


def test_missing_path_exits_2_with_one_line(tmp_path):
    result = run_cli("check", str(tmp_path / "nonexistent"))
    assert result.exit_code == 2
    assert result.stderr == f"qlint: error: path does not exist: {tmp_path / 'nonexistent'}\n"


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("[tool.qlint]\nselct = ['Q1']\n", "'tool.qlint.selct': unknown key (did you mean 'select'?)"),
        ("[tool.qlint]\nselect = ['Q8']\n", "unknown rule or prefix 'Q8'"),
        ("[tool.qlint.site]\nurl-pattern = '/learn/{slug}'\n", "must contain {subject_key}"),
        ("[tool.qlint.site]\nslug-style = 'kebab'\n", "'tool.qlint.site.slug-style': 'kebab' is not one of the choices: 'quicktakes'"),
        ("[tool.qlint.rules.nonsense]\nseverity = 'error'\n", "'tool.qlint.rules.nonsense': unknown rule"),
        ("[tool.qlint.rules.duplicate-key]\nseverity = 'loud'\n", "rules.duplicate-key.severity"),
        ("[tool.qlint\n", "invalid TOML"),
    ],
)
def test_invalid_config_exits_2_with_one_line_naming_the_problem(tmp_path, config, message):
    (tmp_path / "pyproject.toml").write_text(config)
    write(tmp_path, VALID)
    result = run_cli("check", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
    assert result.stdout == ""


def test_bad_option_exits_2_with_one_line():
    result = run_cli("check", "--no-such-option")
    assert result.exit_code == 2
    assert result.stderr == "qlint: error: No such option '--no-such-option'.\n"


def test_version():
    result = run_cli("--version")
    assert result.exit_code == 0 and result.stdout == f"qlint {__version__}\n"


def test_select_and_ignore_take_codes_prefixes_and_names(root):
    path = write(root, replace_once(replace_once(VALID, "id: 501234", "id: abc"), "author: QuickTakes", "author:"))

    def found(*args: str) -> set[str]:
        return {d["code"] for d in json.loads(run_cli("check", "--format", "json", *args, str(path)).stdout)}

    assert found("--select", "Q1") == {"Q102", "Q105"}
    assert found("--select", "wrong-type") == {"Q102"}
    assert found("--select", "Q1", "--ignore", "Q105") == {"Q102"}
    assert found("--select", "Q101,empty-field") == {"Q105"}
    assert found("--select", "Q1", "--ignore", "Q1") == set()


def test_config_is_found_by_walking_up_and_sets_root_select_and_severity(tmp_path, monkeypatch):
    (tmp_path / "qlint.toml").write_text(
        'root = "content/learn"\nselect = ["Q1"]\n[rules.empty-field]\nseverity = "warning"\n'
    )
    write(tmp_path / "content" / "learn", replace_once(VALID, "author: QuickTakes", "author:"))
    monkeypatch.chdir(tmp_path / "content")
    result = run_cli("check", "--format", "json")  # no path: the configured root
    [entry] = json.loads(result.stdout)
    assert entry["code"] == "Q105" and entry["severity"] == "warning"
    assert entry["path"] == f"learn/{VALID_PATH}"


def test_include_and_exclude_globs(tmp_path):
    (tmp_path / "qlint.toml").write_text('exclude = ["drafts/"]\n')
    write(tmp_path, "not front matter", "drafts/a.md")
    write(tmp_path, "not front matter", "notes.txt")
    write(tmp_path, VALID, "biology/ok.md")
    result = run_cli("check", str(tmp_path), "--select", "Q0")
    assert result.exit_code == 0 and "1 file checked" in result.stdout


def test_several_include_and_exclude_globs(tmp_path):
    config = 'include = ["**/*.md", "*.markdown"]\nexclude = ["**/draft-*.md", "archive"]\n'
    (tmp_path / "qlint.toml").write_text(config)
    for rel in ("a/draft-x.md", "archive/b/old.md", "top.markdown", "a/b/deep.md", "c.md", "archived.md"):
        write(tmp_path, "not front matter", rel)
    result = run_cli("check", str(tmp_path), "--select", "Q0", "--format", "json")
    checked = sorted(entry["path"].rsplit("/", 1)[-1] for entry in json.loads(result.stdout))
    assert checked == ["archived.md", "c.md", "deep.md", "top.markdown"]


def test_rules_lists_every_rule_and_rule_prints_its_documentation():
    listing = run_cli("rules").stdout.splitlines()
    assert any(line.startswith("Q004  duplicate-key") for line in listing)
    shown = run_cli("rule", "duplicate-key")
    assert shown.exit_code == 0 and shown.stdout.startswith("Q004 duplicate-key (default severity: error)")
    assert "Why:" in shown.stdout
    assert run_cli("rule", "Q004").stdout == shown.stdout
    missing = run_cli("rule", "no-such-rule")
    assert missing.exit_code == 2 and "unknown rule 'no-such-rule'" in missing.stderr


@pytest.mark.parametrize("how", ["dot-dot", "symlinked-folder"])
def test_a_file_named_another_way_is_the_same_record_not_a_duplicate(tmp_path, monkeypatch, how):
    (tmp_path / "qlint.toml").write_text('root = "content/learn"\n')
    write(tmp_path / "content" / "learn", VALID)
    write(tmp_path / "content" / "learn", RELATED, RELATED_PATH.replace("biology/", "chemistry/"))
    if how == "dot-dot":
        monkeypatch.chdir(tmp_path / "content" / "learn" / "chemistry")
        given = f"../{VALID_PATH}"
    else:  # through a symlink to the project (the working directory is always resolved)
        link = tmp_path.parent / f"{tmp_path.name}-link"
        link.symlink_to(tmp_path, target_is_directory=True)
        monkeypatch.chdir(tmp_path)
        given = str(link / "content" / "learn" / VALID_PATH)
    result = run_cli("check", "--no-cache", "--format", "json", given)
    assert result.exit_code in (0, 1), result.stderr
    # The file is linted once, and not against a second copy of itself found by the walk.
    assert not [d for d in json.loads(result.stdout) if d["code"] in ("Q506", "Q507")]


NAMES = ["a", "b.md", "c.MD", "d.markdown", "e.md.txt", ".md", "f*.md", "g.md\n", "notes", "x.txt", "notes/y.txt"]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from([["**/*.md"], ["*.md"], ["**/*.md", "*.markdown"], ["**/*.MD"], ["**/*.md", "notes/*.txt"]]),
    st.lists(st.sampled_from(NAMES), min_size=1, max_size=3).map("/".join),
)
def test_the_include_glob_shortcut_keeps_what_the_glob_keeps(include, relative):
    from qlint.record.config import Config
    from qlint.discovery.walk import file_filter, glob_match

    assert file_filter(Config(include=include))(relative) == any(glob_match(relative, p) for p in include)


def _console_script(*args: str, **options) -> subprocess.CompletedProcess:
    """`qlint ARGS` as the installed script runs it, its output buffered as in a pipe (not
    unbuffered, whatever this environment says)."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    return subprocess.run([sys.executable, "-m", "qlint", *args], env=env, **options)


def test_the_console_script_flushes_its_report_before_the_process_ends(root):
    write(root, replace_once(VALID, "score: 0.82", "score: -1.0"))  # a report smaller than a buffer
    inside = run_cli("check", "--no-cache", "--format", "concise", str(root))
    outside = _console_script("check", "--no-cache", "--format", "concise", str(root), capture_output=True, text=True)
    assert outside.returncode == inside.exit_code == 1
    assert outside.stdout == inside.stdout and "Q302" in outside.stdout
    assert outside.stderr == inside.stderr == ""


def test_a_reader_gone_before_the_report_is_written_gets_no_traceback(root):
    write(root, VALID)
    reading, writing = os.pipe()
    os.close(reading)  # `qlint check | true`: the reader has exited
    try:
        result = _console_script("check", "--no-cache", str(root), stdout=writing, stderr=subprocess.PIPE)
    finally:
        os.close(writing)
    # 1: what click exits with on a broken pipe; the interpreter's shutdown used to fail on
    # flushing the same pipe ("Exception ignored ... BrokenPipeError", exit 120).
    assert result.returncode == 1 and result.stderr == b""


def test_a_closed_stdout_is_not_an_error(root):
    result = subprocess.run(f"'{sys.executable}' -m qlint --version >&-", shell=True, capture_output=True, text=True)
    assert result.returncode == 0 and result.stderr == ""


def test_a_check_imports_neither_the_fixer_nor_the_baselines(root):
    """What only a fix or a baseline needs is imported when used: a pre-commit run checks a
    file or two, and its start-up is most of its time."""
    write(root, replace_once(VALID, "score: 0.82", "score: -1.0"))
    probe = (
        "import sys\nfrom qlint.cli import main\n"
        f"try:\n    main(['check', '--no-cache', {str(root)!r}])\nexcept SystemExit as exc:\n    code = exc.code\n"
        "print(code, *sorted(name for name in sys.modules if name.startswith('qlint.')), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    code, *loaded = result.stderr.split()
    assert code == "1" and "qlint.pipeline.linter" in loaded, result.stderr
    assert not {"qlint.fixing.bulk", "qlint.cli.fix", "qlint.pipeline.baseline", "qlint.cli.stdin"} & set(loaded)
