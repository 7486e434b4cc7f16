"""What happened, in classes: verbs and their nominalizations grouped by the kind of happening they name.

A class marked `once` names something that happens once to its theme (a founding, a start, a death),
so two different dates for it are a conflict; other classes (meetings, attacks) recur, so differing dates
may simply be different occurrences and are never reported as conflicts.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PredicateClass:
    name: str
    past: str            # how a label says it happened: "founded", "began"
    once: bool
    words: frozenset[str]


def _c(name: str, past: str, once: bool, words: str) -> PredicateClass:
    return PredicateClass(name, past, once, frozenset(words.split()))


CLASSES: tuple[PredicateClass, ...] = (
    _c("found", "founded", True,
       "found establish form create set_up "
       "foundation founding establishment formation creation"),
    _c("begin", "began", True,
       "begin start launch commence initiate kick trigger spark break_out kick_off "
       "beginning start launch commencement initiation onset outbreak"),
    _c("end", "ended", True,
       "end finish conclude terminate cease "
       "end ending conclusion termination cessation close"),
    _c("accept", "accepted", True,
       "accept acquiesce agree approve adopt endorse ratify sign consent concede "
       "acceptance acquiescence approval adoption endorsement ratification signing consent"),
    _c("reject", "rejected", False,
       "reject dismiss refuse decline veto denounce rejection dismissal refusal denunciation"),
    _c("issue", "issued", True, "issue pass enact promulgate issuance passage enactment promulgation"),
    _c("move", "moved", False,
       "move travel leave relocate fly depart emigrate migrate flee transfer arrive "
       "move travel departure relocation flight trip journey arrival emigration exodus transfer"),
    _c("meet", "met", False, "meet visit welcome receive host meeting visit reception summit talk"),
    _c("capture", "captured", False,
       "capture seize conquer occupy liberate overrun annex reclaim recapture regain storm fall take_over "
       "surrender capitulate surrender capitulation "
       "capture seizure seizing taking conquest occupation liberation annexation recapture fall"),
    _c("withdraw", "withdrew", False,
       "withdraw retreat evacuate pull_out pull_back withdrawal retreat evacuation pullout"),
    _c("kill", "killed", False,
       "kill die martyr execute slay massacre murder assassinate eliminate perish slaughter pass_away succumb "
       "death killing martyrdom execution massacre murder assassination slaughter casualty fatality dead"),
    _c("injure", "injured", False, "injure wound hurt maim injury wound"),
    _c("loss", "lost", False,
       "destroy lose wreck demolish burn shoot_down down sustain suffer "
       "destruction loss wreckage"),
    # damaged is not destroyed: "one aircraft was damaged" is not a count of aircraft lost
    _c("damage", "damaged", False, "damage"),
    _c("attack", "attacked", False,
       "attack invade strike raid bomb assault shell ambush bombard detonate blow_up "
       "attack invasion strike raid bombing assault offensive shelling ambush bombardment incursion"),
    _c("arrest", "arrested", False,
       "arrest detain imprison jail arrest detention imprisonment"),
    _c("gather", "gathered", False,
       "gather rally march attend join participate assemble demonstrate protest turn_out "
       "rally march attendance turnout crowd demonstration gathering"),
    _c("displace", "displaced", False, "displace evict expel displacement eviction expulsion"),
    _c("elect", "elected", True,
       "elect vote nominate appoint swear_in take_office inaugurate election vote nomination appointment"),
    _c("resign", "resigned", True, "resign step_down quit abdicate resignation abdication"),
    _c("bear", "born", True, "bear birth"),
    _c("fail", "collapsed", True,
       "collapse fail burst breach crash explode erupt sink capsize derail give_way break_down "
       "plunge overturn collide collision "
       "collapse failure burst breach crash explosion eruption sinking derailment"),
    # a company or a stake is bought by one buyer once
    _c("acquire", "acquired", True,
       "acquire buy purchase merge acquisition purchase takeover buyout merger"),
    _c("open", "opened", True, "open inaugurate unveil opening inauguration unveiling"),
    _c("build", "built", True, "build construct complete erect construction completion"),
)

_BY_WORD: dict[str, PredicateClass] = {}
for _cls in CLASSES:
    for _w in _cls.words:
        _BY_WORD.setdefault(_w, _cls)
_BY_NAME = {c.name: c for c in CLASSES}


def predicate_class(lemma: str | None) -> PredicateClass | None:
    """The class a verb or noun lemma belongs to, or None."""
    if not lemma:
        return None
    return _BY_WORD.get(lemma.lower().replace(" ", "_"))   # "shoot down" as the class lists it


def by_name(name: str) -> PredicateClass:
    return _BY_NAME[name]
