"""The sweep helper the page sweeps rely on: it checks every case and names each that failed."""

import pytest

from tests.browser.sweep import check_each


def test_check_each_runs_every_case_and_names_each_failure():
    seen = []

    def check(number):
        seen.append(number)
        assert number % 2, f"{number} is even"
        if number == 3:
            raise TimeoutError("page never loaded")

    with pytest.raises(AssertionError) as failed:
        check_each({f"page {n}": (n,) for n in range(1, 5)}, check)
    assert seen == [1, 2, 3, 4]
    message = str(failed.value)
    assert "3 of 4 failed" in message
    assert "page 2: AssertionError: 2 is even" in message
    assert "page 3: TimeoutError: page never loaded" in message
    assert "page 4: AssertionError: 4 is even" in message
    assert "page 1:" not in message

    check_each({"page 1": (1,)}, check)  # passes when every case passes
