"""The values the generated tests send: always within the spec's bounds, or those tests fail.

Found by a reviewer: `minimum: 1e308, exclusiveMinimum: true` on an integer gave 1e308 + 1,
which is 1e308 as a float, so the generated test sent a value its own client refused.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.model import Constraints
from generator.samples import _number_within, _whole_number_within

BOUNDS = [
    (1e308, False, None, False),
    (1e308, True, None, False),
    (None, False, -1e308, True),
    (1.5, False, None, False),
    (1.5, True, 2.5, True),
    (-3.2, False, -2.1, False),
    (0, True, 1, True),  # no whole number in (0, 1): the float still fits
    (9007199254740993, False, None, False),  # float() of it is one below
    (10**23, True, None, False),
    (None, False, -(10**23), False),
]


def _within(
    value: float, low: float | None, ex_low: bool, high: float | None, ex_high: bool
) -> bool:
    return (low is None or value > low or (not ex_low and value == low)) and (
        high is None or value < high or (not ex_high and value == high)
    )


@pytest.mark.parametrize(("low", "ex_low", "high", "ex_high"), BOUNDS)
def test_samples_stay_within_their_bounds(
    low: float | None, ex_low: bool, high: float | None, ex_high: bool
) -> None:
    checks = Constraints(
        minimum=low, exclusive_minimum=ex_low, maximum=high, exclusive_maximum=ex_high
    )
    number = _number_within(checks)
    assert math.isfinite(number) and _within(number, low, ex_low, high, ex_high)
    whole = _whole_number_within(checks)
    assert isinstance(whole, int)
    if (low, high) != (0, 1):
        assert _within(whole, low, ex_low, high, ex_high)


finite = st.floats(allow_nan=False, allow_infinity=False, width=64)


@given(low=finite, ex_low=st.booleans(), span=st.floats(min_value=2.0, max_value=1e300))
def test_any_lower_bound_with_room_gives_a_whole_number_within(
    low: float, ex_low: bool, span: float
) -> None:
    high = low + span
    if not math.isfinite(high) or high - low < 2:
        return
    checks = Constraints(minimum=low, exclusive_minimum=ex_low, maximum=high)
    assert _within(_whole_number_within(checks), low, ex_low, high, False)
