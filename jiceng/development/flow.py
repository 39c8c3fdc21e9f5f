"""The development file as a workflow definition (data for `core.engine`), built from a RuleSet.

Five stages (入党申请人 → 入党积极分子 → 发展对象 → 预备党员 → 正式党员), each a run of dated
steps. Earliest dates are `not_before` guards, deadlines are clocks, the 公示 is a "notice" step
(notices hold the next step while an objection is open) and the two 支部大会 are "meeting" steps
(completed by a held meeting of the meetings app, with its quorum).
"""

from __future__ import annotations

from typing import Any

from .rules import RULES_2014, RuleSet

CODE = "development.file"
ROLES = {"branch": "村党支部书记或乡镇组织工作人员", "township": "乡镇党委组织工作人员"}
REQUIREMENTS = {
    "note": "情况说明",
    "contacts": "培养联系人",
    "opinions": "党小组、培养联系人、党员和群众的意见",
    "introducers": "入党介绍人",
    "vetting": "政治审查结论",
    "training": "培训时长",
    "extension": "延长预备期的月数",
}

# state key → (label, stage = Person.category while the file is there)
STEPS: tuple[tuple[str, str, str], ...] = (
    ("applied", "递交入党申请书", "applicant"),
    ("talked", "党组织派人谈话", "applicant"),
    ("activist", "确定为入党积极分子", "activist"),
    ("candidate", "确定为发展对象", "candidate"),
    ("introduced", "确定入党介绍人", "candidate"),
    ("vetted", "政治审查", "candidate"),
    ("trained", "集中培训", "candidate"),
    ("checked", "支部委员会审查", "candidate"),
    ("prereviewed", "乡镇党委预审", "candidate"),
    ("notice", "发展对象公示", "candidate"),
    ("pledged", "填写入党志愿书", "candidate"),
    ("congress", "支部大会讨论接收", "candidate"),
    ("admitted", "支部大会通过", "candidate"),
    ("interviewed", "乡镇党委派人谈话", "candidate"),
    ("probationary", "乡镇党委审批为预备党员", "probationary"),
    ("sworn", "入党宣誓", "probationary"),
    ("confirm_applied", "提出转正申请", "probationary"),
    ("confirm_congress", "支部大会讨论转正", "probationary"),
    ("extended", "延长预备期", "probationary"),
    ("extended_congress", "延长期满支部大会讨论转正", "probationary"),
    ("confirmed", "支部大会同意转正", "probationary"),
    ("full", "乡镇党委审批转正（归档）", "full"),
    ("revoked", "取消预备党员资格", "resident"),
    ("stopped", "终止发展", "resident"),
)
STAGE_OF = {key: stage for key, _, stage in STEPS}
LABEL_OF = {key: label for key, label, _ in STEPS}
FINAL = ("full", "revoked", "stopped")
# Moves of the main path: (from, to, roles, requires)
PATH: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("applied", "talked", ("branch",), ("note",)),
    ("talked", "activist", ("branch",), ("contacts",)),
    ("activist", "candidate", ("branch",), ("opinions",)),
    ("candidate", "introduced", ("branch",), ("introducers",)),
    ("introduced", "vetted", ("branch", "township"), ("vetting",)),
    ("vetted", "trained", ("branch", "township"), ("training",)),
    ("trained", "checked", ("branch",), ()),
    ("checked", "prereviewed", ("township",), ()),
    ("prereviewed", "notice", ("branch", "township"), ()),
    ("notice", "pledged", ("branch",), ()),
    ("pledged", "congress", ("branch",), ()),
    ("congress", "admitted", ("branch",), ()),
    ("admitted", "interviewed", ("township",), ("note",)),
    ("interviewed", "probationary", ("township",), ()),
    ("probationary", "sworn", ("branch",), ()),
    ("sworn", "confirm_applied", ("branch",), ()),
    ("confirm_applied", "confirm_congress", ("branch",), ()),
    ("confirm_congress", "confirmed", ("branch",), ()),
    ("confirm_congress", "extended", ("branch",), ("extension",)),
    ("confirm_congress", "revoked", ("branch",), ("note",)),
    ("extended", "extended_congress", ("branch",), ()),
    ("extended_congress", "confirmed", ("branch",), ()),
    ("extended_congress", "revoked", ("branch",), ("note",)),
    ("confirmed", "full", ("township",), ()),
)
# Before admission a file may be stopped (the applicant withdraws, does not qualify); a running
# 公示 or meeting step is left without completing it.
STOPPABLE = tuple(key for key, _, stage in STEPS if stage in ("applicant", "activist", "candidate"))
ACTIVIST_REVIEWS = ("activist",)  # written reviews every six months while here
PROBATION = ("probationary", "sworn", "confirm_applied", "confirm_congress", "extended", "extended_congress")


def _move(source: str, target: str, roles: tuple[str, ...], requires: tuple[str, ...], rs: RuleSet) -> dict[str, Any]:
    move: dict[str, Any] = {"from": source, "to": target, "label": LABEL_OF[target], "roles": list(roles)}
    if requires:
        move["requires"] = list(requires)
    if target == "candidate":
        move["not_before"] = [{"after": "activist", "years": rs.cultivation_years, "rule": rs.cite("cultivation")}]
    if source in ("confirm_congress", "extended_congress") and target in ("confirmed", "extended"):
        move["not_before"] = [{"after": "admitted", "years": rs.probation_years, "rule": rs.cite("probation")}]
    return move


def definition(rs: RuleSet = RULES_2014) -> dict[str, Any]:
    """The definition (JSON data) under the rules `rs`."""
    steps = {"notice": "notice", "congress": "meeting", "confirm_congress": "meeting", "extended_congress": "meeting"}
    states: list[dict[str, Any]] = []
    for key, label, _ in STEPS:
        state: dict[str, Any] = {"key": key, "label": label}
        if key in steps:
            state["step"] = steps[key]
        if key in FINAL:
            state.update(final=True, outcome={"full": "member"}.get(key, "cancelled"))
        states.append(state)
    moves = [_move(*m, rs) for m in PATH]
    moves += [{"from": key, "to": "stopped", "label": "终止发展", "roles": ["branch", "township"],
               "requires": ["note"], "bypass_step": True} for key in STOPPABLE]  # fmt: skip
    clocks = [
        {"key": "talk", "label": "谈话期限", "from": "applied", "months": rs.talk_months,
         "until": ["talked", "stopped"], "rule": rs.cite("talk")},
        {"key": "congress", "label": "支部大会讨论期限", "from": "prereviewed", "months": rs.congress_months,
         "until": ["admitted", "stopped"], "rule": rs.cite("congress")},
        {"key": "approval", "label": "乡镇党委审批期限", "from": "admitted", "months": rs.approval_months,
         "until": ["probationary", "stopped"], "rule": rs.cite("approval")},
        {"key": "approval_max", "label": "审批最长期限", "from": "admitted", "months": rs.approval_max_months,
         "until": ["probationary", "stopped"], "rule": rs.cite("approval")},
        {"key": "confirm_approval", "label": "转正审批期限", "from": "confirmed", "months": rs.approval_months,
         "until": ["full"], "rule": rs.cite("approval")},
    ]  # fmt: skip
    return {"title": "发展党员", "states": states, "initial": "applied", "transitions": moves, "clocks": clocks}


FLOW = definition(RULES_2014)
