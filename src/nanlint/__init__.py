"""nanlint: find the operations that turn a training run's loss into NaN, before it runs.

The public API (imported lazily, so that ``nanlint --version`` stays fast):

- :func:`check_source` -- the findings in one source text;
- :func:`check_paths` -- discover and check files and folders;
- :class:`Finding`, :class:`Config`.
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["Config", "Finding", "__version__", "check_paths", "check_source"]


def __getattr__(name: str) -> object:
    if name in ("check_source", "check_paths"):
        from . import api

        return getattr(api, name)
    if name == "Finding":
        from .results import Finding

        return Finding
    if name == "Config":
        from .config import Config

        return Config
    raise AttributeError(f"module 'nanlint' has no attribute {name!r}")
