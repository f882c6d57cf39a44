"""A long `planlint check` prints each file's findings as it finishes, and a progress line on a terminal.

The streamed report must be the very text the whole report was (same findings, same order, whatever
--jobs is); the first finding must come out while later files are still being read; the progress
line must reach a person at a terminal and nobody else (CI logs, pipes, machine formats, --quiet).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from planlint.progress import ERASE, ProgressLine, wanted

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "tests" / "data" / "shared" / "spec" / "examples"
PROGRESS = re.compile(r"planlint: (\d+)/(\d+) files, \d+ files/s")


def _closing(stdout: str) -> str:
    """The text report's closing line (its run-level notes may follow it)."""
    return next(line for line in stdout.splitlines() if line.startswith(("Found ", "All clear")))


def _env(**changes: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "NO_COLOR", "PLANLINT_DEBUG")}
    env.update({k: v for k, v in changes.items() if v is not None})
    return env


def _planlint(*args: str, cwd: Path, **popen: object) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "planlint", "check", "--today", "2024-06-01", *args], cwd=cwd, **popen
    )  # type: ignore[call-overload]


def _run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "planlint", "check", "--today", "2024-06-01", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env or _env(),
        timeout=300,
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About sixty plans in one folder: most with findings, some clean, one that is not YAML, one not text."""
    root = tmp_path_factory.mktemp("stream")
    plans = root / "plans"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "make_corpus.py"),
            str(plans),
            "--plans",
            "55",
            "--recs",
            "3",
            "--seed",
            "16",
        ],
        check=True,
        capture_output=True,
    )
    for n in (3, 17, 29, 41, 50):
        shutil.copy(EXAMPLES / "clean.plan.yaml", plans / f"plan-{n:05d}-clean.plan.yaml")
    shutil.copy(EXAMPLES / "syntax-error.plan.yaml", plans / "plan-00020-broken.plan.yaml")
    (plans / "plan-00033-binary.plan.yaml").write_bytes(bytes(range(256)) * 4)
    return root


@pytest.fixture(scope="module")
def big_plan(corpus: Path) -> Path:
    """One plan long enough to take a few seconds to lint, for runs that must outlast a second."""
    out = corpus / "big"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "make_corpus.py"),
            str(out),
            "--plans",
            "1",
            "--recs",
            "1200",
            "--seed",
            "5",
        ],
        check=True,
        capture_output=True,
    )
    return out / "plan-00000.plan.yaml"


def test_the_corpus_has_what_the_comparison_needs(corpus: Path) -> None:
    report = _run("plans", cwd=corpus)
    names = sorted(p.name for p in (corpus / "plans").iterdir())
    assert len(names) == 62
    flagged = {line.split(":", 1)[0] for line in report.stdout.splitlines() if line.startswith("plans/")}
    assert "plans/plan-00020-broken.plan.yaml" in flagged and "plans/plan-00033-binary.plan.yaml" in flagged
    assert not any(name.endswith("-clean.plan.yaml") for name in flagged)
    assert len(flagged) > 40
    assert "PL001" in report.stdout and re.match(r"Found \d+ findings in 62 files", _closing(report.stdout))


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_streamed_report_is_the_whole_report_whatever_the_jobs(corpus: Path, tmp_path: Path, fmt: str) -> None:
    whole = tmp_path / "whole.txt"  # a report written to a file is printed whole, at the end
    written = _run("plans", "--format", fmt, "--jobs", "1", "-o", str(whole), cwd=corpus)
    expected = whole.read_text(encoding="utf-8")
    for jobs in ("1", "2"):
        streamed = _run("plans", "--format", fmt, "--jobs", jobs, cwd=corpus)
        assert streamed.stdout == expected, f"--jobs {jobs}"
        assert streamed.returncode == written.returncode == 1
        assert "\r" not in streamed.stderr  # no progress line into a pipe
    # and the same as the one-document path gives, which never streams
    if fmt == "text":  # --statistics needs every finding first, and counts the same ones
        statistics = _run("plans", "--jobs", "2", "--statistics", cwd=corpus)
        assert _closing(statistics.stdout) == _closing(expected)


def test_streamed_json_run_keeps_one_document_and_the_same_findings(corpus: Path) -> None:
    import json

    one = json.loads(_run("plans", "--format", "json", "--jobs", "1", cwd=corpus).stdout)
    two = json.loads(_run("plans", "--format", "json", "--jobs", "2", cwd=corpus).stdout)
    assert one == two and len(one["findings"]) > 100


def test_first_finding_is_printed_before_the_last_file_is_read(corpus: Path) -> None:
    # The last input is standard input, held open: the findings of the files before it must come out
    # while planlint still waits for it.
    process = _planlint(
        "plans/plan-00000.plan.yaml",
        "plans/plan-00001.plan.yaml",
        "-",
        "--stdin-filename",
        "last.plan.yaml",
        cwd=corpus,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    assert process.stdout is not None and process.stdin is not None
    stdout, stdin = process.stdout, process.stdin
    try:
        got: list[str] = []
        reader = threading.Thread(target=lambda: got.append(stdout.readline()), daemon=True)
        reader.start()
        reader.join(timeout=60)
        assert got, "nothing printed while the last input was still open: the report was not streamed"
        first = got[0]
        assert first.startswith("plans/plan-00000.plan.yaml:"), first
        assert process.poll() is None
        stdin.write((EXAMPLES / "defects.plan.yaml").read_text(encoding="utf-8"))
        stdin.close()
        rest = stdout.read()
        process.wait(timeout=60)
    finally:
        process.kill()
        process.wait()
    held = subprocess.run(
        [
            sys.executable,
            "-m",
            "planlint",
            "check",
            "--today",
            "2024-06-01",
            "plans/plan-00000.plan.yaml",
            "plans/plan-00001.plan.yaml",
            "-",
            "--stdin-filename",
            "last.plan.yaml",
        ],
        cwd=corpus,
        capture_output=True,
        text=True,
        env=_env(),
        input=(EXAMPLES / "defects.plan.yaml").read_text(encoding="utf-8"),
        timeout=300,
    )
    assert "last.plan.yaml:" in rest and _closing(rest).startswith("Found ")
    assert first + rest == held.stdout


def test_first_finding_comes_while_workers_still_lint_a_slow_last_file(corpus: Path, big_plan: Path) -> None:
    process = _planlint(
        "plans",
        str(big_plan),
        "--jobs",
        "2",
        cwd=corpus,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=_env(),
    )
    assert process.stdout is not None
    # Workers cannot be held up the way standard input can: the slow plan (seconds to lint) must
    # still be going when the first line arrives, so that line comes well before the report's end.
    start = time.monotonic()
    try:
        first = process.stdout.readline()
        at_first = time.monotonic() - start
        rest = process.stdout.read()
        at_end = time.monotonic() - start
        process.wait(timeout=300)
    finally:
        process.kill()
        process.wait()
    assert first.startswith("plans/plan-00000.plan.yaml:"), first
    assert at_first < at_end / 2, f"first line at {at_first:.2f} s, the end at {at_end:.2f} s: nothing was streamed"
    assert str(big_plan.name) in rest


def _on_a_terminal(*args: str, cwd: Path, env: dict[str, str]) -> tuple[str, str]:
    """Run with standard error on a pseudo-terminal (standard output a pipe): (stdout, what the terminal got)."""
    import tempfile

    pty = pytest.importorskip("pty")
    leader, follower = pty.openpty()
    # standard output to a file: a pipe nobody reads while the terminal is read would fill and stall the run
    with tempfile.TemporaryFile() as out:
        try:
            process = _planlint(*args, cwd=cwd, stdout=out, stderr=follower, env=env)
        finally:
            os.close(follower)
        chunks = []
        try:
            while True:
                try:
                    data = os.read(leader, 65536)
                except OSError:  # EIO: every copy of the follower is closed
                    break
                if not data:
                    break
                chunks.append(data)
            process.wait(timeout=300)
            out.seek(0)
            stdout = out.read()
        finally:
            os.close(leader)
            process.kill()
            process.wait()
    return stdout.decode("utf-8"), b"".join(chunks).decode("utf-8", "replace")


@pytest.fixture(scope="module")
def long_run(corpus: Path, big_plan: Path) -> tuple[str, ...]:
    # the slow plan first: every file after it finishes past the first second, so the line is drawn
    return (str(big_plan), "plans", "--jobs", "1")


def test_progress_line_on_a_terminal_is_drawn_in_place_and_erased(corpus: Path, long_run: tuple[str, ...]) -> None:
    stdout, terminal = _on_a_terminal(*long_run, cwd=corpus, env=_env())
    shown = PROGRESS.findall(terminal)
    assert shown, terminal[-500:]
    assert all(total == "63" for _, total in shown)
    assert [int(done) for done, _ in shown] == sorted(int(done) for done, _ in shown)
    assert ERASE + "planlint: " in terminal  # each drawing overwrites the last
    assert terminal.endswith(ERASE)  # and the line is gone at the end
    assert "\n" not in terminal.replace("\r\n", "")  # never a line of its own in the scrollback
    assert _closing(stdout).startswith("Found ")
    assert PROGRESS.search(stdout) is None


@pytest.mark.parametrize("how", ["CI=1", "--quiet", "--format json", "short run"])
def test_no_progress_line_in_ci_when_quiet_for_machine_formats_or_a_short_run(
    corpus: Path, long_run: tuple[str, ...], how: str
) -> None:
    args, env = long_run, _env()
    if how == "CI=1":
        env = _env(CI="1")
    elif how == "short run":
        args = ("plans/plan-00000.plan.yaml",)
    else:
        args = (*args, *how.split())
    stdout, terminal = _on_a_terminal(*args, cwd=corpus, env=env)
    assert PROGRESS.search(terminal) is None and "\x1b[K" not in terminal, terminal[-300:]
    assert stdout  # the report itself is printed as ever


def test_progress_wanted_only_for_a_person() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert wanted(Terminal(), "text", quiet=False, environ={})
    assert wanted(Terminal(), "html", quiet=False, environ={"CI": "false"})
    assert not wanted(Terminal(), "text", quiet=False, environ={"CI": "true"})
    assert not wanted(Terminal(), "text", quiet=True, environ={})
    for fmt in ("json", "sarif", "github", "junit", "gitlab"):
        assert not wanted(Terminal(), fmt, quiet=False, environ={})
    assert not wanted(io.StringIO(), "text", quiet=False, environ={})


def test_progress_line_waits_a_second_then_redraws_at_most_every_tenth() -> None:
    now = [0.0]
    out = io.StringIO()
    line = ProgressLine(out, clock=lambda: now[0])
    line.update(1, 10)
    now[0] = 0.5
    line.update(2, 10)
    assert out.getvalue() == ""  # a short run never shows it
    now[0] = 1.0
    line.update(5, 10)
    assert out.getvalue() == ERASE + "planlint: 5/10 files, 5 files/s"
    now[0] = 1.05
    line.update(6, 10)  # too soon to redraw
    assert out.getvalue().count("planlint:") == 1
    line.clear()  # findings are about to print
    assert out.getvalue().endswith("5 files/s" + ERASE)
    line.update(7, 10)  # drawn again straight after them
    assert out.getvalue().endswith("planlint: 7/10 files, 7 files/s")
    line.clear()
    line.clear()  # nothing shown: nothing to erase
    assert out.getvalue().endswith("files/s" + ERASE)
