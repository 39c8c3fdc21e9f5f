"""A demonstrator's file (创业示范帮扶档案) as a workflow definition for `core.engine` (seed 002 (一)):

个人申请 → 支部推荐（支委会决定，关联会议记录） → 县领导小组专员实地考察和项目评估（可行／不可行，
不可行须写明理由） → 公示（经公示无异议；异议未处理时不能进入下一步） → 确定为帮扶对象 → 发放贷款 →
帮扶中（年度评估：继续支持或取消帮扶资格） → 还清贷款、帮扶结束.

"applied" is a "meeting" step (left only when a held 支委会 of the branch is linked) and
"notice" a "notice" step (left only when the 公示 ended without an open or upheld objection).
"""

from __future__ import annotations

from typing import Any

CODE = "programs.application"
ROLES = {"branch": "村党支部书记或组织工作人员", "county": "县委组织部（领导小组）工作人员"}
REQUIREMENTS = {"note": "情况说明", "evaluator": "考察评估专员", "reason": "不可行的理由", "loan": "贷款信息"}

STATES: tuple[tuple[str, str], ...] = (
    ("applied", "个人申请（待支部推荐）"),
    ("recommended", "支部推荐（待实地考察）"),
    ("feasible", "考察评估可行"),
    ("notice", "公示"),
    ("approved", "确定为帮扶对象"),
    ("loaned", "帮扶中"),
    ("completed", "还清贷款、帮扶结束"),
    ("cancelled", "取消帮扶资格"),
    ("rejected", "未确定为帮扶对象"),
)
LABEL_OF = dict(STATES)
FINAL = ("completed", "cancelled", "rejected")
# states where the person counts as a demonstrator (确定为帮扶对象 and after)
DEMONSTRATOR = ("approved", "loaned", "completed", "cancelled")

FLOW: dict[str, Any] = {
    "title": "党员创业示范帮扶",
    "states": [
        {"key": "applied", "label": LABEL_OF["applied"], "step": "meeting"},
        {"key": "recommended", "label": LABEL_OF["recommended"]},
        {"key": "feasible", "label": LABEL_OF["feasible"]},
        {"key": "notice", "label": LABEL_OF["notice"], "step": "notice"},
        {"key": "approved", "label": LABEL_OF["approved"]},
        {"key": "loaned", "label": LABEL_OF["loaned"]},
        {"key": "completed", "label": LABEL_OF["completed"], "final": True, "outcome": "resolved"},
        {"key": "cancelled", "label": LABEL_OF["cancelled"], "final": True, "outcome": "cancelled"},
        {"key": "rejected", "label": LABEL_OF["rejected"], "final": True, "outcome": "cancelled"},
    ],
    "initial": "applied",
    "transitions": [
        {"from": "applied", "to": "recommended", "label": "支部推荐呈报", "roles": ["branch"]},
        {"from": "applied", "to": "rejected", "label": "支部不予推荐", "roles": ["branch"], "requires": ["note"]},
        {"from": "recommended", "to": "feasible", "label": "实地考察：项目可行", "roles": ["county"],
         "requires": ["evaluator"]},
        {"from": "recommended", "to": "rejected", "label": "实地考察：项目不可行", "roles": ["county"],
         "requires": ["evaluator", "reason"]},
        {"from": "feasible", "to": "notice", "label": "发布公示", "roles": ["county"]},
        {"from": "notice", "to": "approved", "label": "经公示无异议，确定为帮扶对象", "roles": ["county"]},
        {"from": "notice", "to": "rejected", "label": "异议成立，不予确定", "roles": ["county"], "requires": ["note"],
         "bypass_step": True},
        {"from": "approved", "to": "loaned", "label": "发放贷款", "roles": ["county"], "requires": ["loan"]},
        {"from": "loaned", "to": "completed", "label": "还清贷款", "roles": ["county"]},
        {"from": "loaned", "to": "cancelled", "label": "年度评估：取消帮扶资格", "roles": ["county"],
         "requires": ["note"]},
    ],
}  # fmt: skip
