"""Every change to a development file: permission-checked, atomic, audited, on `core.engine`.

The person's category follows the file's stage and changes only here, through the people app's
own action (`people.actions.update_person` with the step's date as `changed_on`). A step that
breaks a rule is refused with the article cited, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from jiceng.core import audit, engine
from jiceng.core.access import require
from jiceng.core.actor import Actor
from jiceng.core.errors import DomainError
from jiceng.meetings.hooks import MEETING_REF
from jiceng.meetings.models import Meeting
from jiceng.meetings.rules import Kind, Status
from jiceng.notices import actions as notice_actions
from jiceng.organizations.models import Organization
from jiceng.organizations.rules import OrgKind
from jiceng.people import actions as people_actions
from jiceng.people.models import Person
from jiceng.people.rules import Category

from . import flow, rules
from .models import File, Plan

OPENABLE = (Category.RESIDENT, Category.APPLICANT)


def _set_category(actor: Actor, person: Person, category: str, on: dt.date, **dates: Any) -> None:
    if person.category != category or dates:
        people_actions.update_person(actor, person, changed_on=on, via="pipeline", category=category, **dates)


def branch_of(org: Organization) -> Organization:
    """The branch a file belongs to: a 党小组's branch, else the person's own organization."""
    if org.kind == OrgKind.PARTY_GROUP:
        return org.parent() or org
    return org


def open_file(actor: Actor, person: Person, applied_on: dt.date, note: str = "",
              today: dt.date | None = None, tags: Sequence[str] = ()) -> File:  # fmt: skip
    """A new file from the written application (递交入党申请书); the person becomes 入党申请人.
    `tags`: the person's source tags (关怀对象, 外出务工经商人员 …) the statistics count by."""
    require(actor.has_perm("development.add_file_to", person.organization))
    clean_tags = _clean_tags(tags)
    today = today or timezone.localdate()
    if applied_on > today:
        raise DomainError("申请入党日期不能晚于今天")
    if person.category not in OPENABLE:
        raise DomainError(f"{person.name}现为{person.get_category_display()}，不能再登记入党申请")
    rs = rules.rules_on(applied_on)
    problem = rules.age_problem(person.birth_date, applied_on, rs)
    if problem:
        raise DomainError(problem)
    branch = branch_of(person.organization)
    file = File(person=person, organization=branch, org_path=branch.path, applied_on=applied_on, tags=clean_tags)
    engine.begin(file, applied_on)
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint: two clerks registering at once make one file
                file.save()
        except IntegrityError as exc:
            raise DomainError(f"{person.name}已有正在办理的发展党员档案") from exc
        engine.started(actor, file, applied_on, label=flow.LABEL_OF["applied"], note=note.strip())
        audit.record(actor, "create", file, org=file.organization,
                     changes={"申请人": person.name, "申请入党日期": applied_on.isoformat(),
                              **({"来源标签": clean_tags} if clean_tags else {})})  # fmt: skip
        _set_category(actor, person, Category.APPLICANT, applied_on)
    return file


def _people(file: File, ids: Sequence[Any], role: str) -> list[Person]:
    """The named people, of the file's county subtree (a 介绍人 may belong to another branch)."""
    wanted = {int(i) for i in ids if str(i).isdigit()}
    found = list(Person.objects.filter(pk__in=wanted).exclude(pk=file.person_id))
    if len(found) != len(wanted):
        raise DomainError(f"所选{role}不存在（或为申请人本人）")
    return found


def _prepare(file: File, target: str, on: dt.date, data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(given, updates) of a move: the eligibility rules of the step's date, each citing its article."""
    rs = rules.rules_on(on)
    given: dict[str, Any] = {"note": data.get("note", "").strip(), "opinions": data.get("opinions", "").strip()}
    updates: dict[str, Any] = {}
    problem: str | None = None
    if target == "activist":
        contacts = _people(file, data.get("contacts") or (), "培养联系人")
        given["contacts"] = contacts
        problem = rules.contacts_problem([p.category for p in contacts], rs) if contacts else None
        updates["reviewed_on"] = None
    elif target == "introduced":
        introducers = _people(file, data.get("introducers") or (), "入党介绍人")
        given["introducers"] = introducers
        problem = rules.introducers_problem([p.category for p in introducers], rs) if introducers else None
    elif target == "vetted":
        given["vetting"] = updates["vetting"] = data.get("vetting", "").strip()[:200]
    elif target == "trained":
        days, hours = data.get("training_days"), data.get("training_hours")
        if not (days or hours):  # entered once: the 集中培训 recorded in the training app since 发展对象
            days, hours = _recorded_training(file, on)
            given["note"] = "；".join(filter(None, [given["note"], f"培训记录：{days}天、{hours}学时"]))
        given["training"] = bool(days or hours)
        problem = rules.training_problem(days, hours, rs) if given["training"] else None
        updates.update(training_days=days, training_hours=hours)
    elif target == "admitted":
        updates["admitted_on"] = on
    elif target in ("confirmed", "extended") and file.admitted_on is not None:
        problem = rules.confirm_problem(on, file.admitted_on, file.extension_months, rs)
    if target == "extended" and problem is None:
        months = data.get("extension_months")
        given["extension"] = months
        problem = rules.extension_problem(months, file.extension_months, rs) if months else None
        updates["extension_months"] = months
    if problem:
        raise DomainError(problem)
    return given, updates


def _recorded_training(file: File, on: dt.date) -> tuple[int, int]:
    """(days, hours) of 集中培训 the training app recorded for the person from becoming 发展对象 to `on`."""
    from jiceng.training.queries import hours_of

    since = file.reached_on("candidate") or file.applied_on
    found = hours_of(file.person, since, on, kinds=("集中培训",))
    return int(found.days), int(found.hours)


def _meeting_day(file: File) -> dt.date | None:
    """The date of the latest held meeting linked to the current step (the default date of leaving it)."""
    ids = [int(r.removeprefix(MEETING_REF)) for r in engine.links(file, file.step) if r.startswith(MEETING_REF)]
    held = Meeting.objects.filter(pk__in=ids, status=Status.HELD).order_by("-held_on")
    return held.values_list("held_on", flat=True).first()


def move(actor: Actor, file: File, target: str, *, on: dt.date | None = None, today: dt.date | None = None,
         **data: Any) -> File:  # fmt: skip
    """Take the step `target` on the event date `on` (default: the linked meeting's date when
    leaving a 支部大会 step, else today). `data`: note, opinions, contacts, introducers (person
    ids), vetting, training_days, training_hours, extension_months; for the 公示: notice_title,
    notice_text, notice_days."""
    require(actor.has_perm("development.change_file", file))
    today = today or timezone.localdate()
    if on is None and file.state_obj.step == "meeting":
        on = _meeting_day(file)
    on = on or today
    file.definition.move(file.step, target)  # an illegal move is refused first (in Chinese)
    given, updates = _prepare(file, target, on, data)
    note = given["note"] or given["opinions"] or given.get("vetting", "")
    with transaction.atomic():
        engine.transition(actor, file, target, on=on, today=today, given=given, updates=updates, note=note)
        for name in ("contacts", "introducers"):
            if given.get(name):
                getattr(file, name).set(given[name])
        if target == "notice":
            _publish(actor, file, today, data)
        _follow(actor, file, target, on)
    return file


def _follow(actor: Actor, file: File, target: str, on: dt.date) -> None:
    """The person's category after the step (the stage's category, dated as the 细则 dates it)."""
    person, stage = file.person, flow.STAGE_OF[target]
    if target == "probationary" and file.admitted_on is not None:
        # 入党日期 is the day the 支部大会 admitted the member (《细则》第二十九条)
        _set_category(actor, person, Category.PROBATIONARY, file.admitted_on, joined_on=file.admitted_on)
    elif target == "full" and file.admitted_on is not None:
        # 党龄 counts from the end of the probation (《细则》第三十四条)
        ends = rules.probation_end(file.admitted_on, file.extension_months, rules.rules_on(file.admitted_on))
        _set_category(actor, person, Category.FULL, ends, confirmed_on=ends)
    elif target == "revoked":
        _set_category(actor, person, Category.RESIDENT, on, joined_on=None)
    elif stage != person.category and stage in (Category.ACTIVIST, Category.CANDIDATE, Category.RESIDENT):
        _set_category(actor, person, stage, on)


def _publish(actor: Actor, file: File, today: dt.date, data: dict[str, Any]) -> None:
    name, branch = file.person.name, file.organization.name
    title = (data.get("notice_title") or "").strip() or f"关于拟发展{name}同志为预备党员的公示"
    text = (data.get("notice_text") or "").strip() or (
        f"经{branch}支部委员会审查、乡镇党委预审，拟发展{name}同志为中共预备党员，现予公示。"
        "公示期间，党员和群众可以通过来信、来电、来访等方式反映该同志的情况和问题。"
    )
    notice_actions.publish_notice(actor, subject=file, step="notice", organization=file.organization, title=title,
                                  text=text, days=data.get("notice_days") or None, today=today)  # fmt: skip


def link_meeting(actor: Actor, file: File, meeting: Meeting) -> File:
    """The 支部大会 of the current step is `meeting` (a 党员大会 of the person's branch, as recorded
    in the meetings app: it is linked, not entered again)."""
    require(actor.has_perm("development.change_file", file))
    state = file.state_obj
    if state.step != "meeting":
        raise DomainError(f"当前环节“{state.label}”不需要关联会议")
    if meeting.organization_id != file.organization_id or meeting.kind != Kind.PARTY_CONGRESS:
        raise DomainError(f"应关联{file.organization.name}召开的党员大会（支部大会）")
    with transaction.atomic():
        engine.link(file, file.step, meeting)
        engine.record_event(actor, file, "link", "关联支部大会", meeting.held_on, note=str(meeting))
        audit.record(actor, "update", file, org=file.organization, changes={"关联会议": str(meeting)})
    return file


def record_review(actor: Actor, file: File, on: dt.date, text: str, today: dt.date | None = None) -> File:
    """A written half-year review of an activist (《细则》第十一条), dated; late entry is shown."""
    require(actor.has_perm("development.change_file", file))
    today = today or timezone.localdate()
    text = (text or "").strip()
    if file.step not in flow.ACTIVIST_REVIEWS + flow.PROBATION:
        raise DomainError("只有入党积极分子和预备党员需要定期考察")
    if not text:
        raise DomainError("请填写考察情况")
    if on > today or on < file.step_on:
        raise DomainError(f"考察日期应在{file.step_on:%Y-%m-%d}至今天之间")
    with transaction.atomic():
        engine.record_event(actor, file, "review", "定期考察", on, note=text[:2000])
        if file.reviewed_on is None or on > file.reviewed_on:
            File.objects.filter(pk=file.pk).update(reviewed_on=on, updated_at=timezone.now())
            file.reviewed_on = on
        audit.record(actor, "update", file, org=file.organization, changes={"定期考察": on.isoformat()})
    return file


TAG_MAX, TAGS_MAX = 20, 10


def _clean_tags(tags: Sequence[str]) -> list[str]:
    """Trimmed, without blanks and repeats; refused (in Chinese) when too many or too long."""
    clean = list(dict.fromkeys(t.strip() for t in tags if t and t.strip()))
    if len(clean) > TAGS_MAX:
        raise DomainError(f"来源标签最多{TAGS_MAX}个")
    if too_long := [t for t in clean if len(t) > TAG_MAX]:
        raise DomainError(f"来源标签不能超过{TAG_MAX}个字：{too_long[0]}")
    return clean


def set_tags(actor: Actor, file: File, tags: Sequence[str]) -> File:
    """The file's free source tags (来源: 关怀对象, 外出务工经商人员 …) the statistics count by."""
    require(actor.has_perm("development.change_file", file))
    clean = _clean_tags(tags)
    with transaction.atomic():
        before = list(file.tags or [])
        File.objects.filter(pk=file.pk).update(tags=clean, updated_at=timezone.now())
        file.tags = clean
        audit.record(actor, "update", file, org=file.organization, changes={"来源标签": [before, clean]})
    return file


PLAN_MAX = 50  # more than fifty a year in one village is a typing slip


def set_plan(actor: Actor, org: Organization, year: int, planned: int, note: str = "") -> Plan:
    """The village's plan for `year` (a second call changes it; audited with before and after)."""
    require(actor.has_perm("development.set_plan", org))
    if not org.is_village_level:
        raise DomainError("发展计划按村党组织制定，请选择村党支部")
    if not 2000 <= year <= 2100:
        raise DomainError("年度应在2000年至2100年之间")
    if not 0 <= planned <= PLAN_MAX:
        raise DomainError(f"计划发展人数应在0至{PLAN_MAX}人之间")
    note = note.strip()[:200]
    with transaction.atomic():
        plan, made = Plan.objects.select_for_update().get_or_create(
            organization=org, year=year, defaults={"org_path": org.path, "planned": planned, "note": note}
        )
        if made:
            audit.record(actor, "create", plan, org=org, changes={"计划发展人数": planned})
        elif (plan.planned, plan.note) != (planned, note):
            before = plan.planned
            plan.planned, plan.note = planned, note
            plan.save(update_fields=["planned", "note", "updated_at"])
            audit.record(actor, "update", plan, org=org, changes={"计划发展人数": [before, planned]})
    return plan
