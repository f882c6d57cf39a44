"""The pre-commit hooks, run by the real pre-commit framework against this repository (`pre-commit try-repo`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import shared_dir

REPO = Path(__file__).resolve().parents[1]
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")


def _git(folder: Path, *args: str) -> None:
    subprocess.run(
        ["git", *args],
        cwd=folder,
        check=True,
        capture_output=True,
        env={
            **os.environ,
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.org",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.org",
        },
    )


@pytest.fixture(scope="module")
def plans(tmp_path_factory) -> Path:
    if not PRE_COMMIT.exists() or shutil.which("git") is None:
        pytest.skip("pre-commit and git are needed")
    folder = tmp_path_factory.mktemp("plans")
    shutil.copy(shared_dir() / "spec" / "examples" / "defects.plan.yaml", folder / "failing.plan.yaml")
    shutil.copy(shared_dir() / "spec" / "examples" / "clean.plan.yaml", folder / "passing.plan.yaml")
    (folder / "notes.yaml").write_text("not: a plan\n")  # not matched by the hook's `files`
    _git(folder, "init", "-q")
    _git(folder, "add", ".")
    _git(folder, "commit", "-qm", "plans")
    return folder


def _try_repo(plans: Path, hook: str, *files: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRE_COMMIT_HOME": str(plans.parent / "pre-commit-home"), "PRE_COMMIT_COLOR": "never"}
    done = subprocess.run(
        [str(PRE_COMMIT), "try-repo", str(REPO), hook, "--files", *files],
        cwd=plans,
        env=env,
        capture_output=True,
        text=True,
        timeout=500,
    )
    if "An unexpected error has occurred: CalledProcessError" in done.stdout + done.stderr:
        pytest.fail("pre-commit could not install planlint into its environment:\n" + done.stdout[-3000:])
    return done


def test_hook_fails_on_a_failing_plan_and_passes_a_passing_one(plans):
    failing = _try_repo(plans, "planlint", "failing.plan.yaml", "notes.yaml")
    assert failing.returncode == 1, failing.stdout
    assert "failing.plan.yaml:17:9: PL301 owner-missing [error]" in failing.stdout.replace("\r", "")
    assert " in 1 file: " in failing.stdout  # notes.yaml is not a plan: the hook's `files` leaves it out
    passing = _try_repo(plans, "planlint", "passing.plan.yaml")
    assert passing.returncode == 0, passing.stdout
    assert "Passed" in passing.stdout


def test_drafts_hook_checks_word_files_and_names_the_cell(plans):
    docx = pytest.importorskip("docx", reason="python-docx (the planlint[docx] extra) is not installed")
    from planlint.document import load_yaml
    from planlint.importers.export import export_plan

    defects = load_yaml((plans / "failing.plan.yaml").read_text(encoding="utf-8"), "failing.plan.yaml").data
    (plans / "draft.docx").write_bytes(export_plan(defects, "docx"))
    clean = load_yaml((plans / "passing.plan.yaml").read_text(encoding="utf-8"), "passing.plan.yaml").data
    (plans / "clean.docx").write_bytes(export_plan(clean, "docx"))
    assert docx.Document(str(plans / "draft.docx")).tables
    _git(plans, "add", "draft.docx", "clean.docx")
    failing = _try_repo(plans, "planlint-drafts", "draft.docx", "failing.plan.yaml")
    assert failing.returncode == 1, failing.stdout
    out = failing.stdout.replace("\r", "")
    assert "draft.docx: table 2, row 2, Responsible Owner: PL301 owner-missing [error]" in out
    assert " in 1 file: " in out  # the plan file is the other hook's
    passing = _try_repo(plans, "planlint-drafts", "clean.docx")
    assert passing.returncode == 0, passing.stdout
