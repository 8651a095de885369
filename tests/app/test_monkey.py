"""The monkey test: seeded random keys through every area (see tests/app/monkey.py).

In CI: a few seeds at each screen size and account size, about 60 s in all. Locally:
``pytest tests/app/test_monkey.py --monkey-minutes 30`` runs each case that long (new seeds as it
goes) and prints keys, seeds and crashes.
"""

from __future__ import annotations

import pytest

from .monkey import run_monkey

CASES = [
    pytest.param((80, 24), 10, [11, 12], id="80x24-10"),
    pytest.param((120, 40), 10, [21, 22], id="120x40-10"),
    pytest.param((80, 24), 10_000, [31], id="80x24-10000"),
    pytest.param((120, 40), 10_000, [41], id="120x40-10000"),
]
CI_SECONDS_PER_SEED = 8.0


@pytest.mark.parametrize(("screen", "size", "seeds"), CASES)
async def test_monkey(screen: tuple[int, int], size: int, seeds: list[int], monkey_minutes: float,
                      tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)  # `x` exports land here, not in the repository
    total_keys = 0
    lines = []
    if monkey_minutes:
        deadline_seeds = iter(range(seeds[0] * 1000, seeds[0] * 1000 + 10**6))
        budget = monkey_minutes * 60
        import time

        start = time.monotonic()
        while time.monotonic() - start < budget:
            seed = next(deadline_seeds)
            result = await run_monkey(seed, size=size, screen=screen,
                                      seconds=min(120.0, budget - (time.monotonic() - start)))
            total_keys += result.keys
            lines.append(result.summary())
            print(result.summary(), flush=True)
            assert not result.crashes, _report(result)
        print(f"monkey {screen[0]}x{screen[1]} {size} Linodes: {total_keys} keys, {len(lines)} seeds, 0 crashes")
        return
    for seed in seeds:
        result = await run_monkey(seed, size=size, screen=screen, seconds=CI_SECONDS_PER_SEED)
        assert not result.crashes, _report(result)
        assert result.keys > 20, result.summary()  # it did drive the app


def _report(result) -> str:  # type: ignore[no-untyped-def]
    return (f"{result.summary()}\nlast keys: {' '.join(result.history[-40:])}\n\n"
            + "\n---\n".join(result.crashes[:3]))
