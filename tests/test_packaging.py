"""The built package: rules/ installs as qlint.rules, and the installed command works from
anywhere (not only from the repository, where `rules` would be importable by accident)."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import sysconfig
import venv
from contextlib import closing
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # Built from a copy: a build writes build/ and *.egg-info beside the sources, and two
    # test runs building in the repository at once broke each other's builds.
    source = tmp_path_factory.mktemp("source") / "qlint"
    leftovers = shutil.ignore_patterns(".git", "build", "*.egg-info", "__pycache__", ".qlint_cache", ".hypothesis", ".pytest_cache")
    shutil.copytree(REPO, source, ignore=leftovers)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(source)],
        check=True,
        capture_output=True,
    )
    [built] = out.glob("quicktakes_qlint-*.whl")
    return built


def test_wheel_holds_rules_under_qlint_and_no_top_level_rules(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "qlint/rules/__init__.py" in names and "qlint/rules/duplicate_key.py" in names
    assert "qlint/reporters/json.py" in names
    assert "qlint/health/templates/report.html.j2" in names and "qlint/health/templates/report.css.j2" in names
    top_level = {name.split("/")[0] for name in names}
    assert top_level == {"qlint", f"{wheel.name.split('-')[0]}-{wheel.name.split('-')[1]}.dist-info"}


def install(wheel: Path, env_dir: Path) -> Path:
    """A fresh virtual environment with the wheel installed; its interpreter. qlint's own
    dependencies come from the environment running the tests (a path file points at it), so
    nothing is downloaded and nothing is taken from the base interpreter, which may lack them."""
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site_packages = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(site_packages) / "test-dependencies.pth").write_text("\n".join(sorted(ours)) + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)],
        check=True,
        capture_output=True,
    )
    return python


def test_installed_command_checks_the_examples_from_outside_the_repo(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    python = install(wheel, env_dir)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    where = subprocess.run(
        [str(python), "-c", "import qlint.rules; print(qlint.rules.__file__)"],
        cwd=outside, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert where.stdout.startswith(str(env_dir)), where.stdout
    cannot = subprocess.run([str(python), "-c", "import rules"], cwd=outside, capture_output=True, text=True)
    assert cannot.returncode == 1 and "No module named 'rules'" in cannot.stderr
    result = subprocess.run(
        [str(env_dir / "bin" / "qlint"), "check", str(REPO / "examples" / "content" / "learn")],
        cwd=outside, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert "Q302 [placeholder-score]" in result.stdout and "12 files checked" in result.stdout
    assert result.stderr == ""


def test_two_installs_of_one_qlint_share_one_cache(wheel, tmp_path):
    """The pre-commit hook's install and the project's own: the same qlint, another place,
    other file times. The second run finds every result in the first one's cache."""
    project = tmp_path / "project"
    shutil.copytree(REPO / "examples" / "content", project / "content")
    (project / "qlint.toml").write_text('root = "content/learn"\n')
    outputs, keys = [], []
    for name in ("hook-env", "project-env"):
        install(wheel, tmp_path / name)
        command = [str(tmp_path / name / "bin" / "qlint"), "check", "--format", "json", "--jobs", "1"]
        outputs.append(subprocess.run(command, cwd=project, capture_output=True, text=True).stdout)
        with closing(sqlite3.connect(project / ".qlint_cache" / "results.sqlite")) as db:
            keys.append(db.execute("SELECT DISTINCT key FROM files").fetchall())
    assert outputs[0] == outputs[1] and '"Q302"' in outputs[0]
    assert keys[0] == keys[1] and len(keys[0]) == 1  # no second set of rows: the first was reused


def test_the_installed_command_writes_a_report_from_outside_the_repo(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    install(wheel, env_dir)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    result = subprocess.run(
        [str(env_dir / "bin" / "qlint"), "report", str(REPO / "examples" / "content" / "learn"), "-o", "report.html", "--no-cache"],
        cwd=outside, capture_output=True, text=True,
    )  # fmt: skip
    assert (result.returncode, result.stderr) == (0, "")
    page = (outside / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Q302 placeholder-score" in page


def test_the_distribution_is_named_and_linked_as_ours(wheel):
    """`qlint` on the package index is an unrelated project: the distribution has its own
    name, and every url it carries is this project's (SARIF's: tests/test_reporters.py)."""
    import qlint

    with zipfile.ZipFile(wheel) as archive:
        [metadata] = [name for name in archive.namelist() if name.endswith(".dist-info/METADATA")]
        text = archive.read(metadata).decode()
    assert f"Name: {qlint.DISTRIBUTION}\n" in text
    urls = [line.split(", ", 1)[1] for line in text.splitlines() if line.startswith("Project-URL: ")]
    assert urls and all(url.startswith(qlint.HOMEPAGE) for url in urls)
