"""The spec files the tests need, read from the compressed copies in ``tests/data`` (see its NOTICE).

One place for every test (and the spec-data generator) to get the official files, so the suite runs
from a plain clone; nothing here reads ``../shared``.  Every loader parses once and caches: treat the
returned objects as read-only (``copy.deepcopy`` before changing them).

* :func:`openapi` -- the 4.189.0 spec (``openapi.json`` in the shared folder);
* :func:`openapi_4176` -- the 4.176.0 spec (``$ref`` components, ``x-linode-filterable``);
* :func:`inventory` -- linode-cli 5.69.0's operation inventory of spec 4.229.1;
* :func:`fixture` / :func:`fixture_names` / :func:`fixture_text` -- linode_api4-python's sample responses.
"""

from __future__ import annotations

import json
import lzma
import tarfile
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"

OPENAPI = "openapi-4.189.0.json.xz"
OPENAPI_4176 = "openapi-4.176.0.json.xz"
INVENTORY = "ops-4.229.1.json.xz"
FIXTURES = "fixtures-linode_api4.tar.xz"
FIXTURES_DIR = "fixtures-linode_api4"

__all__ = ["DATA", "fixture", "fixture_names", "fixture_text", "inventory", "openapi", "openapi_4176",
           "raw_bytes"]


def raw_bytes(name: str) -> bytes:
    """Decompressed bytes of one ``tests/data/*.xz`` file (FileNotFoundError names the missing file)."""
    path = DATA / name
    if not path.is_file():
        raise FileNotFoundError(f"test data file {path} is missing (see tests/data/NOTICE)")
    return lzma.decompress(path.read_bytes())


@cache
def openapi() -> dict[str, Any]:
    """The 4.189.0 spec: paths prefixed ``/{apiVersion}``, schemas inlined."""
    return json.loads(raw_bytes(OPENAPI))


@cache
def openapi_4176() -> dict[str, Any]:
    """The 4.176.0 spec ($ref components, x-linode-* extensions)."""
    return json.loads(raw_bytes(OPENAPI_4176))


@cache
def inventory() -> dict[str, Any]:
    """linode-cli 5.69.0's flattened operation model of spec 4.229.1 (``{"operations": [...463]}``)."""
    return json.loads(raw_bytes(INVENTORY))


@cache
def _fixture_texts() -> dict[str, str]:
    out: dict[str, str] = {}
    with tarfile.open(DATA / FIXTURES, mode="r:xz") as tar:
        for member in tar.getmembers():
            if not member.isfile() or not member.name.endswith(".json"):
                continue
            handle = tar.extractfile(member)
            if handle is not None:
                out[Path(member.name).name] = handle.read().decode("utf-8")
    return out


def fixture_names() -> list[str]:
    """Sorted file names of the linode_api4 fixtures (``linode_instances.json``, ...)."""
    return sorted(_fixture_texts())


def fixture_text(name: str) -> str:
    """The raw text of one fixture (KeyError if there is no such fixture)."""
    return _fixture_texts()[name]


def fixture(name: str) -> Any:
    """One fixture, parsed (a fresh object each call)."""
    return json.loads(fixture_text(name))
