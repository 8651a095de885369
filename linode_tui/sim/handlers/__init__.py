"""Per-area request handlers; importing this package registers every route on ``framework.routes``."""

from linode_tui.sim.handlers import (  # noqa: F401
    account,
    catalog,
    databases,
    domains,
    extras,
    images,
    interfaces,
    linodes,
    lke,
    locks,
    misc,
    monitor,
    netextra,
    networking,
    nodebalancers,
    objectstorage,
    profile,
    sharegroups,
    volumes,
    vpcs,
)
