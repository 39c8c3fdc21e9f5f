"""An exercise of cadre selection as workflow definitions (data for `core.engine`).

Two flows: 干部选拔 (a township's or county's posts: 公布 → 民主推荐 → 考察对象公示 → 考察预告
and 考察 → 任前公示 → 任职) and 二推一选 (a village branch's posts: 公布 → 党员推荐和群众推荐 →
候选人初步人选公示 → 考察 → 党员大会选举 → 乡镇党委批复). Each 公示 is a "notice" step (the notices
app holds the next step until the period ended with no open objection); the election is a
"meeting" step (a held 党员大会 with its quorum, recorded in the meetings app).
"""

from __future__ import annotations

from typing import Any

ROLES = {"officer": "乡镇党委或县委组织部门工作人员"}
REQUIREMENTS = {
    "note": "情况说明",
    "method": "考察方式",
    "team": "考察组人员",
    "discipline": "考察纪律",
    "hotline": "举报电话",
}
STANDARD, VILLAGE = "standard", "village"
CODES = {STANDARD: "selection.standard", VILLAGE: "selection.village"}
FINAL = ("appointed", "stopped")
NOTICE_STEPS = ("announced", "candidate_notice", "appointment_notice")

_COMMON = [
    ("draft", "准备（职位、条件、资格）", ""),
    ("announced", "公布职位、条件和资格", "notice"),
]
STATES: dict[str, list[tuple[str, str, str]]] = {
    STANDARD: [
        *_COMMON,
        ("recommending", "民主推荐", ""),
        ("candidate_notice", "考察对象公示", "notice"),
        ("inspection", "考察", ""),
        ("appointment_notice", "任前公示", "notice"),
        ("appointed", "任职", ""),
        ("stopped", "终止", ""),
    ],
    VILLAGE: [
        *_COMMON,
        ("recommending", "党员推荐和群众推荐", ""),
        ("candidate_notice", "候选人初步人选公示", "notice"),
        ("inspection", "考察", ""),
        ("election", "党员大会选举", "meeting"),
        ("appointed", "乡镇党委批复任职", ""),
        ("stopped", "终止", ""),
    ],
}
PATHS: dict[str, list[tuple[str, str, str, tuple[str, ...]]]] = {
    STANDARD: [
        ("draft", "announced", "公布职位、条件和资格", ()),
        ("announced", "recommending", "开始民主推荐", ()),
        ("recommending", "candidate_notice", "确定考察对象并公示", ()),
        ("candidate_notice", "inspection", "发布考察预告、开始考察", ("method", "team", "discipline", "hotline")),
        ("inspection", "appointment_notice", "确定拟任人选并任前公示", ()),
        ("appointment_notice", "appointed", "任职", ()),
    ],
    VILLAGE: [
        ("draft", "announced", "公布职位、条件和资格", ()),
        ("announced", "recommending", "开始党员推荐和群众推荐", ()),
        ("recommending", "candidate_notice", "确定候选人初步人选并公示", ()),
        ("candidate_notice", "inspection", "发布考察预告、开始考察", ("method", "team", "discipline", "hotline")),
        ("inspection", "election", "确定候选人、召开党员大会选举", ()),
        ("election", "appointed", "乡镇党委批复任职", ()),
    ],
}


def definition(kind: str) -> dict[str, Any]:
    states: list[dict[str, Any]] = []
    for key, label, step in STATES[kind]:
        state: dict[str, Any] = {"key": key, "label": label}
        if step:
            state["step"] = step
        if key in FINAL:
            state.update(final=True, outcome="appointed" if key == "appointed" else "cancelled")
        states.append(state)
    moves: list[dict[str, Any]] = []
    for source, target, label, requires in PATHS[kind]:
        move: dict[str, Any] = {"from": source, "to": target, "label": label, "roles": ["officer"]}
        if requires:
            move["requires"] = list(requires)
        moves.append(move)
    moves += [
        {
            "from": key,
            "to": "stopped",
            "label": "终止选拔",
            "roles": ["officer"],
            "requires": ["note"],
            "bypass_step": True,
        }
        for key, _, _ in STATES[kind]
        if key not in FINAL
    ]
    title = "干部选拔" if kind == STANDARD else "二推一选"
    return {"title": title, "states": states, "initial": "draft", "transitions": moves}


FLOWS = {kind: definition(kind) for kind in CODES}
