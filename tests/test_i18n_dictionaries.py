"""The PWA's dictionaries (pwa/i18n*.js) have one layout and the two languages agree key by key:
one key per line, grouped by screen under a `// heading`, English in the same order and groups as
Indonesian (i18n-en.js for i18n.js; the `en` object after `id` in the other files), the same
{placeholders} in both, and plural forms only where the language has them, with their base key."""
from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import pytest

from backend.sharedlabels import shared_labels

ROOT = Path(__file__).resolve().parents[1]
PWA = ROOT / "pwa"
BLOCK = re.compile(r"^export (?:const (\w+) =|default) \{\n(.*?)\n\};", re.S | re.M)
SPREAD = re.compile(r"^  \.\.\.[\w$]+,(?: // .+)?$")
HEADING = re.compile(r"^  // \S.*$")
ENTRY = re.compile(r'^  "([a-z0-9_]+(?:\.[a-z0-9_]+)*(?:#[a-z]+)?)": ("(?:[^"\\]|\\.)*")(,?)$')
CONTINUATION = re.compile(r'^    \+ ("(?:[^"\\]|\\.)*")(,?)$')
PLACEHOLDER = re.compile(r"\{(\w+)\}")
# Intl.PluralRules categories: Indonesian has one form; English has "one" and "other" (the base key)
PLURAL_FORMS = {"id": set(), "en": {"one"}}
COUNTED_NOUN = re.compile(r"\{n\} (?:[a-z]+ )?[a-z]+s\b")
FILES = sorted(p.name for p in PWA.glob("i18n*.js") if p.name != "i18n-shared.js")


def parse_block(body: str, where: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """[(heading, [(key, value), ...]), ...]; fails on any line outside the one layout."""
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    lines = body.split("\n")
    i = 0
    while i < len(lines) and SPREAD.match(lines[i]):
        i += 1
    while i < len(lines):
        line = lines[i]
        if HEADING.match(line):
            groups.append((line.strip()[3:], []))
            i += 1
            continue
        entry = ENTRY.match(line)
        assert entry, f"{where}, line {i + 1} of the block is not one key per line: {line!r}"
        assert groups, f"{where}: {entry.group(1)} comes before the first screen heading"
        parts, comma = [json.loads(entry.group(2))], entry.group(3)
        while not comma and i + 1 < len(lines) and CONTINUATION.match(lines[i + 1]):
            i += 1
            more = CONTINUATION.match(lines[i])
            parts.append(json.loads(more.group(1)))
            comma = more.group(2)
        assert comma or i == len(lines) - 1, f"{where}: {entry.group(1)} is not followed by a comma"
        groups[-1][1].append((entry.group(1), "".join(parts)))
        i += 1
    return groups


@functools.cache
def parse_file(name: str) -> dict[str, list]:
    """{"id": groups, "en": groups} of one dictionary; i18n.js's English is i18n-en.js's default export."""
    found: dict[str, list] = {}
    for source in ([name, "i18n-en.js"] if name == "i18n.js" else [name]):
        for match in BLOCK.finditer((PWA / source).read_text()):
            lang = match.group(1) or "en"
            found[lang] = parse_block(match.group(2), f"{source} ({lang})")
    return found


def flat(groups) -> dict[str, str]:
    return {key: value for _, entries in groups for key, value in entries}


def merged(lang: str) -> dict[str, str]:
    """Every file's strings of one language, and the shared labels; a key in two files fails."""
    result = {key: text[lang] for key, text in shared_labels().items()}
    for name in DICTIONARIES:
        for key, value in flat(parse_file(name)[lang]).items():
            assert key not in result, f"{key} is defined twice ({name}): the later one silently wins"
            result[key] = value
    return result


DICTIONARIES = sorted(set(FILES) - {"i18n-en.js"})


def test_every_dictionary_file_is_read():
    assert {"i18n.js", "i18n-physical.js", "i18n-account.js", "i18n-oidc.js"} <= set(DICTIONARIES)
    assert len(flat(parse_file("i18n.js")["id"])) > 250


@pytest.mark.parametrize("name", DICTIONARIES)
def test_both_languages_have_the_same_keys_screens_and_order(name):
    langs = parse_file(name)
    assert set(langs) == {"id", "en"}, f"{name}: an id and an en dictionary"

    def outline(groups):
        keys = [(heading, [key for key, _ in entries if "#" not in key]) for heading, entries in groups]
        return [group for group in keys if group[1]]

    assert outline(langs["id"]) == outline(langs["en"])
    for lang, groups in langs.items():
        keys = [key for _, entries in groups for key, _ in entries]
        assert len(keys) == len(set(keys)), f"{name} ({lang}) defines a key twice"
        headings = [heading for heading, _ in groups]
        assert len(headings) == len(set(headings)), f"{name} ({lang}): a screen's keys are split: {headings}"


@pytest.mark.parametrize("name", DICTIONARIES)
def test_placeholders_are_the_same_in_both_languages(name):
    langs = {lang: flat(groups) for lang, groups in parse_file(name).items()}
    for key, text in langs["id"].items():
        assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(langs["en"][key])), key
    for key, text in langs["en"].items():
        if "#" in key:
            base = key.split("#")[0]
            base_text = langs["en"].get(base) or flat(parse_file("i18n.js")["en"])[base]
            # a form may spell its count out ("tried once"), never bring a placeholder of its own
            assert set(PLACEHOLDER.findall(text)) <= set(PLACEHOLDER.findall(base_text)), key


@pytest.mark.parametrize("lang", ["id", "en"])
def test_plural_forms_exist_only_where_the_language_has_them_and_are_complete(lang):
    strings = merged(lang)
    variants: dict[str, set[str]] = {}
    for key in strings:
        if "#" in key:
            base, form = key.split("#")
            assert form in PLURAL_FORMS[lang], f"{key}: {lang} has no plural form {form!r}"
            assert base in strings, f"{key}: no base key {base}"
            variants.setdefault(base, set()).add(form)
    assert all(forms == PLURAL_FORMS[lang] for forms in variants.values()), variants
    if lang == "en":
        assert {"days.working", "catalogue.count", "badge.outbox"} <= set(variants)
        # a count before a plural noun ("{n} items", "{n} working days") needs its "one" form
        counted = {key for key, text in strings.items() if "#" not in key and COUNTED_NOUN.search(text)}
        assert sorted(counted - set(variants)) == [], "English counts without a #one form"


def test_a_count_before_a_plural_noun_is_recognised():
    assert COUNTED_NOUN.search("{n} working days") and COUNTED_NOUN.search("tried {n} times")
    assert not COUNTED_NOUN.search("Step {n} of {total}") and not COUNTED_NOUN.search("{n} waiting")


def test_a_layout_error_is_reported():
    with pytest.raises(AssertionError, match="one key per line"):
        parse_block('  // Screen\n  "a.b": "x", "a.c": "y",', "sample")
    with pytest.raises(AssertionError, match="before the first screen heading"):
        parse_block('  "a.b": "x",', "sample")
    assert parse_block('  ...more,\n  // Screen\n  "a.b": "x {n} "\n    + "y",\n  "a.c": "z",', "sample") == [
        ("Screen", [("a.b", "x {n} y"), ("a.c", "z")])]
