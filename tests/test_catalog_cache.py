"""The parsed catalogue is cached as JSON: used while the data files are unchanged, never trusted beyond."""

from __future__ import annotations

import shutil

import pytest

from planlint import catalog, datacache


@pytest.fixture
def data(tmp_path, monkeypatch):
    """A copy of the shipped rules/ data, and a cache folder, for this test alone."""
    copy = tmp_path / "rules"
    shutil.copytree(catalog.data_dir(), copy)
    monkeypatch.setattr(catalog, "data_dir", lambda: copy)
    monkeypatch.setenv("PLANLINT_CACHE_DIR", str(tmp_path / "cache"))
    catalog.load_catalog.cache_clear()
    yield copy
    catalog.load_catalog.cache_clear()


def _fresh():
    catalog.load_catalog.cache_clear()
    return catalog.load_catalog()


def _no_yaml(monkeypatch):
    def refuse(path):
        raise AssertionError(f"{path} was parsed although the cache holds it")

    monkeypatch.setattr(catalog, "_load_yaml_file", refuse)


def test_the_second_load_reads_the_cache_and_gives_the_same_catalogue(data, tmp_path, monkeypatch):
    first = _fresh()
    assert len(list((tmp_path / "cache").glob("catalog-*.json"))) == 1
    _no_yaml(monkeypatch)
    second = _fresh()
    assert second.rules == first.rules and dict(second.words) == dict(first.words)


def test_an_edited_rule_file_is_parsed_again(data, monkeypatch):
    _fresh()
    rule = data / "PL301-owner-missing.yaml"
    rule.write_text(rule.read_text(encoding="utf-8").replace("summary:", "summary: EDITED", 1), encoding="utf-8")
    assert _fresh().get("PL301").summary.startswith("EDITED")


def test_an_edited_word_list_is_parsed_again(data):
    _fresh()
    lexicon = data / "lexicon" / "vague-phrases.yaml"
    lexicon.write_text(lexicon.read_text(encoding="utf-8") + "\n- an added vague phrase\n", encoding="utf-8")
    assert "an added vague phrase" in _fresh().words["vague-phrases"]


def test_a_damaged_cache_is_ignored_and_rewritten(data, tmp_path, monkeypatch):
    expected = _fresh()
    (cached,) = (tmp_path / "cache").glob("catalog-*.json")
    cached.write_text('{"key": "not json', encoding="utf-8")
    assert _fresh().rules == expected.rules
    _no_yaml(monkeypatch)
    assert _fresh().rules == expected.rules  # rewritten by the load before


def test_an_unwritable_cache_folder_only_costs_the_parse(data, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("PLANLINT_CACHE_DIR", str(blocker / "cache"))
    assert len(_fresh().rules) == len(catalog.load_catalog().rules) > 40


def test_an_empty_cache_dir_setting_switches_the_cache_off(data, tmp_path, monkeypatch):
    monkeypatch.setenv("PLANLINT_CACHE_DIR", "")
    assert datacache.cache_dir() is None
    _fresh()
    assert not (tmp_path / "cache").exists()
