"""The survey screen works offline, so the PWA carries its own copy of the 9 SKM questions
(pwa/i18n-physical.js). This keeps that copy word for word equal to backend/feedback/elements.py."""
import re
from pathlib import Path

from backend.feedback.elements import ELEMENTS

SOURCE = Path(__file__).resolve().parents[2] / "pwa" / "i18n-physical.js"
ENTRY = re.compile(r'"skm\.(u\d)\.(name|q|o[1-4])":\s*"((?:[^"\\]|\\.)*)"')


def _dictionary(lang: str) -> dict[tuple[str, str], str]:
    text = SOURCE.read_text(encoding="utf-8")
    start = text.index(f"export const {lang} = {{")
    block = text[start:text.index("\n};", start)]
    return {(code, part): value for code, part, value in ENTRY.findall(block)}


def test_pwa_survey_questions_match_the_backend_in_both_languages():
    for lang in ("id", "en"):
        expected = {}
        for element in ELEMENTS:
            code = element["code"]
            expected[(code, "name")] = element["name"][lang]
            expected[(code, "q")] = element["question"][lang]
            for option in element["options"]:
                expected[(code, f"o{option['value']}")] = option["label"][lang]
        assert _dictionary(lang) == expected, lang
