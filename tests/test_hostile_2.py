"""Hostile input, second pass (issue 13): through the command line, as an attacker would try it.

Each case runs `planlint check` in a subprocess with a timeout and asserts what a user
sees: the exit code, one clear line, no traceback, and every input left as it was.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from test_hostile import CLEAN, TIMEOUT, Outcome

PAST = CLEAN.replace("2025-03-18", "2023-03-18").replace("June 2025", "June 2022")  # PL404: a finding


def planlint(
    *args: str, cwd: Path, env: dict[str, str] | None = None, raw: bool = False, bare: bool = False
) -> Outcome:
    """bare: an environment of PYTHONPATH, NO_COLOR and `env` alone."""
    environ = {**({} if bare else os.environ), "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1", **(env or {})}
    environ.pop("PLANLINT_DEBUG", None)
    proc = subprocess.run(
        [sys.executable, "-m", "planlint", "check", *args], cwd=cwd, capture_output=True, timeout=TIMEOUT, env=environ
    )
    out = Outcome(
        proc.returncode,
        proc.stdout.decode("utf-8", "strict" if raw else "replace"),
        proc.stderr.decode("utf-8", "replace"),
    )
    assert "Traceback" not in out.stdout + out.stderr
    assert "internal error" not in out.stderr
    return out


def _error_line(out: Outcome) -> str:
    lines = [line for line in out.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, out.stderr
    return lines[0]


# ---------------------------------------------------------------- linear time on plan text


@pytest.mark.parametrize(
    "field, value",
    [
        ("target_date", "<p" * 500_000),  # dates.py _HARD_BREAK
        ("text", "Publish &amp; report " + "<p" * 400_000),  # consistency.py _BLOCK_TAG
        ("target_date", "<" + " " * 300_000),  # dates.py: spaces after "<"
    ],
)
def test_markup_repeated_in_a_value_is_answered_in_seconds(tmp_path, field, value):
    plan = tmp_path / "p.plan.yaml"
    original = CLEAN.replace(
        "target_date: June 2025"
        if field == "target_date"
        else "text: Deliver risk assessment training to every practitioner in the region.",
        f"{field}: {json.dumps(value)}",
    )
    plan.write_text(original, encoding="utf-8")
    out = planlint("--max-file-size", "0", "p.plan.yaml", cwd=tmp_path)
    assert out.code in (0, 1)
    assert plan.read_text(encoding="utf-8") == original


@pytest.mark.parametrize("cell", ["_a " * 60_000, "*a " * 60_000, "[a](" * 125_000, "__a " * 60_000])
def test_markdown_marks_without_their_closing_are_answered_in_seconds(tmp_path, cell):
    table = (
        "| Recommendation | Agreed / Not Agreed | Action | Owner | Target date |\n"
        "| --- | --- | --- | --- | --- |\n"
        f"| 1. Improve risk assessment. | Agreed | {cell} | Head of Learning | June 2025 |\n"
    )
    (tmp_path / "plan.md").write_text("# Action plan\n\n" + table, encoding="utf-8")
    out = planlint("--max-file-size", "0", "plan.md", cwd=tmp_path)
    assert out.code in (0, 1)


# ---------------------------------------------------------------- output injection


def test_github_notes_cannot_forge_workflow_commands(tmp_path):
    baseline = {
        "format": "planlint-baseline",
        "version": 1,
        "findings": [
            {"fingerprint": "f" * 16, "file": "p.plan.yaml", "code": "PL404\n::stop-commands::abc", "message": "m"}
        ],
    }
    (tmp_path / "b.json").write_text(json.dumps(baseline), encoding="utf-8")
    (tmp_path / "p.plan.yaml").write_text(CLEAN, encoding="utf-8")
    out = planlint("--format", "github", "--baseline", "b.json", "p.plan.yaml", cwd=tmp_path)
    assert out.code == 0
    for line in out.stdout.splitlines():
        assert not line.lstrip().startswith("::") or line.startswith("::notice title=planlint::")
    assert "stop-commands" in out.stdout  # shown, escaped inside the notice


def test_a_file_name_cannot_forge_a_workflow_command(tmp_path):
    folder = tmp_path / "r"
    folder.mkdir()
    name = "x\n::error file=README.md,line=1::forged.plan.yaml"
    (folder / name).write_text(CLEAN.replace("  submitted: 2025-03-18\n", "  submitted: [2025]\n"), encoding="utf-8")
    for fmt in ("github", "text"):
        out = planlint("--format", fmt, "r", cwd=tmp_path)
        assert out.code == 1
        assert not any(line.lstrip().startswith("::error file=README.md") for line in out.stdout.splitlines())
        assert "forged" in out.stdout


def test_text_output_shows_control_characters_never_sends_them(tmp_path):
    # decoded from YAML escapes into a message that quotes the value, and raw in an excerpt
    quoted = tmp_path / "quoted.plan.yaml"
    quoted.write_text(
        PAST.replace(
            "target_date: June 2022",
            'target_date: "\\e]52;c;ZXZpbA==\\a June 2022 \\e[2J \\u202e \\e]8;;http://x\\e\\\\link"',
        ),
        encoding="utf-8",
    )
    raw = tmp_path / "raw.plan.yaml"
    raw.write_text(
        PAST.replace("target_date: June 2022", "target_date: June 2022 \x1b[2J \u202e \x9b"), encoding="utf-8"
    )
    originals = {p: p.read_bytes() for p in (quoted, raw)}
    for fmt in ("text", "github", "junit", "gitlab", "json", "sarif"):
        out = planlint("--format", fmt, "quoted.plan.yaml", "raw.plan.yaml", cwd=tmp_path)
        assert out.code == 1
        for char in ("\x1b", "\x07", "\x9b", "\u202e"):
            assert char not in out.stdout, (fmt, char)
        if fmt in ("text", "github", "junit", "gitlab"):
            assert "\\x1b" in out.stdout and "\\u202e" in out.stdout, fmt
    text = planlint("quoted.plan.yaml", "raw.plan.yaml", cwd=tmp_path).stdout
    assert "ZXZpbA==\\x07 June 2022" in text  # the message quotes the value, escaped
    assert {p: p.read_bytes() for p in originals} == originals


def test_an_excerpt_line_that_reads_as_a_command_is_made_inert(tmp_path):
    plan = tmp_path / "p.plan.yaml"
    plan.write_text(
        PAST.replace("target_date: June 2022", "target_date: June 2022  # ::error::forged ##[error]x"), encoding="utf-8"
    )
    out = planlint("p.plan.yaml", cwd=tmp_path)
    assert out.code == 1 and "PL404" in out.stdout and "##[" not in out.stdout
    plan.write_text(
        PAST.replace(
            "      - text: Deliver risk assessment training to every practitioner in the region.",
            "      - text: |\n          Deliver training.\n          ::error::x we will explore options",
        ),
        encoding="utf-8",
    )
    out = planlint("p.plan.yaml", cwd=tmp_path)
    assert "explore" in out.stdout  # the excerpt of the line is shown, made inert
    for line in out.stdout.splitlines():
        assert not line.lstrip().startswith("::") and "##[" not in line


# ---------------------------------------------------------------- files outside the tree


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_walk_skips_links_that_leave_the_folder(tmp_path):
    (tmp_path / "secret.txt").write_text("password: hunter2\n", encoding="utf-8")
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "leak.plan.yaml").symlink_to("../secret.txt")
    (folder / "env.plan.yaml").symlink_to("/proc/self/environ")
    (folder / "ok.plan.yaml").write_text(CLEAN, encoding="utf-8")
    out = planlint("r", cwd=tmp_path, env={"PLANLINT_CANARY": "canary-value"})
    assert out.code == 0
    assert "hunter2" not in out.stdout + out.stderr and "canary-value" not in out.stdout + out.stderr
    assert "1 file" in out.stdout
    assert "skipped 2 symbolic link(s)" in _error_line(out)


def test_a_file_that_says_it_is_empty_is_not_read(tmp_path):
    if not os.path.exists("/proc/self/environ"):
        pytest.skip("needs /proc")
    (tmp_path / "env.plan.yaml").symlink_to("/proc/self/environ")
    out = planlint("env.plan.yaml", cwd=tmp_path, env={"PLANLINT_CANARY": "canary-value"}, bare=True)
    assert out.code == 1 and "canary-value" not in out.stdout + out.stderr
    assert "PL002" in out.stdout  # read as the empty file it says it is


def test_fix_never_writes_through_a_link_found_by_a_walk(tmp_path):
    folder = tmp_path / "r"
    (folder / "data").mkdir(parents=True)
    target = folder / "data" / "t.yaml"  # not a *.plan.yaml: only the link is found by the walk
    text = CLEAN.replace("category: Agreed", "category: agred")  # PL102 has a safe fix
    target.write_text(text, encoding="utf-8")
    (folder / "l.plan.yaml").symlink_to("data/t.yaml")
    (folder / "real.plan.yaml").write_text(text, encoding="utf-8")
    (folder / "a-link-first.plan.yaml").symlink_to("real.plan.yaml")  # the same file found twice
    out = planlint("--fix", "r", cwd=tmp_path)
    assert out.code == 1 and "in 2 files" in out.stdout and out.stdout.count("PL102") == 1  # the link, unfixed
    assert "r/l.plan.yaml: not fixed: it is a symbolic link found in a folder walk" in out.stderr
    assert target.read_text(encoding="utf-8") == text
    assert "category: Agreed" in (folder / "real.plan.yaml").read_text(encoding="utf-8")
    assert (folder / "a-link-first.plan.yaml").is_symlink()
    # named on the command line, the link is followed and its target fixed (the link kept)
    out = planlint("--fix", "r/l.plan.yaml", cwd=tmp_path)
    assert "category: Agreed" in target.read_text(encoding="utf-8")
    assert (folder / "l.plan.yaml").is_symlink()


def test_outputs_never_replace_inputs(tmp_path):
    plan = tmp_path / "p.plan.yaml"
    plan.write_text(PAST, encoding="utf-8")
    planlint("--write-baseline", "b.json", "p.plan.yaml", cwd=tmp_path)
    baseline = (tmp_path / "b.json").read_text(encoding="utf-8")
    (tmp_path / ".planlint.yaml").write_text("fail-on: error\n", encoding="utf-8")
    for args, what in [
        (("--write-baseline", "p.plan.yaml"), "a file being linted"),
        (("--baseline", "b.json", "-o", "b.json"), "the --baseline file"),
        (("--fix", "-o", "p.plan.yaml"), "a file being linted"),
        (("-o", ".planlint.yaml"), "a config file"),
        (("--fix", ".planlint.yaml"), "a config file"),
    ]:
        out = planlint(*args, "p.plan.yaml", cwd=tmp_path)
        assert out.code == 2 and what in _error_line(out), args
    assert plan.read_text(encoding="utf-8") == PAST
    assert (tmp_path / "b.json").read_text(encoding="utf-8") == baseline
    assert (tmp_path / ".planlint.yaml").read_text(encoding="utf-8") == "fail-on: error\n"


def _file_size_limit(size: int):
    def limit() -> None:  # in the child: writes past `size` bytes fail (EFBIG), as on a full disk
        import resource
        import signal

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


@pytest.mark.skipif(os.name != "posix", reason="POSIX resource limits")
def test_a_report_that_cannot_be_written_leaves_the_old_one_whole(tmp_path):
    plan = tmp_path / "p.plan.yaml"
    plan.write_text(PAST, encoding="utf-8")
    (tmp_path / "report.txt").write_text("old report\n", encoding="utf-8")
    environ = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "planlint", "check", "-o", "report.txt", "p.plan.yaml"],
        cwd=tmp_path,
        capture_output=True,
        timeout=TIMEOUT,
        env=environ,
        preexec_fn=_file_size_limit(100),
    )
    stderr = proc.stderr.decode()
    assert proc.returncode == 2 and "Traceback" not in stderr
    assert stderr.startswith("planlint: error: --output report.txt: cannot write the report")
    assert (tmp_path / "report.txt").read_text(encoding="utf-8") == "old report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.plan.yaml", "report.txt"]


def test_a_report_to_a_device_is_written_to_it(tmp_path):
    (tmp_path / "p.plan.yaml").write_text(PAST, encoding="utf-8")
    if not os.path.exists("/dev/stdout"):
        pytest.skip("needs /dev/stdout")
    out = planlint("-o", "/dev/stdout", "p.plan.yaml", cwd=tmp_path)
    assert out.code == 1 and "PL404" in out.stdout


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_fix_keeps_mode_refuses_read_only_and_hard_linked_files_and_reports_the_rest(tmp_path):
    text = CLEAN.replace("category: Agreed", "category: agred")
    for name in ("ro", "linked", "ok"):
        (tmp_path / f"{name}.plan.yaml").write_text(text, encoding="utf-8")
    os.chmod(tmp_path / "ro.plan.yaml", 0o444)
    os.link(tmp_path / "linked.plan.yaml", tmp_path / "other-name.yaml")
    os.chmod(tmp_path / "ok.plan.yaml", 0o640)
    owner = os.stat(tmp_path / "ok.plan.yaml")
    out = planlint("--fix", "ro.plan.yaml", "linked.plan.yaml", "ok.plan.yaml", cwd=tmp_path)
    assert (tmp_path / "ro.plan.yaml").read_text(encoding="utf-8") == text
    assert (tmp_path / "linked.plan.yaml").read_text(encoding="utf-8") == text
    assert (tmp_path / "other-name.yaml").read_text(encoding="utf-8") == text
    assert "category: Agreed" in (tmp_path / "ok.plan.yaml").read_text(encoding="utf-8")
    after = os.stat(tmp_path / "ok.plan.yaml")
    assert (after.st_mode & 0o777, after.st_uid, after.st_gid) == (0o640, owner.st_uid, owner.st_gid)
    lines = out.stderr.splitlines()
    assert any(line.startswith("planlint: ro.plan.yaml: not fixed: the file is read-only") for line in lines)
    assert any(line.startswith("planlint: linked.plan.yaml: not fixed: the file has 2 hard links") for line in lines)
    assert out.stdout.count("PL102") == 2  # the two files left alone are still reported
    os.chmod(tmp_path / "ro.plan.yaml", 0o644)


# ---------------------------------------------------------------- one bad file must not sink the run


def test_a_date_past_9999_is_one_files_finding(tmp_path):
    (tmp_path / "far.plan.yaml").write_text(CLEAN.replace("2025-03-18", "9997-01-01"), encoding="utf-8")
    (tmp_path / "past.plan.yaml").write_text(PAST, encoding="utf-8")
    out = planlint("far.plan.yaml", "past.plan.yaml", cwd=tmp_path)
    assert out.code == 1 and "past.plan.yaml" in out.stdout and "PL404" in out.stdout
    out = planlint("--today", "9999-12-31", "past.plan.yaml", cwd=tmp_path)
    assert out.code == 1


@pytest.mark.parametrize("value", ["1000000", "1e23", "-1"])
def test_an_out_of_range_option_is_one_line(tmp_path, value):
    (tmp_path / "p.plan.yaml").write_text(CLEAN, encoding="utf-8")
    (tmp_path / ".planlint.yaml").write_text(f"dates:\n  horizon-months: {value}\n", encoding="utf-8")
    out = planlint("p.plan.yaml", cwd=tmp_path)
    assert out.code == 2 and "dates.horizon-months" in _error_line(out)


def test_file_names_that_are_not_utf8_give_valid_reports(tmp_path):
    if sys.platform == "darwin":
        pytest.skip("macOS file systems refuse names that are not UTF-8")
    name = b"caf\xe9.plan.yaml"
    (tmp_path / os.fsdecode(name)).write_text(PAST, encoding="utf-8")
    for fmt in ("sarif", "json", "gitlab", "junit", "github", "text"):
        out = planlint("--format", fmt, ".", cwd=tmp_path, raw=True)  # raw: the output must be valid UTF-8
        assert out.code == 1, fmt
        if fmt in ("sarif", "json", "gitlab"):
            json.loads(out.stdout)
    assert "caf%E9.plan.yaml" in planlint("--format", "sarif", ".", cwd=tmp_path).stdout


@pytest.mark.parametrize(
    "config",
    [
        # echoed in an error message, the value would expand to 9 ** 8 items
        "fail-on: [&a0 [x,x,x,x,x,x,x,x,x], "
        + ", ".join(f"&a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9))
        + "]\n",
        "a: &x\n  b: *x\n",
        "select:" + " {a:" * 3000 + " 1" + "}" * 3000 + "\n",
        "x:\n" + "".join("  " * i + f"a{i}:\n" for i in range(1, 3000)) + "  " * 3000 + "b: 1\n",
    ],
)
def test_a_hostile_yaml_config_is_one_line(tmp_path, config):
    (tmp_path / "p.plan.yaml").write_text(CLEAN, encoding="utf-8")
    (tmp_path / ".planlint.yaml").write_text(config, encoding="utf-8")
    out = planlint("p.plan.yaml", cwd=tmp_path)
    assert out.code == 2 and ".planlint.yaml" in _error_line(out) and len(out.stderr) < 1000


def test_a_pyproject_with_a_huge_dotted_key_is_one_line(tmp_path):
    (tmp_path / "p.plan.yaml").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text("[tool.planlint]\n" + ".".join(["a"] * 5000) + " = 1\n", encoding="utf-8")
    out = planlint("p.plan.yaml", cwd=tmp_path)
    assert out.code == 2 and "pyproject.toml" in _error_line(out)


@pytest.mark.parametrize(
    "content, says",
    [
        ("[" * 100_000 + "]" * 100_000, "nests"),
        ('{"format": "planlint-baseline", "version": ' + "9" * 5000 + ', "findings": []}', "not a planlint baseline"),
        ('{"format": "planlint-baseline", "version": "' + "v" * 5_000_000 + '", "findings": []}', "not supported"),
    ],
)
def test_a_hostile_baseline_is_one_short_line(tmp_path, content, says):
    (tmp_path / "p.plan.yaml").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "b.json").write_text(content, encoding="utf-8")
    out = planlint("--baseline", "b.json", "p.plan.yaml", cwd=tmp_path)
    line = _error_line(out)
    assert out.code == 2 and says in line and len(line) < 500


def test_a_baseline_with_a_byte_order_mark_is_read(tmp_path):
    (tmp_path / "p.plan.yaml").write_text(PAST, encoding="utf-8")
    planlint("--write-baseline", "b.json", "p.plan.yaml", cwd=tmp_path)
    text = (tmp_path / "b.json").read_text(encoding="utf-8")
    (tmp_path / "b.json").write_text("\ufeff" + text, encoding="utf-8")
    out = planlint("--baseline", "b.json", "p.plan.yaml", cwd=tmp_path)
    assert out.code == 0


def test_jobs_are_capped_and_absurd_values_refused(tmp_path):
    (tmp_path / "p.plan.yaml").write_text(CLEAN, encoding="utf-8")
    out = planlint("-j", "100000", "p.plan.yaml", cwd=tmp_path)
    assert out.code == 2 and "--jobs" in _error_line(out)
    from planlint.pipeline import parallelism

    assert parallelism(5000, 400) == (os.cpu_count() or 1)


def test_the_same_file_named_twice_is_linted_once(tmp_path):
    (tmp_path / "p.plan.yaml").write_text(PAST, encoding="utf-8")
    out = planlint("p.plan.yaml", "./p.plan.yaml", ".", cwd=tmp_path)
    assert out.code == 1 and "in 1 file" in out.stdout and out.stdout.count("PL404") == 1


def test_a_size_limit_under_one_byte_is_not_no_limit(tmp_path):
    (tmp_path / "p.plan.yaml").write_text(CLEAN, encoding="utf-8")
    out = planlint("--max-file-size", "0.5B", "p.plan.yaml", cwd=tmp_path)
    assert out.code == 2 and "--max-file-size" in _error_line(out)
