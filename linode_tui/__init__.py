"""linode-tui: a terminal UI for the whole Linode API v4."""

__version__ = "0.1.0"
