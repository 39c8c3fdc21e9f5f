"""The schemes and duty quotas the seeds describe, shipped as templates: an officer copies one
for the township and edits the copy (issue 16.2, 16.5). Every metric named here is registered by
a domain app (`core.registry`); a copy is checked like any scheme when saved."""

from __future__ import annotations

from typing import Any

GRADES = [[90, "优秀"], [75, "良好"], [60, "合格"], [0, "不合格"]]


def _m(code: str, name: str, points: int, metric: str, rule: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {"code": code, "name": name, "points": points, "method": "metric", "metric": metric, "rule": rule, **more}


def _w(code: str, name: str, weight: int, metric: str, rule: dict[str, Any]) -> dict[str, Any]:
    return {"code": code, "name": name, "weight": weight, "method": "metric", "metric": metric, "rule": rule}


def _r(code: str, name: str, points: int, rubric: str, **more: Any) -> dict[str, Any]:
    return {"code": code, "name": name, "points": points, "method": "review", "rubric": rubric, **more}


def linear(zero: int, full: int) -> dict[str, Any]:
    return {"kind": "linear", "zero": zero, "full": full}


def target(value: int) -> dict[str, Any]:
    return {"kind": "target", "target": value, "direction": "min"}


FIVE_GOOD_COUNCIL = ["产业发展好", "社会风气好", "党员作用发挥好", "公益事业好", "村庄面貌好"]
TRAINING_BANDS = {"kind": "bands", "bands": [[100, 100], [90, 80], [80, 60], [0, 0]]}

SCHEMES: dict[str, dict[str, Any]] = {
    "wugehao": {
        "name": "五个好村党支部考评",
        "source": "调研报告001：争创“五个好”村党组织（领导班子好、党员队伍好、工作机制好、发展业绩好、群众反映好）",
        "subject": "village", "mode": "points", "period": "year",
        "tree": [
            {"code": "A", "name": "领导班子好", "points": 20, "indicators": [
                _m("A1", "三会一课按期召开", 10, "meetings.compliance", linear(60, 100)),
                _r("A2", "班子团结、民主决策", 10,
                   "班子团结协作，重大事项经支委会、党员大会讨论决定：好10分，较好7分，一般4分，差0分"),
            ]},
            {"code": "B", "name": "党员队伍好", "points": 20, "indicators": [
                _m("B1", "党员学时达标", 10, "training.requirement_met", TRAINING_BANDS),
                _m("B2", "发展党员", 5, "development.admitted", target(1)),
                _m("B3", "党费按时交纳", 5, "dues.on_time", linear(80, 100)),
            ]},
            {"code": "C", "name": "工作机制好", "points": 20, "indicators": [
                _m("C1", "会议出席", 10, "meetings.attendance", linear(60, 100)),
                _m("C2", "台账问题逾期未办结（每件扣2分）", 10, "ledgers.overdue", {"kind": "deduction", "per": 2}),
            ]},
            {"code": "D", "name": "发展业绩好", "points": 20, "indicators": [
                _m("D1", "群众问题解决率", 10, "ledgers.resolution_rate", linear(50, 100)),
                _r("D2", "产业发展和集体经济", 10, "村集体经济和主导产业的发展：好10分，较好7分，一般4分，差0分"),
            ]},
            {"code": "E", "name": "群众反映好", "points": 20, "indicators": [
                _m("E1", "群众评议满意率", 20, "evaluations.satisfaction", linear(60, 100)),
            ]},
        ],
        "outcomes": {"grades": GRADES, "rating": {"label": "五个好村党支部", "min_total": 90,
                                                  "min_category_percent": 80}},
    },
    "mubiao": {
        "name": "村级干部目标责任制考核",
        "source": ("调研报告001：村级干部目标责任制，定期考核和日常考核相结合，定性考核和定量考核相结合；"
                   "中心工作实行台账日记法"),
        "subject": "village", "mode": "points", "period": "year",
        "tree": [
            {"code": "P", "name": "党建工作", "points": 40, "indicators": [
                _m("P1", "三会一课按期召开", 15, "meetings.compliance", linear(60, 100)),
                _m("P2", "会议出席", 10, "meetings.attendance", linear(60, 100)),
                _m("P3", "发展党员（按目标责任书）", 5, "development.admitted", target(1)),
                _m("P4", "党员学时达标", 10, "training.requirement_met", TRAINING_BANDS),
            ]},
            {"code": "W", "name": "中心工作", "points": 40, "indicators": [
                _m("W1", "群众问题解决率", 20, "ledgers.resolution_rate", linear(50, 100)),
                _m("W2", "台账问题逾期未办结（每件扣2分）", 10, "ledgers.overdue", {"kind": "deduction", "per": 2}),
                _r("W3", "重点工作完成情况", 10, "乡党委年初下达的重点工作：全部完成10分，基本完成6分，未完成0分"),
                _m("W4", "逾期问题超过5件（一票否决）", 0, "ledgers.overdue", {"kind": "veto", "limit": 5}),
            ]},
            {"code": "M", "name": "群众评价", "points": 20, "indicators": [
                _m("M1", "述职评议、民主测评满意率", 20, "evaluations.satisfaction", linear(60, 100)),
            ]},
            {"code": "D", "name": "日常考核（台账日记法）", "points": 0, "indicators": [
                {"code": "D1", "name": "招商引资、项目发展、特色产业等中心工作加减分", "points": 10, "floor": -10,
                 "method": "diary"},
            ]},
        ],
        "outcomes": {"grades": GRADES},
    },
    "wuhaobei": {
        "name": "“五好杯”争先创优考评",
        "source": "调研报告004：领导班子好、党员干部队伍好、工作机制好、小康建设业绩好、农民群众反映好",
        "subject": "village", "mode": "weights", "period": "year",
        "tree": [
            {"code": "L", "name": "领导班子好", "weight": 20, "indicators": [
                _w("L1", "三会一课按期召开", 60, "meetings.compliance", linear(60, 100)),
                _w("L2", "村两委主要干部例会出席", 40, "meetings.regular_attendance", linear(60, 100)),
            ]},
            {"code": "T", "name": "党员干部队伍好", "weight": 20, "indicators": [
                _w("T1", "党员学时达标", 50, "training.requirement_met", TRAINING_BANDS),
                _w("T2", "党费按时交纳", 25, "dues.on_time", linear(80, 100)),
                _w("T3", "培养入党积极分子", 25, "development.activists", target(1)),
            ]},
            {"code": "J", "name": "工作机制好", "weight": 20, "indicators": [
                _w("J1", "例会工作汇报", 50, "meetings.regular_reports", target(4)),
                _w("J2", "例会汇报质量", 50, "meetings.regular_quality", linear(1, 4)),
            ]},
            {"code": "X", "name": "小康建设业绩好", "weight": 20, "indicators": [
                _w("X1", "群众问题解决率", 60, "ledgers.resolution_rate", linear(50, 100)),
                {"code": "X2", "name": "小康建设指标完成情况", "weight": 40, "method": "review",
                 "rubric": "对照小康村创建指标逐项评分：全部达标满分，每缺一项扣10%"},
            ]},
            {"code": "Q", "name": "农民群众反映好", "weight": 20, "indicators": [
                _w("Q1", "群众评议满意率", 100, "evaluations.satisfaction", linear(60, 100)),
            ]},
        ],
        "outcomes": {"grades": GRADES, "rating": {"label": "“五好杯”村党支部", "min_total": 90,
                                                  "min_category_percent": 80}},
    },
    "shengji": {
        "name": "村级党组织升级晋档",
        "source": "调研报告001：“升级晋档、科学发展”活动，今年二类村计划要达30%",
        "subject": "village", "mode": "points", "period": "year",
        "tree": [
            {"code": "Z", "name": "组织建设", "points": 40, "indicators": [
                _m("Z1", "三会一课按期召开", 20, "meetings.compliance", linear(60, 100)),
                _m("Z2", "会议出席", 10, "meetings.attendance", linear(60, 100)),
                _m("Z3", "党员学时达标", 10, "training.requirement_met", TRAINING_BANDS),
            ]},
            {"code": "F", "name": "科学发展", "points": 30, "indicators": [
                _m("F1", "群众问题解决率", 20, "ledgers.resolution_rate", linear(50, 100)),
                _m("F2", "发展党员", 10, "development.admitted", target(1)),
            ]},
            {"code": "Q", "name": "群众满意", "points": 30, "indicators": [
                _m("Q1", "群众评议满意率", 30, "evaluations.satisfaction", linear(60, 100)),
            ]},
        ],
        "outcomes": {"grades": GRADES, "classes": {
            "levels": [{"name": "一类村", "min": 90}, {"name": "二类村", "min": 75}, {"name": "三类村", "min": 0}],
            "step": 1, "margin": 5, "goal": {"class": "二类村", "share": 30}}},
    },
    "shixing": {
        "name": "“十星级”党员评选",
        "source": "调研报告004：开展机关“十星级”党员评选活动",
        "subject": "member", "mode": "points", "period": "year",
        "tree": [
            {"code": "S", "name": "十颗星", "points": 100, "indicators": [
                _m("S1", "学习培训星（学时不少于32）", 10, "training.hours", target(32)),
                _m("S2", "组织生活星（会议出席率不低于90%）", 10, "meetings.person_attendance", target(90)),
                _m("S3", "按时交纳党费星", 10, "dues.person_on_time", target(100)),
                _m("S4", "联系群众星（走访不少于4次）", 10, "ledgers.visits", target(4)),
                _m("S5", "发展党员星（介绍发展一名党员）", 10, "development.introduced", target(1)),
                _m("S6", "培养积极分子星", 10, "development.cultivated", target(1)),
                _m("S7", "群众满意星（满意率不低于90%）", 10, "evaluations.person_satisfaction", target(90)),
                _r("S8", "遵纪守法星", 10, "遵守党纪国法，无违纪违法：10分；有轻微问题：5分；有违纪：0分"),
                _r("S9", "致富带富星", 10, "本人致富并带动群众增收：10分；本人致富：5分；未发挥作用：0分"),
                _r("S10", "文明新风星", 10, "带头移风易俗、邻里和睦：10分；一般：5分；有不良影响：0分"),
            ]},
        ],
        "outcomes": {"grades": [[90, "优秀"], [60, "合格"], [0, "不合格"]],
                     "stars": {"label": "十星级党员", "percent": 100}},
    },
    "huliang": {
        "name": "“五好”户联理事会评比",
        "source": "调研报告002：产业发展好、社会风气好、党员作用发挥好、公益事业好、村庄面貌好，一年一评或一年多评",
        "subject": "union", "mode": "points", "period": "year",
        "tree": [
            {"code": f"C{i}", "name": name, "points": 20, "indicators": [
                _r(f"H{i}", name, 20, f"{name}：好20分，较好15分，一般10分，差0分（先由群众背靠背评议）"),
            ]}
            for i, name in enumerate(FIVE_GOOD_COUNCIL, start=1)
        ],
        "outcomes": {"grades": GRADES, "rating": {"label": "“五好”户联理事会", "min_total": 90,
                                                  "min_category_percent": 75}},
    },
    "zhucun": {
        "name": "住村干部年度考核",
        "source": "调研报告004：把村两委主要干部例会的考核同时纳入住村干部年度考核内容之一",
        "subject": "cadre", "mode": "points", "period": "year",
        "tree": [
            {"code": "V", "name": "下村走访", "points": 30, "indicators": [
                _m("V1", "下村次数要求完成率", 20, "ledgers.visit_quota_person", linear(60, 100)),
                _m("V2", "走访农户（全年不少于24次）", 10, "ledgers.visits", target(24)),
            ]},
            {"code": "R", "name": "所住村例会情况", "points": 40, "indicators": [
                _m("R1", "所住村干部例会出席率", 20, "meetings.regular_attendance", linear(80, 100),
                   via="ledgers.liaison_villages"),
                _m("R2", "所住村例会工作汇报（全年不少于4次）", 10, "meetings.regular_reports", target(4),
                   via="ledgers.liaison_villages"),
                _m("R3", "所住村例会汇报质量", 10, "meetings.regular_quality", linear(2, 4),
                   via="ledgers.liaison_villages"),
            ]},
            {"code": "S", "name": "所住村问题解决", "points": 30, "indicators": [
                _m("S1", "所住村台账问题解决率", 20, "ledgers.resolution_rate", linear(50, 100),
                   via="ledgers.liaison_villages"),
                _r("S2", "住村联心工作实绩", 10, "乡党委对住村工作实绩的评价：好10分，较好7分，一般4分，差0分"),
            ]},
        ],
        "outcomes": {"grades": GRADES},
    },
}  # fmt: skip

# Duty quotas (issue 16.5): N of kind K per person of a role per year, counted from the records
# (a person metric) or, where no app records the duty, from evidence entered by hand.
ROLES = {
    "cadres": "乡村党员干部",
    "township_committee": "乡镇党委委员",
    "township_secretary": "乡镇党委书记",
    "township_staff": "乡镇机关干部（驻村）",
    "branch_secretary": "村党支部书记",
    "branch_committee": "村党支部委员",
}


def _q(code: str, label: str, role: str, count: int, metric: str = "") -> dict[str, Any]:
    return {"code": code, "label": label, "role": role, "count": count, "metric": metric}


QUOTAS: dict[str, dict[str, Any]] = {
    "sanbang": {
        "name": "三帮四定五联",
        "source": "调研报告004：“三帮四定五联”主题特色活动，以定量考核判断干部是否尽到责任",
        "items": [
            _q("B1", "三帮：帮助输出剩余劳动力（人）", "cadres", 10),
            _q("B2", "三帮：帮助计划生育困难户（户）", "cadres", 1),
            _q("B3", "三帮：帮助培养农户掌握1-2门实用技术（户）", "cadres", 10),
            _q("D1", "四定：确定联系一个支部", "township_committee", 1),
            _q("D2", "四定：确定联系一项产业", "township_committee", 1),
            _q("D3", "四定：确定联系一名困难党员", "township_committee", 1),
            _q("D4", "四定：确定联系发展一名党员（入党介绍人）", "township_committee", 1, "development.introduced"),
            _q("L1", "五联：支部书记每年上一次党课", "branch_secretary", 1, "meetings.lessons_led"),
            _q("L2", "五联：每年培养一名入党积极分子（培养联系人）", "cadres", 1, "development.cultivated"),
            _q("L3", "五联：支部委员每年联系发展一名党员", "branch_committee", 1, "development.introduced"),
            _q("L4", "五联：联系一名致富党员", "cadres", 1),
            _q("L5", "五联：联系一名流动党员", "cadres", 1),
        ],
    },
    "shuji5": {
        "name": "党委书记“五个一”",
        "source": (
            "调研报告004：指导每村发展一名党员、联系建成一个“五好村”党支部、总结一项党建工作经验、"
            "组织一次现场观摩活动、精讲一堂党课"
        ),
        "items": [
            _q("S1", "指导每村发展一名党员（村）", "township_secretary", 1),
            _q("S2", "联系建成一个“五好村”党支部", "township_secretary", 1),
            _q("S3", "总结一项党建工作经验", "township_secretary", 1),
            _q("S4", "组织一次现场观摩活动", "township_secretary", 1),
            _q("S5", "联系实际精讲一堂党课", "township_secretary", 1, "meetings.lessons_led"),
        ],
    },
    "zhucun5": {
        "name": "驻村干部“五个一”",
        "source": (
            "调研报告004：每一名贫困党员都有一名党员干部结对帮扶；每季度上门联系、走访一次；每年送温暖一次；每年办一件实事"
        ),
        "items": [
            # Counted from the pairing records of the assistance app (结对帮扶, its registered metrics).
            _q("Z1", "结对帮扶一名贫困党员", "township_staff", 1, "assistance.pairs"),
            _q("Z2", "每季度上门联系、走访一次（全年4个季度）", "township_staff", 4, "assistance.visit_quarters"),
            _q("Z3", "每年为贫困党员送温暖一次", "township_staff", 1, "assistance.warmth"),
            _q("Z4", "每年为帮扶对象办一件实事", "township_staff", 1, "assistance.deeds"),
            _q("Z5", "学习培训不少于32学时", "township_staff", 32, "training.hours"),
        ],
    },
}
