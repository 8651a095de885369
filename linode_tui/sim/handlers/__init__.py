"""Per-area request handlers; importing this package registers every route on ``framework.routes``."""

from linode_tui.sim.handlers import (  # noqa: F401
    account,
    billing,
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
    volumes,
    vpcs,
)
