"""The decision procedures as workflow definitions (data for `core.engine`, shipped as templates
a county may edit: each edit is a new version of the definition).

- Seed 002, 惠农政策事项: 党支部形成初步方案 → 党支部召集"两会"理事商定最终方案 → 党支部落实 → 党务公开.
- Seed 002, 村民自治事项: 村委会或户联理事会提出议案 → 党支部研究提出实施方案 → 村民代表大会表决
  → 村委会组织实施或指导户联理事会实施 → 村务公开.
- 四议两公开: 党支部会提议 → 两委会商议 → 党员大会审议 → 村民会议或村民代表会议决议 → 决议公开
  → 实施结果公开.

A state is the step being worked on. A "meeting" step is completed by a held meeting of the
meetings app (linked, not entered again; a 村民代表会议's vote follows 组织法 Art. 26 as the
meetings app judges it); a "publication" step by a published board item of this app.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from .rules import ProcedureKind, Section

ROLES = {"village": "村党组织书记或乡镇工作人员", "township": "乡镇党委工作人员"}
REQUIREMENTS = {"note": "情况说明"}

# kind → ((state key, label, step kind, meeting kind or publication section), …); the last is final.
STEPS: dict[str, tuple[tuple[str, str, str, str], ...]] = {
    ProcedureKind.HUINONG: (
        ("draft", "党支部形成初步方案", "", ""),
        ("councils", "党支部召集“两会”理事商定最终方案", "", ""),
        ("implement", "党支部落实", "", ""),
        ("publish", "党务公开", "publication", Section.PARTY),
    ),
    ProcedureKind.ZIZHI: (
        ("motion", "村委会或户联理事会提出议案", "", ""),
        ("plan", "党支部研究提出实施方案", "", ""),
        ("vote", "村民代表大会表决", "meeting", "representatives"),
        ("implement", "村委会组织实施或指导户联理事会实施", "", ""),
        ("publish", "村务公开", "publication", Section.VILLAGE),
    ),
    ProcedureKind.SIYI: (
        ("propose", "党支部会提议", "meeting", "committee"),
        ("consult", "两委会商议", "", ""),
        ("review", "党员大会审议", "meeting", "party_congress"),
        ("resolve", "村民会议或村民代表会议决议", "meeting", "representatives"),
        ("resolution_public", "决议公开", "publication", Section.VILLAGE),
        ("result_public", "实施结果公开", "publication", Section.VILLAGE),
    ),
}
# The step of kind "publication": which board category the item gets.
PUBLICATION_CATEGORY = {
    ("huinong", "publish"): "policy",
    ("zizhi", "publish"): "results",
    ("siyi", "resolution_public"): "decisions",
    ("siyi", "result_public"): "results",
}


def code(kind: str) -> str:
    return f"openness.{kind}"


def definition(kind: str) -> dict[str, Any]:
    steps = STEPS[kind]
    states: list[dict[str, Any]] = []
    for key, label, step, _ in steps:
        state: dict[str, Any] = {"key": key, "label": label}
        if step:
            state["step"] = step
        states.append(state)
    states.append({"key": "done", "label": "已办结", "final": True, "outcome": "resolved"})
    states.append({"key": "cancelled", "label": "已终止", "final": True, "outcome": "cancelled"})
    keys = [s[0] for s in steps] + ["done"]
    moves: list[dict[str, Any]] = []
    for source, target in pairwise(keys):
        label = "办结" if target == "done" else f"进入：{dict((k, lbl) for k, lbl, _, _ in steps)[target]}"
        moves.append({"from": source, "to": target, "label": label, "roles": ["village", "township"]})
    moves += [{"from": key, "to": "cancelled", "label": "终止", "roles": ["village", "township"],
               "requires": ["note"], "bypass_step": True} for key in keys[:-1]]  # fmt: skip
    title = ProcedureKind(kind).label
    return {"title": title, "states": states, "initial": steps[0][0], "transitions": moves}


def step_target(kind: str, state: str) -> str:
    """The meeting kind (for a meeting step) or the board section (for a publication step) of `state`."""
    return next((target for key, _, _, target in STEPS.get(kind, ()) if key == state), "")


FLOWS = {kind: definition(kind) for kind in STEPS}
