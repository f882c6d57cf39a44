"""Reading YAML into data plus a source map: where each path points, and what goes wrong reading."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import lint_text
from planlint.document import SourceMap, load_yaml
from planlint.reader import read_bytes

PLAN = """\
plan:
  title: T
recommendations:
  - id: 1
    text: >-
      Ensure that every case
      is reviewed where possible
      by a manager.
    actions:
      - text: "Act now"
        owner: [Head of A, Head of B]
"""


def test_paths_map_to_the_node_start():
    doc = load_yaml(PLAN, "x")
    span = doc.source.span(("recommendations", 0, "actions", 0, "owner", 1))
    assert (span.line, span.column) == (11, 28)
    assert doc.source.span(("recommendations", 0)).line == 4
    # a missing node points at its nearest existing parent
    assert doc.source.span(("recommendations", 0, "actions", 0, "target_date")).line == 10


def test_words_inside_a_folded_scalar_are_found_on_their_own_line():
    doc = load_yaml(PLAN, "x")
    value = doc.data["recommendations"][0]["text"]
    start = value.index("where possible")
    span = doc.source.locate_words(("recommendations", 0, "text"), value, start, start + len("where possible"))
    assert span is not None
    assert (span.line, span.column, span.end_line, span.end_column) == (7, 19, 7, 33)


def test_a_phrase_broken_across_lines_spans_both():
    doc = load_yaml(PLAN, "x")
    value = doc.data["recommendations"][0]["text"]
    start = value.index("case is")
    span = doc.source.locate_words(("recommendations", 0, "text"), value, start, start + len("case is"))
    assert span is not None
    assert (span.line, span.end_line) == (6, 7)


def test_scalars_are_typed_as_yaml_1_2_core():
    doc = load_yaml("a: 2024-01-17\nb: yes\nc: '12'\nd: 12\ne: ~\nf: 2024-02-30\n", "x")
    assert doc.data == {"a": dt.date(2024, 1, 17), "b": "yes", "c": "12", "d": 12, "e": None, "f": "2024-02-30"}


def test_crlf_and_bom_do_not_move_positions():
    text = PLAN.replace("\n", "\r\n").encode("utf-8")
    doc = read_bytes(b"\xef\xbb\xbf" + text, "x.plan.yaml")
    assert doc.problems == []
    assert doc.source.span(("recommendations", 0, "actions", 0, "owner", 1)).line == 11
    utf16 = read_bytes(PLAN.encode("utf-16"), "x.plan.yaml")
    assert utf16.data == doc.data


def test_duplicate_key_is_a_parse_error_at_the_second_key():
    findings = lint_text("plan:\n  title: A\n  title: B\nrecommendations: []\n")
    assert [(f.code, f.line, f.column) for f in findings] == [("PL001", 3, 3)]
    assert "Duplicate key 'title' (first on line 2)" in findings[0].message


def test_invalid_utf8_names_the_line():
    findings = lint_text(b"plan:\n  title: caf\xe9\n")
    assert [(f.code, f.line) for f in findings] == [("PL001", 2)]
    assert "not valid UTF-8" in findings[0].message


def test_unknown_tags_are_schema_errors_not_code():
    findings = lint_text("plan: !!python/object:os.system {title: x}\nrecommendations: []\n")
    assert ("PL002", 1) in {(f.code, f.line) for f in findings}
    assert "is not part of the plan format" in " ".join(f.message for f in findings)


def test_merge_keys_and_anchors_are_read():
    text = """\
plan: {title: T, submitted: 2024-01-17}
defaults: &owner_and_date
  owner: Head of Operations
  target_date: March 2024
recommendations:
  - id: 1
    text: Ensure that plans are reviewed.
    category: Agreed
    actions:
      - <<: *owner_and_date
        text: Publish a review report.
"""
    doc = load_yaml(text, "x")
    action = doc.data["recommendations"][0]["actions"][0]
    assert action == {"owner": "Head of Operations", "target_date": "March 2024", "text": "Publish a review report."}


def test_empty_and_comment_only_files_say_what_a_plan_needs():
    for text in ("", "# nothing here\n"):
        (finding,) = lint_text(text)
        assert finding.code == "PL002" and "holds no YAML document" in finding.message


def test_unknown_key_points_at_the_key_and_suggests():
    findings = lint_text(
        "plan:\n  title: T\nrecommendations:\n  - id: 1\n    txet: Do it.\n    category: Agreed\n", select=["PL003"]
    )
    (finding,) = findings
    assert (finding.line, finding.column) == (5, 5)
    assert "did you mean `text`?" in finding.message


def test_out_of_range_values_say_the_bound_in_plain_words():
    findings = lint_text("planlint: 2\nplan: {title: T}\nrecommendations: []\nsummary: {agreed: -1}\n")
    messages = {(f.code, f.line): f.message for f in findings}
    assert messages[("PL002", 1)] == "`planlint` must be at most 1, not the number 2"
    assert messages[("PL002", 4)] == "`summary.agreed` must be 0 or more, not the number -1"


def test_a_true_or_false_id_is_a_schema_error_and_a_decimal_id_is_its_text():
    plan = "plan: {{title: T}}\nrecommendations:\n  - id: {}\n    text: Ensure plans are reviewed.\n"
    (finding,) = lint_text(plan.format("true"), select=["PL002"])
    assert (finding.code, finding.line, finding.column) == ("PL002", 3, 9)
    assert "the id is true, not a recommendation number" in finding.message
    assert lint_text(plan.format("1.5"), select=["PL002"]) == []  # reports number some recommendations 1.1, 1.2


def test_an_unreadable_submitted_date_is_a_schema_error_not_a_silent_today():
    findings = lint_text("plan: {title: T, submitted: 2024-13-45}\nrecommendations: []\n")
    # the date part is held back, not the plan: what does not depend on the date is still reported
    assert [(f.code, f.line) for f in findings] == [("PL002", 1), ("PL004", 2)]
    assert "'2024-13-45' is not a date planlint can read" in findings[0].message
    assert "nothing that depends on the plan's date is reported" in findings[0].message
    readable = lint_text("plan: {title: T, submitted: 19th July 2019}\nrecommendations: []\n")
    assert [f.code for f in readable] == ["PL004"]


def test_an_owner_list_with_a_null_item_is_one_finding_at_the_item():
    text = (
        "plan: {title: T, submitted: 2024-01-17}\nrecommendations:\n  - id: 1\n    text: Ensure x.\n"
        "    category: Agreed\n    actions:\n      - text: Publish a report.\n"
        "        owner: [Head of Operations, ~]\n        target_date: March 2024\n"
    )
    (finding,) = lint_text(text)
    assert (finding.code, finding.line, finding.column) == ("PL002", 8, 37)
    assert finding.message == "`recommendations[0].actions[0].owner[1]` must be text, not empty"


def test_alias_expansion_is_bounded_wherever_the_anchor_stands():
    # The expansion check runs only when the text has an anchor; each of these places one
    # where YAML allows it (start of text, after a space, a bracket or a comma).
    leaf = '["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'
    layers = ["a", "b", "c", "d", "e", "f"]
    for anchor_at in ("&{name} ", "[&{name} ", "[x,&{name} "):
        lines = []
        for depth, name in enumerate(layers):
            value = leaf if depth == 0 else "[" + ", ".join([f"*{layers[depth - 1]}"] * 9) + "]"
            prefix = anchor_at.format(name=name)
            closing = "]" * prefix.count("[")
            lines.append(f"{name}: {prefix}{value}{closing}")
        doc = load_yaml("\n".join(lines) + "\n", "bomb.plan.yaml")
        assert [p.code for p in doc.problems] == ["PL001"], anchor_at
        assert "aliases" in doc.problems[0].message


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "é", "\n", "\r", "\r\n", "\u2028", "\x85"]), max_size=40).map("".join), st.data())
def test_lines_end_only_at_newline_crlf_and_cr(text, data):
    offset = data.draw(st.integers(min_value=0, max_value=len(text)))
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
    line = max(i for i, start in enumerate(starts) if start <= offset)
    assert SourceMap(text).position(offset) == (line + 1, offset - starts[line] + 1)
