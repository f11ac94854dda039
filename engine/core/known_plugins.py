"""Criteria that other distributions provide, so that a scenario using one that is not
loaded says which plugin is missing instead of only "unknown criterion".

docs/criteria.md lists the same table ("Criteria from other packages"); a test keeps
the two equal.  Entries are (distribution, how to install it).
"""

from __future__ import annotations

KNOWN_CRITERIA: dict[str, tuple[str, str]] = {
    "compliance": ("tradeoff-compliance", "python -m pip install ./examples/plugin-compliance"),
    "feasibility": ("tradeoff-compliance", "python -m pip install ./examples/plugin-compliance"),
}


def missing_plugin(criterion: str) -> str:
    """Why `criterion` may be missing: the distribution that provides it, and whether it
    is installed but left out or not installed; "" when the id is not known."""
    known = KNOWN_CRITERIA.get(criterion)
    if known is None:
        return ""
    dist, install = known
    import importlib.metadata as metadata  # only on this error path: it is slow to import

    try:
        version = metadata.version(dist)
    except metadata.PackageNotFoundError:
        return f"; it comes from the plugin distribution {dist}, which is not installed ({install})"
    return (
        f"; it comes from the plugin distribution {dist} {version}, which is installed but not loaded "
        "(TRADEOFF_NO_ENTRY_POINTS, TRADEOFF_PLUGINS, --no-entry-points or Engine(entry_points=..., "
        "block=...) left it out)"
    )
