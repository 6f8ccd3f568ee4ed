"""The network's one date and time format (see polnet.formats)."""

from polnet.formats import *  # noqa: F403  # Django reads the names from this module
