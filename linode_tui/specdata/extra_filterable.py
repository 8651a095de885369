"""Fields the real API filters on although no spec marks them filterable (hand-kept, not generated).

``spec.json`` takes its filterable fields from the specs (``__Filterable__`` markers in 4.189.0,
``x-linode-filterable`` in 4.176.0 and linode-cli's 4.229.1 model).  The real API accepts
``X-Filter`` on a few more fields; those are listed here, per list operation (method and path
template as in ``spec.json``), and :class:`linode_tui.specdata.SpecData` adds them to the
operation's ``filterable`` when it loads the data.  So the simulator accepts them (instead of its
``400 Cannot filter on …``) and the client's query language may send them.

Keep this list small and justified: every entry is behaviour of the real API that the specs miss.

=============================  ==========================================================
operation                      extra fields
=============================  ==========================================================
``GET /networking/ips``        ``linode_id`` (the IPs of one Linode, as linode-cli and
                               Cloud Manager filter), ``reserved`` (reserved IPv4s; newer
                               API versions carry ``reserved`` on every IP object)
``GET /networking/ipv6/ranges``  ``region`` (4.189.0 marks nothing filterable here)
``GET /placement/groups``      ``id`` (every other list of id-bearing objects filters on it)
=============================  ==========================================================
"""

from __future__ import annotations

from typing import Final

__all__ = ["EXTRA_FILTERABLE", "extra_filterable"]

EXTRA_FILTERABLE: Final[dict[tuple[str, str], frozenset[str]]] = {
    ("GET", "/networking/ips"): frozenset({"linode_id", "reserved"}),
    ("GET", "/networking/ipv6/ranges"): frozenset({"region"}),
    ("GET", "/placement/groups"): frozenset({"id"}),
}


def extra_filterable(method: str, path: str) -> frozenset[str]:
    """The extra filterable fields of one operation (empty for most)."""
    return EXTRA_FILTERABLE.get((method.upper(), path), frozenset())
