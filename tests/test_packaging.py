"""The built package: rules/ installs as qlint.rules, and the installed command works from
anywhere (not only from the repository, where `rules` would be importable by accident)."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(REPO)],
        check=True,
        capture_output=True,
    )
    [built] = out.glob("qlint-*.whl")
    return built


def test_wheel_holds_rules_under_qlint_and_no_top_level_rules(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "qlint/rules/__init__.py" in names and "qlint/rules/duplicate_key.py" in names
    assert "qlint/reporters/json.py" in names
    top_level = {name.split("/")[0] for name in names}
    assert top_level == {"qlint", f"{wheel.name.split('-')[0]}-{wheel.name.split('-')[1]}.dist-info"}


def test_installed_command_checks_the_examples_from_outside_the_repo(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    # System site packages provide pydantic, PyYAML, ftfy and click without a download;
    # the venv's own copy of qlint comes first on its path.
    venv.create(env_dir, system_site_packages=True, with_pip=False)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)],
        check=True,
        capture_output=True,
    )
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
