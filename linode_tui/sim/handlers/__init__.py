"""Per-area request handlers; importing this package registers every route on ``framework.routes``."""

from linode_tui.sim.handlers import (  # noqa: F401
    account,
    catalog,
    databases,
    domains,
    images,
    linodes,
    lke,
    misc,
    networking,
    nodebalancers,
    objectstorage,
    profile,
    volumes,
    vpcs,
)
