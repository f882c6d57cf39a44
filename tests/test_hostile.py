"""Hostile and broken input, through the command line a user runs.

Every case must get an answer within seconds (a subprocess with a timeout, not
a timing assertion), an exit code from the contract (cli.md: 1 for a PL001 /
PL002 finding, 2 for a path that cannot be linted), one clear line naming the
file (and the line, where there is one), no traceback, no code run, and the
input left as it was.
"""

from __future__ import annotations

import codecs
import io
import os
import random
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT

TIMEOUT = 30  # seconds: generous for a shared machine; a hang or an exponential blow-up takes far longer

CLEAN = """\
plan:
  title: Action Plan - North Coast Probation Region
  submitted: 2025-03-18
recommendations:
  - id: 1
    text: Improve the quality of risk assessments so that they identify all relevant risks.
    category: Agreed
    actions:
      - text: Deliver risk assessment training to every practitioner in the region.
        owner: Head of Learning and Development
        target_date: June 2025
"""


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str


def planlint(*args: str, cwd: Path, stdin: bytes | None = None) -> Outcome:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1"}
    env.pop("PLANLINT_DEBUG", None)
    proc = subprocess.run(
        [sys.executable, "-m", "planlint", "check", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        timeout=TIMEOUT,
        env=env,
    )
    out = Outcome(proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"))
    assert "Traceback" not in out.stdout + out.stderr
    assert "internal error" not in out.stderr
    return out


def first_finding(out: Outcome, name: str) -> tuple[str, int]:
    """The code and line of the first finding in text output, which must name the file."""
    match = re.match(rf"{re.escape(name)}:(\d+):(\d+): (PL\d{{3}}) \S+ \[\w+\] \S", out.stdout)
    if match is None:  # a Word file has no lines of its own: a finding on the whole file is "the document" (line 1)
        match = re.match(rf"{re.escape(name)}: the document(): (PL\d{{3}}) \S+ \[\w+\] \S", out.stdout)
        assert match, out.stdout[:500]
        return match.group(2), 1
    return match.group(3), int(match.group(1))


def lint_file(tmp_path: Path, content: bytes | str, *args: str, name: str = "hostile.plan.yaml") -> Outcome:
    raw = content.encode("utf-8") if isinstance(content, str) else content
    path = tmp_path / name
    path.write_bytes(raw)
    out = planlint(name, *args, cwd=tmp_path)
    assert path.read_bytes() == raw, "the input was modified"
    return out


def refused(out: Outcome, name: str, code: str = "PL001", line: int | None = None) -> str:
    """A file read and refused: exit 1 and one finding of `code` naming it (at `line`), the first line says why."""
    assert out.code == 1, (out.code, out.stdout[:300], out.stderr[:300])
    found, at = first_finding(out, name)
    assert found == code
    if line is not None:
        assert at == line
    return out.stdout.splitlines()[0]


def usage_error(out: Outcome, needle: str) -> None:
    assert out.code == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("planlint: error: ") and needle in lines[0], out.stderr
    assert out.stdout == ""


# ---------------------------------------------------------------- resource exhaustion


def test_alias_bomb_is_refused_without_expanding(tmp_path):
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [{', '.join(['*' + prev] * 9)}]")
    message = refused(lint_file(tmp_path, "\n".join(lines) + "\n"), "hostile.plan.yaml", line=1)
    assert "aliases" in message


def test_alias_that_contains_itself(tmp_path):
    message = refused(lint_file(tmp_path, "plan: &p\n  title: x\n  again: *p\n"), "hostile.plan.yaml", line=1)
    assert "alias refers to a node that contains it" in message


def test_aliases_a_plan_really_uses_are_expanded(tmp_path):
    plan = (
        CLEAN.replace("owner: Head of Learning and Development", "owner: &lead Head of Learning and Development")
        + """\
      - text: Audit 40 risk assessments each quarter and publish the findings to all teams.
        owner: *lead
        target_date: September 2025
"""
    )
    out = lint_file(tmp_path, plan, "--today", "2025-03-18")
    assert out.code == 0, out.stdout


def test_merge_keys(tmp_path):
    plan = (
        "x-defaults: &defaults\n  owner: Head of Learning and Development\n  target_date: June 2025\n"
        + CLEAN.replace(
            """        owner: Head of Learning and Development
        target_date: June 2025
""",
            "        <<: *defaults\n",
        )
    )
    out = lint_file(tmp_path, plan)
    # the merged owner and date arrive: no owner-missing (PL301), only the unknown top-level key
    assert out.code == 0 and "PL301" not in out.stdout
    assert first_finding(out, "hostile.plan.yaml") == ("PL003", 1)


@pytest.mark.parametrize(
    "text, line",
    [
        ("[" * 20_000 + "]" * 20_000 + "\n", 1),
        ("plan: " + "[" * 100_000 + "\n", 1),  # deep enough to crash the C composer, were it ever reached
        ("{a: " * 20_000 + "1" + "}" * 20_000 + "\n", 1),
        ("".join(" " * i + "a:\n" for i in range(3_000)) + " " * 3_000 + "b: 1\n", 101),
        ("".join(" " * i + "-\n" for i in range(3_000)) + " " * 3_000 + "x\n", 101),
    ],
    ids=["flow-20000", "flow-100000-unclosed", "flow-maps-20000", "block-maps-3000", "block-lists-3000"],
)
def test_deep_nesting_is_refused_not_a_recursion_error(tmp_path, text, line):
    message = refused(lint_file(tmp_path, text), "hostile.plan.yaml", line=line)
    assert "nests deeper" in message


def _plan_with(recommendations: int, padding: str = "") -> str:
    rec = CLEAN.split("recommendations:\n", 1)[1]
    rows = [
        rec.replace("id: 1", f"id: {n}").replace("practitioner in", f"practitioner {padding}in")
        for n in range(1, recommendations + 1)
    ]
    return CLEAN.split("recommendations:\n", 1)[0] + "recommendations:\n" + "".join(rows)


def test_thirty_megabyte_plan_is_refused_unread_with_the_option_named(tmp_path):
    text = _plan_with(3_000, padding="x" * 10_000 + " ")
    assert len(text) > 30_000_000
    message = refused(lint_file(tmp_path, text), "hostile.plan.yaml", line=1)
    assert "--max-file-size" in message and "MB" in message


def test_max_file_size_can_be_lowered_and_applies_to_standard_input(tmp_path):
    refused(lint_file(tmp_path, CLEAN, "--max-file-size", "100B"), "hostile.plan.yaml", line=1)
    assert lint_file(tmp_path, CLEAN, "--max-file-size", "0", "--today", "2025-03-18").code == 0
    out = planlint("-", "--max-file-size", "1KB", cwd=tmp_path, stdin=_plan_with(20).encode())
    assert out.code == 1 and out.stdout.startswith("<stdin>:1:1: PL001")


def test_a_plan_exactly_at_the_size_limit_is_linted_and_one_byte_more_is_not(tmp_path):
    size = len(CLEAN.encode())
    assert lint_file(tmp_path, CLEAN, "--max-file-size", f"{size}B", "--today", "2025-03-18").code == 0
    refused(lint_file(tmp_path, CLEAN, "--max-file-size", f"{size - 1}B"), "hostile.plan.yaml", line=1)


@pytest.mark.parametrize("value", ["ten", "10XB", "-1MB"])
def test_a_bad_max_file_size_is_a_usage_error(tmp_path, value):
    usage_error(lint_file(tmp_path, CLEAN, "--max-file-size", value), "--max-file-size")


def test_five_thousand_recommendations_are_linted(tmp_path):
    out = lint_file(tmp_path, _plan_with(5_000), "--format", "json", "--today", "2025-03-18")
    # the one finding each repeated row earns is the duplicate-action info: the rest is clean
    assert out.code == 0 and '"by_rule": {\n      "PL605": 4999\n    }' in out.stdout


@pytest.mark.parametrize("field", ["title: Action", "text: Deliver", "owner: Head"])
@pytest.mark.parametrize("filler", ["word " * 200_000, "x" * 1_000_000 + " "], ids=["words", "one-word"])
def test_a_one_megabyte_value_goes_through_every_rule(tmp_path, field, filler):
    # Regexes that retry from every character of a long word took hours on these.
    key, rest = field.split(": ")
    out = lint_file(tmp_path, CLEAN.replace(field, f"{key}: {filler}{rest}"), "--today", "2025-03-18")
    assert out.code in (0, 1) and ("Found" in out.stdout or "All clear" in out.stdout)
    assert len(out.stdout) < 5_000  # the excerpt of a long line is cut, not printed whole


def test_a_one_megabyte_line_with_a_syntax_error(tmp_path):
    long = CLEAN.replace("owner: Head of Learning and Development", "owner: " + "x" * 1_000_000)
    out = lint_file(tmp_path, long + "  oops: [\n")
    refused(out, "hostile.plan.yaml", line=12)
    assert len(out.stdout) < 5_000


# ---------------------------------------------------------------- bytes and encodings


def test_binary_data(tmp_path):
    refused(lint_file(tmp_path, random.Random(7).randbytes(64 * 1024)), "hostile.plan.yaml")


def test_nul_byte_points_at_its_line(tmp_path):
    message = refused(
        lint_file(tmp_path, CLEAN.replace("category: Agreed", "category: Agr\0eed")), "hostile.plan.yaml", line=7
    )
    assert "#x0000" in message


def test_invalid_utf8_points_at_its_line(tmp_path):
    raw = CLEAN.encode().replace(b"Agreed", b"Agr\xff\xfeed")
    message = refused(lint_file(tmp_path, raw), "hostile.plan.yaml", line=7)
    assert "UTF-8" in message


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
        lambda t: t.encode("utf-16"),
        lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
        lambda t: t.replace("\n", "\r\n").encode(),
    ],
    ids=["utf8-bom", "utf16-bom", "utf16-be-bom", "crlf"],
)
def test_byte_order_marks_and_crlf_read_like_plain_utf8(tmp_path, encode):
    assert lint_file(tmp_path, encode(CLEAN), "--today", "2025-03-18").code == 0
    broken = CLEAN.replace("        owner: Head of Learning and Development\n", "")
    assert first_finding(lint_file(tmp_path, encode(broken), "--today", "2025-03-18"), "hostile.plan.yaml") == (
        "PL301",
        9,
    )


def test_a_utf16_bom_with_an_odd_byte_count(tmp_path):
    refused(lint_file(tmp_path, CLEAN.encode("utf-16") + b"\x00"), "hostile.plan.yaml")


# ---------------------------------------------------------------- YAML that is not a plan


@pytest.mark.parametrize(
    "text, code, line",
    [
        ("", "PL002", 1),
        ("# a comment\n# and another\n", "PL002", 1),
        (CLEAN + "---\n" + CLEAN, "PL001", 12),
        (CLEAN + "plan:\n  title: again\n", "PL001", 12),
        ("? [a, b]\n: 1\n" + CLEAN, "PL002", 1),
        ("- just\n- a list\n", "PL002", 1),
        ("just text\n", "PL002", 1),
        ("plan: [unclosed\n", "PL001", 2),
    ],
    ids=[
        "empty",
        "comments-only",
        "two-documents",
        "duplicate-key",
        "complex-key",
        "a-list",
        "a-scalar",
        "syntax-error",
    ],
)
def test_yaml_that_is_not_a_plan(tmp_path, text, code, line):
    refused(lint_file(tmp_path, text), "hostile.plan.yaml", code, line)


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system",
        "!!python/object/new:os.system",
        "!!python/name:os.system",
        "!!python/module:os",
        "!custom",
        "!!binary",
        "tag:example.com,2024:thing",
    ],
)
def test_tags_never_run_code(tmp_path, tag):
    marker = tmp_path / "ran"
    tag = f"!<{tag}>" if tag.startswith("tag:") else tag
    text = CLEAN.replace("title: Action Plan - North Coast Probation Region", f'title: {tag} ["touch {marker}"]')
    out = lint_file(tmp_path, text)
    assert not marker.exists()
    assert out.code == 1 and re.search(r"^hostile\.plan\.yaml:2:\d+: PL002", out.stdout, re.M), out.stdout


def test_a_five_thousand_digit_integer(tmp_path):
    digits = "9" * 5_000
    out = lint_file(tmp_path, CLEAN.replace("id: 1", f"id: {digits}"), "--today", "2025-03-18")
    assert out.code == 0  # kept as the text written: an id may be any text
    text = CLEAN + f"summary:\n  total: {digits}\n"
    assert refused(lint_file(tmp_path, text), "hostile.plan.yaml", "PL002", 13)


@pytest.mark.parametrize(
    "field, value",
    [
        ("target_date", "2024-13-45"),
        ("submitted", "2024-13-45"),
        ("target_date", "2024-02-30"),
        ("target_date", "2024-01-01T99:99:99"),
    ],
)
def test_impossible_dates_are_findings_or_text_never_a_crash(tmp_path, field, value):
    text = re.sub(rf"{field}: .*", f"{field}: {value}", CLEAN)
    out = lint_file(tmp_path, text, "--today", "2025-03-18", "--format", "json")
    assert out.code in (0, 1)


# ---------------------------------------------------------------- paths


def test_a_folder_named_like_a_plan(tmp_path):
    (tmp_path / "x.plan.yaml").mkdir()
    (tmp_path / "real.plan.yaml").write_text(CLEAN)
    out = planlint("x.plan.yaml", cwd=tmp_path)
    assert out.code == 0 and "x.plan.yaml: a folder with no *.plan.yaml" in out.stderr
    walked = planlint(".", "--today", "2025-03-18", cwd=tmp_path)
    assert walked.code == 0 and "in 1 file" in walked.stdout


def test_a_dangling_symlink(tmp_path):
    (tmp_path / "gone.plan.yaml").symlink_to(tmp_path / "nowhere.plan.yaml")
    usage_error(planlint("gone.plan.yaml", cwd=tmp_path), "gone.plan.yaml: a symbolic link")
    assert planlint(".", cwd=tmp_path).code == 0  # a walk passes over it


def test_a_path_that_does_not_exist(tmp_path):
    usage_error(planlint("missing.plan.yaml", cwd=tmp_path), "missing.plan.yaml: no such file or folder")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_never_opened(tmp_path):
    os.mkfifo(tmp_path / "pipe.plan.yaml")
    usage_error(planlint("pipe.plan.yaml", cwd=tmp_path), "pipe.plan.yaml: not a regular file")
    (tmp_path / "real.plan.yaml").write_text(CLEAN)
    assert planlint(".", "--today", "2025-03-18", cwd=tmp_path).code == 0


def test_output_onto_the_plan_being_linted_is_refused(tmp_path):
    out = lint_file(tmp_path, CLEAN, "--output", "hostile.plan.yaml")
    usage_error(out, "--output hostile.plan.yaml: that is a file being linted")


def test_binary_on_standard_input(tmp_path):
    out = planlint("-", "--stdin-filename", "piped.plan.yaml", cwd=tmp_path, stdin=b"\x00\xff" * 500)
    assert out.code == 1 and out.stdout.startswith("piped.plan.yaml:1:2: PL001")  # \x00 is UTF-8, \xff is not


def test_a_file_name_that_is_not_utf8(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    name = os.fsdecode(b"caf\xe9.plan.yaml")
    (folder / name).write_text(CLEAN.replace("        owner: Head of Learning and Development\n", ""))
    out = planlint("plans", cwd=tmp_path)
    assert out.code == 1 and "PL301" in out.stdout


# ---------------------------------------------------------------- imports: Word and text


def _docx(document_xml: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        archive.writestr("word/document.xml", document_xml)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture
def docx_importer():
    return pytest.importorskip("planlint.importers.docx")


def test_docx_that_is_not_a_zip(tmp_path, docx_importer):
    message = refused(lint_file(tmp_path, b"PK\x03\x04 not really a zip", name="plan.docx"), "plan.docx", line=1)
    assert "zip" in message
    refused(lint_file(tmp_path, CLEAN, name="plan.docx"), "plan.docx", line=1)


def test_docx_zip_bomb_is_refused_before_inflating(tmp_path, docx_importer):
    bomb = _docx(b"<w:document/>", {"word/media/bomb.bin": b"\0" * (300 * 1024 * 1024)})
    assert len(bomb) < 1_000_000
    refused(lint_file(tmp_path, bomb, name="plan.docx"), "plan.docx", line=1)


ENTITY_BOMB = b"""<?xml version="1.0"?>
%s<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
<!ENTITY file SYSTEM "file:///etc/passwd">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>
<w:t>&lol9; &file;</w:t></w:r></w:p></w:body></w:document>
"""


@pytest.mark.parametrize("padding", [b"", b"<!--" + b" " * 8_000 + b"-->\n"], ids=["at-start", "after-8KB"])
def test_docx_entity_expansion_and_external_entities(tmp_path, docx_importer, padding):
    out = lint_file(tmp_path, _docx(ENTITY_BOMB % padding), name="plan.docx")
    assert out.code == 1 and out.stdout.startswith("plan.docx:")
    assert "root:" not in out.stdout  # /etc/passwd never read into a finding
    assert len(out.stdout) < 10_000


def test_text_import_that_holds_no_plan(tmp_path):
    pytest.importorskip("planlint.importers.text")
    text = "Minutes of the team meeting\n\nWe discussed the weather and agreed to meet again.\n"
    refused(lint_file(tmp_path, text, name="notes.txt"), "notes.txt", line=1)
    refused(lint_file(tmp_path, b"\x00\xff\xfe binary", name="notes.txt"), "notes.txt")
    refused(lint_file(tmp_path, "", name="notes.md"), "notes.md", line=1)
