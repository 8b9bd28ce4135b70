"""IKM (Indeks Kepuasan Masyarakat): mean of the 9 element means x 25, exact 1/9 weights.

The arithmetic is exact (fractions); the result is rounded half up to 2 decimals only at the
end, and the band is read from the rounded value, as published.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .elements import NAMES
from .models import ELEMENT_CODES

# lower bound of each band (inclusive), as in Permenpan RB 14/2017
BANDS = (
    (Decimal("88.31"), "A", {"id": "Sangat Baik", "en": "Very good"}),
    (Decimal("76.61"), "B", {"id": "Baik", "en": "Good"}),
    (Decimal("65.00"), "C", {"id": "Kurang Baik", "en": "Poor"}),
    (Decimal("25.00"), "D", {"id": "Tidak Baik", "en": "Very poor"}),
)


def round_half_up(value: Fraction, places: int = 2) -> Decimal:
    """Round an exact non-negative value half up (88.305 -> 88.31), as a Decimal with places decimals."""
    scaled = value * 10**places
    return Decimal(math.floor(scaled + Fraction(1, 2))).scaleb(-places).quantize(Decimal(1).scaleb(-places))


def band_for(value: Decimal) -> tuple[str, dict] | tuple[None, None]:
    for lower, band, label in BANDS:
        if value >= lower:
            return band, label
    return None, None


@dataclass
class IkmResult:
    respondents: int
    ikm: Decimal | None
    band: str | None
    band_label: dict | None
    elements: list[dict]


def compute(sums: dict[str, int], respondents: int) -> IkmResult:
    """IKM from the per-element sums of scores over respondents."""
    if respondents <= 0:
        return IkmResult(0, None, None, None, [{"code": c, "name": NAMES[c], "mean": None, "score": None}
                                               for c in ELEMENT_CODES])
    means = {code: Fraction(int(sums[code]), respondents) for code in ELEMENT_CODES}
    exact = sum((means[code] * Fraction(1, 9) for code in ELEMENT_CODES), Fraction(0)) * 25
    value = round_half_up(exact)
    band, label = band_for(value)
    elements = [{"code": c, "name": NAMES[c], "mean": round_half_up(means[c]), "score": round_half_up(means[c] * 25)}
                for c in ELEMENT_CODES]
    return IkmResult(respondents, value, band, label, elements)


def from_answers(answers: list[dict[str, int]]) -> IkmResult:
    """IKM of a list of answer sets ({"u1": 4, ...}); for tests and small reports."""
    sums = {code: sum(a[code] for a in answers) for code in ELEMENT_CODES}
    return compute(sums, len(answers))
