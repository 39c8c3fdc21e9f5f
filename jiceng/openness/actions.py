"""Every change to publications, spot checks, county rules and procedures: permission-checked,
atomic, audited. Bad input is refused in Chinese and nothing is written.

A publication never shows personal data of the people concerned (`core.privacy`): its title,
body and finance lines are checked against ID and phone numbers and against the names of the
village's people who hold no post (cadres may be named), its households' heads and the names the
officer lists as concerned.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from jiceng.core import audit, engine, privacy, workbook
from jiceng.core.access import require
from jiceng.core.actor import SYSTEM, Actor, actor_name
from jiceng.core.errors import DomainError
from jiceng.core.money import parse_yuan
from jiceng.households.models import Household
from jiceng.meetings.hooks import MEETING_REF
from jiceng.meetings.models import Meeting
from jiceng.meetings.rules import Kind as MeetingKind
from jiceng.organizations.models import Organization
from jiceng.organizations.rules import OrgKind
from jiceng.people.models import Person, Post

from . import flow, rules
from .models import Attachment, CountyRule, FinanceLine, Procedure, Publication, SpotCheck, Status
from .rules import Line, Section

PUBLICATION_FIELDS = ["section", "category", "title", "period_start", "period_end", "days", "income_total",
                      "expense_total"]  # fmt: skip
PUBLICATION_REF = "openness.publication:"
MAX_FILE = 10 * 1024 * 1024


def board_org_of(org: Organization) -> Organization:
    """Publications belong to a village branch or a township committee (a 党小组's is its branch's)."""
    chain = [org, *sorted(org.ancestors(), key=lambda o: -o.depth)]
    found = next((o for o in chain if o.is_village_level or o.kind == OrgKind.TOWNSHIP_COMMITTEE), None)
    if found is None:
        raise DomainError("公开事项应由村党组织或乡镇党委发布")
    return found


# ---------------------------------------------------------------- privacy


def private_names(org: Organization, concerned: str = "", on: dt.date | None = None) -> list[str]:
    """The names never to appear: the listed people concerned, the village's people holding no
    current post, and its households' heads (cadres' names may appear, seed rules)."""
    on = on or timezone.localdate()
    with_post = Post.objects.current_on(on).values("person_id")
    people = Person.objects.filter(org_path__startswith=org.path).exclude(pk__in=with_post)
    names = [concerned, *people.values_list("name", flat=True)]
    names += list(Household.objects.filter(org_path__startswith=org.path).values_list("head_name", flat=True))
    return names


def public_text(pub: Publication, lines: Iterable[Line] | None = None) -> str:
    items = [line.item for line in (lines if lines is not None else pub.lines.all())]
    return "\n".join([pub.title, pub.body, *items])


# ---------------------------------------------------------------- publications


def parse_lines(text: str) -> list[Line]:
    """Lines typed one per row: "收入，村集体资源发包，12000.00" (收入/支出, item, amount in 元)."""
    out = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        raw = raw.strip()
        if not raw:
            continue
        parts = [p.strip() for p in raw.replace("，", ",").replace("\t", ",").split(",")]
        if len(parts) != 3:
            raise DomainError(f"第 {number} 行应为“收入或支出，项目，金额”三项")
        out.append(_line(parts[0], parts[1], parts[2], f"第 {number} 行"))
    return out


def _line(kind: str, item: str, amount: Any, where: str) -> Line:
    kinds = {"收入": rules.INCOME, "支出": rules.EXPENSE, rules.INCOME: rules.INCOME, rules.EXPENSE: rules.EXPENSE}
    if str(kind).strip() not in kinds:
        raise DomainError(f"{where}的收支类别应为“收入”或“支出”")
    return Line(kinds[str(kind).strip()], str(item).strip()[:200], parse_yuan(amount, what=f"{where}的金额"))


def read_statement(data: bytes) -> tuple[list[Line], int | None, int | None]:
    """A finance statement from an .xlsx (first sheet): rows 收支 | 项目 | 金额（元）, a header row
    allowed; rows named 收入合计 / 支出合计 give the stated totals. Read within bounds (core.workbook)."""
    sheets = workbook.read_sheets(data, isolated=True)
    rows = next(iter(sheets.values()), [])
    lines: list[Line] = []
    totals: dict[str, int] = {}
    for number, row in enumerate(rows, start=1):
        cells = [("" if c is None else c) for c in list(row)[:3]] + ["", "", ""]
        kind, item, amount = cells[0], cells[1], cells[2]
        label = str(kind).strip()
        if label in ("收入合计", "支出合计") or str(item).strip() in ("收入合计", "支出合计"):
            name = label if label in ("收入合计", "支出合计") else str(item).strip()
            totals[name] = parse_yuan(amount if amount != "" else item, what=f"第 {number} 行的{name}")
            continue
        if number == 1 and label in ("收支", "类别", "收支类别"):
            continue
        if label == "" and str(item).strip() == "":
            continue
        lines.append(_line(label, str(item), amount, f"第 {number} 行"))
    if not lines:
        raise DomainError("表格中没有收支明细（第一列填“收入”或“支出”，第二列项目，第三列金额）")
    return lines, totals.get("收入合计"), totals.get("支出合计")


def _check(section: str, category: str, title: str, period_start: dt.date, period_end: dt.date, days: int,
           lines: Sequence[Line], income_total: int | None, expense_total: int | None) -> None:  # fmt: skip
    problem = rules.check_category(section, category)
    if not problem and not title.strip():
        problem = "请填写标题"
    if not problem and period_end < period_start:
        problem = "所属期间的结束日期不能早于开始日期"
    if not problem and not 1 <= days <= rules.MAX_DAYS:
        problem = f"公开天数应为 1–{rules.MAX_DAYS} 天"
    if not problem and (section == Section.FINANCE or lines or income_total is not None or expense_total is not None):
        problem = rules.totals_problem(lines, income_total, expense_total)
    if problem:
        raise DomainError(problem)


def create_publication(
    actor: Actor, organization: Organization, *, section: str, category: str, title: str, period_start: dt.date,
    period_end: dt.date, body: str = "", days: int = rules.DEFAULT_DAYS, income_total: int | None = None,
    expense_total: int | None = None, lines: Sequence[Line] = (), concerned: str = "", source_ref: str = "",
) -> Publication:  # fmt: skip
    """A draft publication (its finance lines checked against its totals)."""
    org = board_org_of(organization)
    require(actor.has_perm("openness.add_publication_to", org))
    _check(section, category, title, period_start, period_end, days, lines, income_total, expense_total)
    pub = Publication(organization=org, org_path=org.path, section=section, category=category, title=title.strip(),
                      period_start=period_start, period_end=period_end, body=(body or "").strip(), days=days,
                      income_total=income_total, expense_total=expense_total, concerned=concerned.strip()[:500],
                      source_ref=source_ref, created_by_name=actor_name(actor))  # fmt: skip
    with transaction.atomic():
        pub.save()
        _save_lines(pub, lines)
        audit.record(actor, "create", pub, org=org, changes=audit.snapshot(pub, PUBLICATION_FIELDS))
    return pub


def _save_lines(pub: Publication, lines: Sequence[Line]) -> None:
    FinanceLine.objects.filter(publication=pub).delete()
    FinanceLine.objects.bulk_create(
        [
            FinanceLine(publication=pub, kind=ln.kind, item=ln.item, amount=ln.amount, position=i)
            for i, ln in enumerate(lines)
        ]
    )


def update_publication(actor: Actor, pub: Publication, *, lines: Sequence[Line] | None = None,
                       **data: Any) -> Publication:  # fmt: skip
    """Change a draft (a published item is withdrawn and published anew instead)."""
    require(actor.has_perm("openness.change_publication", pub))
    if pub.status != Status.DRAFT:
        raise DomainError("已公开的事项不能修改；如有错误，请撤回后重新发布")
    unknown = set(data) - {*PUBLICATION_FIELDS, "body", "concerned"}
    if unknown:
        raise DomainError(f"不能修改这些字段：{'、'.join(sorted(unknown))}")
    before = audit.snapshot(pub, PUBLICATION_FIELDS)
    for name, value in data.items():
        setattr(pub, name, value.strip() if isinstance(value, str) else value)
    current = lines if lines is not None else [Line(ln.kind, ln.item, ln.amount) for ln in pub.lines.all()]
    _check(pub.section, pub.category, pub.title, pub.period_start, pub.period_end, pub.days, current,
           pub.income_total, pub.expense_total)  # fmt: skip
    with transaction.atomic():
        pub.save()
        if lines is not None:
            _save_lines(pub, lines)
        audit.record(actor, "update", pub, org=pub.organization,
                     changes=audit.diff(before, audit.snapshot(pub, PUBLICATION_FIELDS)))  # fmt: skip
    return pub


def publish(actor: Actor, pub: Publication, on: dt.date | None = None, today: dt.date | None = None) -> Publication:
    """Put a draft on the public board from `on` (default today; never in the future) for its days."""
    require(actor.has_perm("openness.change_publication", pub))
    today = today or timezone.localdate()
    on = on or today
    if pub.status != Status.DRAFT:
        raise DomainError("该事项已公开或已撤回")
    problem = rules.date_problem(on, today, pub.period_start, pub.period_end)
    if problem:
        raise DomainError(problem)
    privacy.check_public(public_text(pub), private_names(pub.organization, pub.concerned, on))
    until = on + dt.timedelta(days=pub.days - 1)
    with transaction.atomic():
        done = Publication.objects.filter(pk=pub.pk, status=Status.DRAFT).update(
            status=Status.PUBLISHED, published_on=on, shown_until=until, published_at=timezone.now(),
            updated_at=timezone.now(),
        )  # fmt: skip
        if not done:
            raise DomainError("该事项刚刚已由他人公开，请刷新后查看")
        pub.status, pub.published_on, pub.shown_until = Status.PUBLISHED, on, until
        audit.record(actor, "update", pub, org=pub.organization,
                     changes={"status": [Status.DRAFT, Status.PUBLISHED], "published_on": on.isoformat()})  # fmt: skip
    return pub


def withdraw(actor: Actor, pub: Publication, reason: str) -> Publication:
    require(actor.has_perm("openness.change_publication", pub))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("请填写撤回原因")
    with transaction.atomic():
        if not Publication.objects.filter(pk=pub.pk, status=Status.PUBLISHED).update(
            status=Status.WITHDRAWN, updated_at=timezone.now()
        ):
            raise DomainError("只有已公开的事项可以撤回")
        pub.status = Status.WITHDRAWN
        audit.record(actor, "update", pub, org=pub.organization,
                     changes={"status": [Status.PUBLISHED, Status.WITHDRAWN], "撤回原因": reason[:200]})  # fmt: skip
    return pub


def recheck_published() -> int:
    """Withdraw every item on a board whose text now discloses a person concerned (a villager
    entered since, a name in the roster): the daily check of `core.privacy`. Returns how many."""
    withdrawn = 0
    rows = Publication.objects.published().select_related("organization").prefetch_related("lines")
    for pub in rows.iterator(chunk_size=200):
        found = privacy.problems(public_text(pub), private_names(pub.organization, pub.concerned))
        if found:
            withdraw(SYSTEM, pub, f"系统自动撤回：公开内容含有{'、'.join(dict.fromkeys(found))}，请修改后重新公开")
            withdrawn += 1
    return withdrawn


def add_attachment(actor: Actor, pub: Publication, file: Any, caption: str = "") -> Attachment:
    require(actor.has_perm("openness.change_publication", pub))
    if pub.status != Status.DRAFT:
        raise DomainError("附件应在公开前上传")
    if file is None or not getattr(file, "size", 0):
        raise DomainError("请选择文件")
    if file.size > MAX_FILE:
        raise DomainError("附件不能超过 10 MB")
    name = str(getattr(file, "name", "")).lower()
    if not name.endswith((".pdf", ".jpg", ".jpeg", ".png", ".xlsx", ".docx")):
        raise DomainError("附件应为 PDF、图片、Excel 或 Word 文件")
    with transaction.atomic():
        row = Attachment.objects.create(publication=pub, file=file, caption=(caption or "").strip()[:100])
        audit.record(actor, "create", row, org=pub.organization, changes={"file": row.file.name})
    return row


# ---------------------------------------------------------------- county rules and spot checks


def county_rules(org: Organization) -> list[rules.RuleSet]:
    county = org if org.depth == 1 else Organization.objects.filter(path=org.path[: Organization.steplen]).first()
    if county is None:
        return []
    return [row.ruleset() for row in CountyRule.objects.filter(county=county)]


def save_county_rule(actor: Actor, county: Organization, *, valid_from: dt.date, party_months: int,
                     village_months: int, finance_months: int, grace_days: int) -> CountyRule:  # fmt: skip
    require(actor.has_perm("openness.change_rules") and county.depth == 1 and actor.has_perm(
        "openness.add_publication_to", county))  # fmt: skip
    for value, what in ((party_months, "党务公开周期"), (village_months, "村务公开周期"),
                        (finance_months, "财务公开周期")):  # fmt: skip
        if problem := rules.check_months(value, what):
            raise DomainError(problem)
    # 组织法 Art. 30 is the floor: 村务 at least quarterly.
    if village_months == 0 or village_months > 3:
        raise DomainError("村务公开至少每季度一次（《村民委员会组织法》第三十条），周期不能超过 3 个月")
    if not 0 <= grace_days <= 60:
        raise DomainError("期满后公开期限应为 0–60 日")
    fields = {"party_months": party_months, "village_months": village_months, "finance_months": finance_months,
              "grace_days": grace_days}  # fmt: skip
    with transaction.atomic():
        row, created = CountyRule.objects.update_or_create(county=county, valid_from=valid_from, defaults=fields)
        audit.record(actor, "create" if created else "update", row, org=county,
                     changes={"valid_from": valid_from.isoformat(), **fields})  # fmt: skip
    return row


def record_spot_check(actor: Actor, village: Organization, *, checked_on: dt.date, checker: str, findings: str,
                      checker_names: str = "", deadline: dt.date | None = None,
                      today: dt.date | None = None) -> SpotCheck:  # fmt: skip
    require(actor.has_perm("openness.add_spotcheck_to", village))
    today = today or timezone.localdate()
    if not village.is_village_level:
        raise DomainError("抽查对象应为村党组织")
    if checker not in rules.Checker.values:
        raise DomainError("请选择检查部门")
    if checked_on > today:
        raise DomainError("检查日期不能晚于今天")
    if not (findings or "").strip():
        raise DomainError("请填写检查发现的问题（没有问题请填写“未发现问题”）")
    if deadline is not None and deadline < checked_on:
        raise DomainError("整改期限不能早于检查日期")
    check = SpotCheck(organization=village, org_path=village.path, checked_on=checked_on, checker=checker,
                      checker_names=(checker_names or "").strip()[:100], findings=findings.strip(),
                      deadline=deadline)  # fmt: skip
    with transaction.atomic():
        check.save()
        audit.record(actor, "create", check, org=village,
                     changes=audit.snapshot(check, ["checked_on", "checker", "deadline"]))  # fmt: skip
    return check


def finish_spot_check(actor: Actor, check: SpotCheck, done_on: dt.date, note: str,
                      today: dt.date | None = None) -> SpotCheck:  # fmt: skip
    require(actor.has_perm("openness.change_spotcheck", check))
    today = today or timezone.localdate()
    if done_on > today or done_on < check.checked_on:
        raise DomainError(f"整改完成日期应在{check.checked_on:%Y-%m-%d}至今天之间")
    if not (note or "").strip():
        raise DomainError("请填写整改情况")
    with transaction.atomic():
        if not SpotCheck.objects.filter(pk=check.pk, done_on__isnull=True).update(
            done_on=done_on, done_note=note.strip()[:500], updated_at=timezone.now()
        ):
            raise DomainError("该抽查问题已整改完成")
        check.done_on, check.done_note = done_on, note.strip()[:500]
        audit.record(actor, "update", check, org=check.organization, changes={"done_on": done_on.isoformat()})
    return check


# ---------------------------------------------------------------- procedures


def start_procedure(actor: Actor, organization: Organization, kind: str, title: str, started_on: dt.date,
                    note: str = "", today: dt.date | None = None) -> Procedure:  # fmt: skip
    require(actor.has_perm("openness.add_procedure_to", organization))
    today = today or timezone.localdate()
    if kind not in rules.ProcedureKind.values:
        raise DomainError("请选择决策程序")
    if not organization.is_village_level:
        raise DomainError("决策程序事项应由村党组织登记")
    if not (title or "").strip():
        raise DomainError("请填写事项名称")
    if started_on > today:
        raise DomainError("提出日期不能晚于今天")
    proc = Procedure(organization=organization, org_path=organization.path, kind=kind, title=title.strip()[:200],
                     started_on=started_on)  # fmt: skip
    engine.begin(proc, started_on)
    with transaction.atomic():
        proc.save()
        engine.started(actor, proc, started_on, label=proc.state_label, note=(note or "").strip())
        audit.record(actor, "create", proc, org=organization,
                     changes={"kind": kind, "title": proc.title, "started_on": started_on.isoformat()})  # fmt: skip
    return proc


def _linked_meetings(proc: Procedure, step: str) -> list[Meeting]:
    ids = [int(r.removeprefix(MEETING_REF)) for r in engine.links(proc, step) if r.startswith(MEETING_REF)]
    return list(Meeting.objects.filter(pk__in=ids).prefetch_related("decisions").order_by("held_on", "pk"))


def vote_problem(proc: Procedure, on: dt.date) -> str:
    """A 村民代表会议 (or 村民会议) step needs a decision whose vote passed, as the meetings app
    judges it (组织法 Art. 26: two thirds present; more than half of those present in favour)."""
    state = proc.state_obj
    if state.step != "meeting":
        return ""
    votes = [m for m in _linked_meetings(proc, state.key) if m.kind == MeetingKind.REPRESENTATIVES]
    if not votes:
        return ""
    decisions = [d for m in votes if m.is_held and m.held_on <= on for d in m.decisions.all()]
    if not any(d.passed for d in decisions):
        if not any(d.voted for d in decisions):
            return f"“{state.label}”环节关联的村民代表会议还没有记录表决结果"
        return f"“{state.label}”环节关联的村民代表会议表决未通过（《村民委员会组织法》第二十六条）"
    return ""


def move_procedure(actor: Actor, proc: Procedure, target: str, *, on: dt.date | None = None, note: str = "",
                   today: dt.date | None = None) -> Procedure:  # fmt: skip
    """The next step (or 终止); the engine refuses a step out of order, in Chinese."""
    require(actor.has_perm("openness.change_procedure", proc))
    today = today or timezone.localdate()
    on = on or today
    move = proc.definition.move(proc.step, target)
    if not move.bypass_step and (problem := vote_problem(proc, on)):
        raise DomainError(problem)
    engine.transition(actor, proc, target, on=on, today=today, given={"note": (note or "").strip()},
                      note=(note or "").strip())  # fmt: skip
    return proc


def link_meeting(actor: Actor, proc: Procedure, meeting: Meeting) -> Procedure:
    """The meeting of the current step, as recorded in the meetings app (linked, not re-entered)."""
    require(actor.has_perm("openness.change_procedure", proc))
    state = proc.state_obj
    if state.step != "meeting":
        raise DomainError(f"当前环节“{state.label}”不需要关联会议")
    wanted = flow.step_target(proc.kind, state.key)
    if wanted and meeting.kind != wanted:
        raise DomainError(f"“{state.label}”应关联{MeetingKind(wanted).label}")
    if not meeting.org_path.startswith(proc.org_path) and not proc.org_path.startswith(meeting.org_path):
        raise DomainError(f"应关联{proc.organization.name}召开的会议")
    with transaction.atomic():
        engine.link(proc, proc.step, meeting)
        engine.record_event(actor, proc, "link", "关联会议", min(meeting.held_on, timezone.localdate()),
                            note=str(meeting))  # fmt: skip
        audit.record(actor, "update", proc, org=proc.organization, changes={"关联会议": str(meeting)})
    return proc


def publish_step(actor: Actor, proc: Procedure, *, title: str, body: str, period_start: dt.date | None = None,
                 period_end: dt.date | None = None, on: dt.date | None = None, concerned: str = "",
                 today: dt.date | None = None) -> Publication:  # fmt: skip
    """The board item of the current "publication" step: created, linked to the step, published."""
    require(actor.has_perm("openness.change_procedure", proc))
    state = proc.state_obj
    if state.step != "publication":
        raise DomainError(f"当前环节“{state.label}”不是公开环节")
    today = today or timezone.localdate()
    section = flow.step_target(proc.kind, state.key) or Section.VILLAGE
    category = flow.PUBLICATION_CATEGORY.get((proc.kind, state.key), "other")
    if category not in rules.CATEGORIES[section]:
        category = "other"
    start = period_start or proc.started_on
    with transaction.atomic():
        pub = create_publication(actor, proc.organization, section=section, category=category, title=title,
                                 period_start=start, period_end=period_end or max(start, on or today), body=body,
                                 concerned=concerned, source_ref=engine.ref_of(proc))  # fmt: skip
        publish(actor, pub, on=on, today=today)
        engine.link(proc, proc.step, pub)
        engine.record_event(actor, proc, "publication", "发布公开", pub.published_on or today, note=pub.title)
    return pub


def publication_step_done(case: engine.WorkflowCase, state: Any, on: dt.date) -> None:
    """The engine's step check for kind "publication": a linked item published on or before `on`."""
    ids = [int(r.removeprefix(PUBLICATION_REF)) for r in engine.links(case, state.key)
           if r.startswith(PUBLICATION_REF)]  # fmt: skip
    if not ids:
        raise DomainError(f"“{state.label}”环节还没有发布公开事项")
    rows = Publication.objects.filter(pk__in=ids, status=Status.PUBLISHED, published_on__lte=on)
    if not rows.exists():
        raise DomainError(f"“{state.label}”环节的公开事项还没有公开")
