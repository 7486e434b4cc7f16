"""The user alias file: forced merges and splits on top of automatic entity resolution.

Format (TOML)::

    # Names that are one entity, whatever the resolver thinks. Each name is matched against every
    # surface form the corpus uses for an entity, ignoring case, titles, articles and spelling
    # variants that fold to the same key ("Tavesh-e Marvan" also matches "Tavesh Marvan").
    [[merge]]
    names = ["Silent Dawn", "Tavesh-e Marvan"]
    canonical = "Operation Tavesh-e Marvan"   # optional: the entity's canonical name
    type = "EVENT"                              # optional: PERSON ORG GPE LOC EVENT LAW OTHER

    # Surface forms that must never be merged with any other form (each listed name stays an
    # entity of its own; mentions of exactly that name are still grouped together).
    [[split]]
    names = ["Ostrabad"]

    # Parts of a whole: a unit of an army, a village of a province. Accounts that name the part in
    # one role of a happening and the whole in the other do not conflict.
    [[part_of]]
    names = ["3rd Armored Brigade", "Kessel Rifles"]
    whole = "Velmar Army"

Merges are applied after automatic resolution and override its constraints; splits are
applied during it. A name in a merge rule that the corpus never uses is ignored.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ENTITY_TYPES = ("PERSON", "ORG", "GPE", "LOC", "EVENT", "LAW", "OTHER")


class AliasFileError(ValueError):
    """The alias file cannot be read or does not follow the format."""


@dataclass
class MergeRule:
    names: list[str]
    canonical: str | None = None
    type: str | None = None


@dataclass
class PartOfRule:
    names: list[str]
    whole: str


@dataclass
class AliasRules:
    merges: list[MergeRule] = field(default_factory=list)
    splits: list[list[str]] = field(default_factory=list)
    part_of: list[PartOfRule] = field(default_factory=list)

    @property
    def split_names(self) -> list[str]:
        return [n for group in self.splits for n in group]


def parse_aliases(text: str, where: str = "<aliases>") -> AliasRules:
    """Alias rules from TOML text."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise AliasFileError(f"{where}: not valid TOML: {e}") from e
    return rules_from_dict(data, where)


def rules_from_dict(data: dict, where: str = "<aliases>") -> AliasRules:
    """Alias rules from an already parsed mapping (the TOML structure)."""
    unknown = set(data) - {"merge", "split", "part_of"}
    if unknown:
        raise AliasFileError(f"{where}: unknown table(s) {sorted(unknown)}; expected [[merge]], [[split]] or "
                             f"[[part_of]]")
    rules = AliasRules()
    for i, m in enumerate(data.get("merge", []), 1):
        names = m.get("names") if isinstance(m, dict) else None
        if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
            raise AliasFileError(f"{where}: [[merge]] #{i} needs names = [\"...\", ...]")
        typ = m.get("type")
        if typ is not None and typ not in ENTITY_TYPES:
            raise AliasFileError(f"{where}: [[merge]] #{i}: type must be one of {', '.join(ENTITY_TYPES)}")
        canonical = m.get("canonical")
        if canonical is not None and not isinstance(canonical, str):
            raise AliasFileError(f"{where}: [[merge]] #{i}: canonical must be a string")
        rules.merges.append(MergeRule([n.strip() for n in names], canonical, typ))
    for i, s in enumerate(data.get("split", []), 1):
        names = s.get("names") if isinstance(s, dict) else None
        if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
            raise AliasFileError(f"{where}: [[split]] #{i} needs names = [\"...\", ...]")
        rules.splits.append([n.strip() for n in names])
    for i, p in enumerate(data.get("part_of", []), 1):
        names = p.get("names") if isinstance(p, dict) else None
        whole = p.get("whole") if isinstance(p, dict) else None
        if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names) \
                or not isinstance(whole, str) or not whole.strip():
            raise AliasFileError(f"{where}: [[part_of]] #{i} needs names = [\"...\", ...] and whole = \"...\"")
        rules.part_of.append(PartOfRule([n.strip() for n in names], whole.strip()))
    return rules


def load_aliases(source: str | Path | AliasRules | dict | None) -> AliasRules:
    """Alias rules from a TOML file path (str or Path), a parsed mapping, or rules; None → none."""
    if source is None:
        return AliasRules()
    if isinstance(source, AliasRules):
        return source
    if isinstance(source, dict):
        return rules_from_dict(source)
    path = Path(source)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise AliasFileError(f"{path}: cannot read alias file: {e.strerror or e}") from e
    return parse_aliases(text, str(path))
