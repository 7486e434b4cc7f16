"""Help text as Click writes it: Typer 0.29's rich help shows a Python type after every option, flags
and --help included ("--json <bool>", "PATHS <list[Path]>") and arguments as "{out}" on the usage line;
this puts back Click's metavars (TEXT, INTEGER, PATH...), none after a flag, and OUT, PATHS... in usage. Remove once Typer's own help renders them so."""
from __future__ import annotations

import re

from typer import core

_CLICK_NAMES = {"str": "TEXT", "int": "INTEGER", "int range": "INTEGER", "float": "FLOAT",
                "float range": "FLOAT", "Path": "PATH", "file": "PATH", "directory": "PATH", "path": "PATH"}
_original = core.TyperOption.display_type


def _metavar(self, ctx) -> str | None:
    if getattr(self, "is_flag", False) or getattr(self, "count", False):
        return None
    if self.metavar is not None:
        return self.metavar
    label = _original(self, ctx).strip("<>")
    many = re.fullmatch(r"list\[(.+)\]", label)
    name = _CLICK_NAMES.get(many.group(1) if many else label, label.upper())
    return f"{name}..." if many or self.nargs != 1 else name


def _usage_name(self) -> str:
    """An argument on the usage line as Click writes it: OUT, PATHS..., [QUERY] (Typer 0.29: "{out}")."""
    name = self.metavar or (self.name or "").upper()
    if not self.required:
        name = f"[{name}]"
    return f"{name}..." if self.nargs != 1 else name


def use_click_metavars() -> None:
    """Show Click's metavars in every command's rich help (idempotent)."""
    core.TyperOption.display_type_rich = _metavar
    core.TyperArgument.display_type_rich = _metavar
    core.TyperArgument._usage_display_name = _usage_name
