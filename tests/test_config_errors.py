"""Misconfiguration is said, not passed over: every config error names the file and the key in
qlint's own words (with the key that was probably meant), and a run that would check nothing
says why instead of reporting success."""

from __future__ import annotations

import pytest

from tests.conftest import VALID, VALID_PATH, run_cli


def _project(tmp_path, config: str, name: str = "qlint.toml", record: bool = True):
    (tmp_path / name).write_text(config) if isinstance(config, str) else (tmp_path / name).write_bytes(config)
    content = tmp_path / "content"
    content.mkdir(exist_ok=True)
    if record:
        path = content / VALID_PATH
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(VALID)
    return tmp_path


def _error_of(tmp_path, monkeypatch, *args: str) -> str:
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", *args)
    assert result.exit_code == 2, result.stdout + result.stderr
    assert result.stdout == "" and result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("qlint: error: ")
    return result.stderr[len("qlint: error: ") : -1]


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        # unknown keys, with the one meant
        ('root = "content"\nexlude = []\n', "qlint.toml: 'exlude': unknown key (did you mean 'exclude'?)"),
        ('root = "content"\n[site]\nurl-patern = "/{subject_key}/{slug}"\n', "'site.url-patern': unknown key (did you mean 'url-pattern'?)"),
        ('root = "content"\nzzz = 1\n', "qlint.toml: 'zzz': unknown key"),
        # rules and selectors
        ('root = "content"\nselect = ["mojibak"]\n', "'select': unknown rule or prefix 'mojibak' (did you mean 'mojibake'?)"),
        ('root = "content"\n[per-file-ignores]\n"a/*" = ["Q8"]\n', "'per-file-ignores.a/*': unknown rule or prefix 'Q8'"),
        ('root = "content"\n[rules.refusal-anwser]\nseverity = "error"\n', "'rules.refusal-anwser': unknown rule (did you mean 'refusal-answer'?)"),
        ('root = "content"\n[rules.refusal-answer]\nextend_phrase = ["x"]\n', "'rules.refusal-answer.extend_phrase': unknown option (did you mean 'extend_phrases'?)"),
        ('root = "content"\n[rules.Q201]\nseverity = "fatal"\n', "'rules.Q201.severity': 'fatal' is not one of the choices: 'error', 'warning', 'info'"),
        # types and bounds, in qlint's words rather than pydantic's
        ('root = "content"\nmax-file-size = "big"\n', "'max-file-size': expected a whole number, not str 'big'"),
        ('root = "content"\nmax-file-size = 0\n', "'max-file-size': must be greater than 0, not 0"),
        ('root = "content"\ninclude = "*.md"\n', "'include': expected a list, not str '*.md'"),
        ('root = "content"\nforce-exclude = "yes please"\n', "'force-exclude': expected true or false"),
        # url-pattern and seo-title are format strings: exactly the placeholders they take
        ('root = "content"\n[site]\nurl-pattern = "/l/{slug}/{slug}/{subject_key}"\n', "'site.url-pattern': must contain {slug} exactly once (it has it 2 times)"),
        ('root = "content"\n[site]\nurl-pattern = "/l/{slug}"\n', "'site.url-pattern': must contain {subject_key} exactly once (it has it 0 times)"),
        ('root = "content"\n[site]\nurl-pattern = "/l/{0}/{subject_key}/{slug}"\n', "'site.url-pattern': {0} is not a placeholder here: use {subject_key}, {slug}"),
        ('root = "content"\n[site]\nurl-pattern = "/l/{other}/{subject_key}/{slug}"\n', "{other} is not a placeholder here"),
        ('root = "content"\n[site]\nurl-pattern = "/l/{/{subject_key}/{slug}"\n', "'site.url-pattern': unexpected '{' in field name: write a literal brace as {{ or }}"),
        ('root = "content"\n[site]\nurl-pattern = "/l/{subject_key}/{slug}}"\n', "Single '}' encountered in format string"),
        ('root = "content"\n[site]\nurl-pattern = "/l/{subject_key!r}/{slug}"\n', "{subject_key} takes no conversion or format spec"),
        ('root = "content"\n[site]\nseo-title = "QuickTakes | {subjet}"\n', "'site.seo-title': {subjet} is not a placeholder here: use {subject}"),
        # the root
        ('root = "contnt"\n', "qlint.toml: 'root': folder {tmp}/contnt does not exist"),
    ],
)
def test_a_config_error_names_the_file_the_key_and_what_was_meant(tmp_path, monkeypatch, config, expected):
    _project(tmp_path, config)
    message = _error_of(tmp_path, monkeypatch)
    assert message.startswith(str(tmp_path / "qlint.toml") + ": ")
    assert expected.replace("{tmp}", str(tmp_path)) in message
    assert "Extra inputs" not in message and "Input should" not in message  # pydantic's words
    assert not (tmp_path / ".qlint_cache").exists()


def test_in_pyproject_the_key_is_named_as_written_there(tmp_path, monkeypatch):
    _project(tmp_path, '[tool.qlint]\nroot = "content"\n[tool.qlint.site]\nslug-styl = "x"\n', name="pyproject.toml")
    message = _error_of(tmp_path, monkeypatch)
    assert message == f"{tmp_path / 'pyproject.toml'}: 'tool.qlint.site.slug-styl': unknown key (did you mean 'slug-style'?)"


def test_a_config_that_is_not_utf8_is_an_error_not_a_crash(tmp_path, monkeypatch):
    _project(tmp_path, b'root = "caf\xe9"\n')
    message = _error_of(tmp_path, monkeypatch)
    assert message == f"{tmp_path / 'qlint.toml'}: not UTF-8 text (byte 0xe9 on line 1): TOML files are UTF-8; save it as UTF-8"


def test_config_dev_null_is_an_empty_config_rooted_at_the_working_directory(tmp_path, monkeypatch):
    folder = tmp_path / "biology"
    folder.mkdir()
    (folder / VALID_PATH.split("/")[1]).write_text(VALID)
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", "--config", "/dev/null", "--format", "concise")
    assert result.exit_code == 1, result.stdout + result.stderr  # (its related link points to no record)
    assert result.stderr == "" and "(1 file checked)" in result.stdout
    assert (tmp_path / ".qlint_cache").is_dir()  # the cache is the project's, not /dev's


def test_exclude_keeping_nothing_is_an_error_and_leaves_no_cache(tmp_path, monkeypatch):
    _project(tmp_path, 'root = "content"\nexclude = ["**"]\n')
    message = _error_of(tmp_path, monkeypatch)
    assert message == (
        f"{tmp_path / 'qlint.toml'}: include ['**/*.md'] and exclude ['**'] do not keep the file under root "
        f"({tmp_path / 'content'}): nothing to check"
    )
    assert not (tmp_path / ".qlint_cache").exists()


def test_an_empty_root_is_a_warning_and_leaves_no_cache(tmp_path, monkeypatch):
    _project(tmp_path, 'root = "content"\n', record=False)
    monkeypatch.chdir(tmp_path)
    result = run_cli("check")
    assert result.exit_code == 0
    assert result.stderr == f"qlint: warning: nothing checked: root ({tmp_path / 'content'}) holds no file\n"
    assert not (tmp_path / ".qlint_cache").exists()


def test_named_files_all_held_out_of_root_warn_and_pass(tmp_path, monkeypatch):
    """pre-commit names every staged Markdown file; a README beside the content is skipped,
    and a run that skipped everything says so (on stderr, which pre-commit shows only on failure)."""
    _project(tmp_path, 'root = "content"\n')
    (tmp_path / "README.md").write_text("# notes\n")
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", "README.md")
    assert result.exit_code == 0
    assert result.stderr.startswith("qlint: warning: nothing checked: no file named is under root")
    assert not (tmp_path / ".qlint_cache").exists()
