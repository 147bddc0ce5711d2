"""`re` for the parser's modules, with `compile` deferred to a pattern's first use.

The parser holds about a hundred patterns, some of them long alternations of Korean words; compiling
them is ~0.1 s of CPU that every process paid at start, before its first health check, though only a
message needs them. `from . import lazyre as re` keeps each module's code as it is: a pattern
compiles the first time one of its methods is used, and from then on its methods are the compiled
pattern's own (kept on the instance), so a match costs what it did.
"""

import re as _re
from re import *  # noqa: F403 - the flags, Match, escape, search, sub…: everything `re` has

__all__ = _re.__all__


class LazyPattern:
    """A pattern compiled on first use; `.pattern` and `.flags` answer without compiling."""

    def __init__(self, pattern: str, flags: int = 0):
        self.pattern = pattern
        self.flags = flags

    def __getattr__(self, name: str):
        # Only reached for what the instance does not have yet: compile, keep the methods, answer.
        compiled = _re.compile(self.pattern, self.flags)
        for method in ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner"):
            setattr(self, method, getattr(compiled, method))
        self.groups, self.groupindex, self.flags = compiled.groups, compiled.groupindex, compiled.flags
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r})"


def compile(pattern, flags=0):
    if isinstance(pattern, LazyPattern):
        return pattern
    if isinstance(pattern, str | bytes):
        return LazyPattern(pattern, flags)
    return _re.compile(pattern, flags)
