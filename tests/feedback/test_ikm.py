"""IKM arithmetic against hand-computed examples, including rounding at the band edges."""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from backend.feedback import ikm


def _sums(each: int) -> dict[str, int]:
    return {f"u{i}": each for i in range(1, 10)}


def test_all_best_and_all_worst():
    assert ikm.from_answers([{f"u{i}": 4 for i in range(1, 10)}]).ikm == Decimal("100.00")
    worst = ikm.from_answers([{f"u{i}": 1 for i in range(1, 10)}])
    assert (worst.ikm, worst.band, worst.band_label["id"]) == (Decimal("25.00"), "D", "Tidak Baik")


def test_two_respondents_by_hand_with_exact_ninth_weights():
    first = {"u1": 4, "u2": 4, "u3": 4, "u4": 3, "u5": 4, "u6": 4, "u7": 4, "u8": 4, "u9": 4}
    second = {"u1": 3, "u2": 3, "u3": 2, "u4": 4, "u5": 3, "u6": 3, "u7": 4, "u8": 3, "u9": 2}
    result = ikm.from_answers([first, second])
    # element means 3.5 3.5 3.0 3.5 3.5 3.5 4.0 3.5 3.0 -> sum 31 -> 31/9 x 25 = 86.111...
    assert result.ikm == Decimal("86.11")
    assert result.band == "B" and result.band_label == {"id": "Baik", "en": "Good"}
    assert result.respondents == 2
    assert [e["mean"] for e in result.elements] == [Decimal(x) for x in
                                                    ("3.50", "3.50", "3.00", "3.50", "3.50", "3.50", "4.00", "3.50", "3.00")]
    assert result.elements[2]["score"] == Decimal("75.00")
    # the rounded weight 0.111 of older tables would give 86.03: the weights here are exactly 1/9
    assert result.ikm != Decimal("86.03")


@pytest.mark.parametrize(
    ("each", "respondents", "expected", "band"),
    [
        (17661, 5000, "88.31", "A"),  # exactly 88.305: half up into A
        (Fraction(158948, 9), 5000, "88.30", "B"),  # 88.3044...: stays in B
        (15321, 5000, "76.61", "B"),  # exactly 76.605: half up into B
        (15320, 5000, "76.60", "C"),  # 76.6
        (12999, 5000, "65.00", "C"),  # exactly 64.995: half up into C
        (12998, 5000, "64.99", "D"),  # 64.99
        (3, 1, "75.00", "C"),
    ],
)
def test_rounding_half_up_at_band_edges(each, respondents, expected, band):
    if isinstance(each, Fraction):  # spread a total that is not a multiple of 9 over the elements
        total = int(each * 9)
        sums = _sums(total // 9)
        sums["u1"] += total - 9 * (total // 9)
    else:
        sums = _sums(each)
    result = ikm.compute(sums, respondents)
    assert result.ikm == Decimal(expected)
    assert result.band == band


def test_banker_rounding_would_get_the_edge_wrong():
    # Decimal's default (half even) would put exactly 88.305 in band B; the index rounds half up
    assert Decimal("88.305").quantize(Decimal("0.01")) == Decimal("88.30")
    assert round(88.315, 2) == 88.31  # and a binary float rounds 88.315 down
    assert ikm.round_half_up(Fraction(88305, 1000)) == Decimal("88.31")
    assert ikm.round_half_up(Fraction(88315, 1000)) == Decimal("88.32")


def test_no_respondents_has_no_index():
    result = ikm.compute(_sums(0), 0)
    assert (result.ikm, result.band, result.respondents) == (None, None, 0)
    assert len(result.elements) == 9 and result.elements[0]["mean"] is None


def test_band_limits():
    assert ikm.band_for(Decimal("100.00"))[0] == "A"
    assert ikm.band_for(Decimal("88.31"))[0] == "A"
    assert ikm.band_for(Decimal("88.30"))[0] == "B"
    assert ikm.band_for(Decimal("76.61"))[0] == "B"
    assert ikm.band_for(Decimal("76.60"))[0] == "C"
    assert ikm.band_for(Decimal("65.00"))[0] == "C"
    assert ikm.band_for(Decimal("64.99"))[0] == "D"
    assert ikm.band_for(Decimal("25.00"))[0] == "D"
