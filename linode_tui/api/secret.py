"""A token holder that never shows its value. Interchangeable with pydantic's ``SecretStr`` (the
config layer hands those over), without importing pydantic on the start-up path (~80 ms)."""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class SecretLike(Protocol):
    def get_secret_value(self) -> str: ...


class Secret:
    """``str``, ``repr`` and ``format`` show asterisks; only ``get_secret_value()`` reveals it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def get_secret_value(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')"

    def __str__(self) -> str:
        return "**********"

    def __format__(self, spec: str) -> str:
        return "**********"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __reduce__(self) -> tuple[type[Secret], tuple[str]]:  # pragma: no cover - never pickled
        raise TypeError("a Secret is not to be pickled")
