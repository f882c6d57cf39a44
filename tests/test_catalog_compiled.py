"""The shipped data (rules, word lists, profiles) is compiled into the package: used while rules/ is what was
compiled, never a cache."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from planlint import catalog, profiles, shipped, shipped_data

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def data(tmp_path, monkeypatch):
    """A copy of the shipped rules/ data, for this test alone."""
    copy = tmp_path / "rules"
    shutil.copytree(catalog.data_dir(), copy)
    monkeypatch.setattr(catalog, "data_dir", lambda: copy)
    monkeypatch.setattr(shipped, "data_dir", lambda: copy)
    _clear()
    yield copy
    _clear()


def _clear():
    for cached in (catalog.load_catalog, shipped.compiled_for, profiles._read_profile, profiles.default_profile):
        cached.cache_clear()


def _fresh():
    _clear()
    return catalog.load_catalog()


def _fresh_profile():
    _clear()
    return profiles.default_profile()


def _no_yaml(monkeypatch):
    def refuse(path):
        raise AssertionError(f"{path} was parsed although the compiled data holds it")

    monkeypatch.setattr(catalog, "_load_yaml_file", refuse)
    monkeypatch.setattr(shipped, "load_yaml_file", refuse)


def test_the_compiled_data_is_what_parsing_rules_gives(data, monkeypatch):
    compiled, compiled_profile = _fresh(), _fresh_profile()
    monkeypatch.setattr(shipped, "compiled", lambda files: None)
    parsed, parsed_profile = _fresh(), _fresh_profile()
    assert compiled.rules == parsed.rules and dict(compiled.words) == dict(parsed.words)
    assert compiled_profile == parsed_profile


def test_unchanged_data_is_not_parsed(data, monkeypatch):
    _no_yaml(monkeypatch)
    rules = [name for name in shipped_data.FILES if "/" not in name]
    assert len(_fresh().rules) == len(rules) == len(list(data.glob("PL*.yaml")))
    assert _fresh_profile().name == "hmpps-2018"


def test_an_edited_profile_is_parsed_again(data):
    profile = data / "profiles" / "hmpps-2018.yaml"
    text = profile.read_text(encoding="utf-8")
    assert "title:" in text
    profile.write_text(text.replace("title: ", "title: EDITED ", 1), encoding="utf-8")
    assert _fresh_profile().title.startswith("EDITED")


def test_an_edited_rule_file_is_parsed_again(data):
    rule = data / "PL301-owner-missing.yaml"
    rule.write_text(rule.read_text(encoding="utf-8").replace("summary:", "summary: EDITED", 1), encoding="utf-8")
    assert _fresh().get("PL301").summary.startswith("EDITED")


def test_an_edited_word_list_is_parsed_again(data):
    lexicon = data / "lexicon" / "vague-phrases.yaml"
    lexicon.write_text(lexicon.read_text(encoding="utf-8") + "\n- an added vague phrase\n", encoding="utf-8")
    assert "an added vague phrase" in _fresh().words["vague-phrases"]


def test_an_added_or_removed_rule_file_is_parsed_again(data):
    (data / "PL999-added-rule.yaml").write_text(
        (data / "PL301-owner-missing.yaml")
        .read_text(encoding="utf-8")
        .replace("PL301", "PL999")
        .replace("owner-missing", "added-rule"),
        encoding="utf-8",
    )
    assert _fresh().get("PL999") is not None
    (data / "PL999-added-rule.yaml").unlink()
    (data / "PL302-owner-vague.yaml").unlink(missing_ok=True)
    assert _fresh().get("PL999") is None


def test_a_run_writes_no_cache_in_the_home_folder(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache"), "LOCALAPPDATA": str(home)}
    out = subprocess.run(
        [sys.executable, "-m", "planlint", "check", str(ROOT / "examples" / "clean.plan.yaml")],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert out.returncode == 0, out.stderr
    assert list(home.rglob("*")) == []
