"""A built wheel carries the rules/ data and works from any folder, not only from the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    build = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
    )
    if build.returncode != 0:
        pytest.fail(f"building the wheel failed:\n{build.stdout[-2000:]}\n{build.stderr[-2000:]}")
    (found,) = out.glob("planlint-*.whl")
    return found


def test_wheel_ships_rule_metadata_and_word_lists(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "planlint/data/rules/PL301-owner-missing.yaml" in names
    assert "planlint/data/rules/lexicon/owner-placeholders.yaml" in names
    for profile in ("hmpps-2018", "hmcip-accepted-rejected", "hmip-prisons-concerns"):
        assert f"planlint/data/rules/profiles/{profile}.yaml" in names
    assert any(n.endswith("entry_points.txt") for n in names)


def test_installed_wheel_runs_from_another_folder(wheel, tmp_path):
    target = tmp_path / "site"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target), str(wheel)],
        capture_output=True,
        text=True,
    )
    assert install.returncode == 0, install.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    plan = elsewhere / "x.plan.yaml"
    plan.write_text((ROOT / "examples" / "defects.plan.yaml").read_text())
    env = {**os.environ, "PYTHONPATH": str(target)}
    code = (
        "import planlint.shipped as s, sys; print(s.data_dir()); "
        "print('compiled' if s.compiled_for(s.data_dir()) is not None else 'parsed'); "
        "from planlint.cli import main; sys.argv=['planlint','check','x.plan.yaml','--select','PL301']; main()"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True)
    assert str(target) in result.stdout.splitlines()[0]
    # the catalogue compiled into the wheel is the data it ships: read, not parsed
    assert result.stdout.splitlines()[1] == "compiled"
    assert "x.plan.yaml:13:9: PL301 owner-missing" in result.stdout
    assert result.returncode == 1
