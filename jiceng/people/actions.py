"""Every change to people and posts: atomic, permission-checked, audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from jiceng.core import audit
from jiceng.core.access import in_scope, require
from jiceng.core.actor import Actor
from jiceng.core.errors import DomainError
from jiceng.organizations.models import Organization

from . import rules
from .bulk import PersonRow, identity_fields, insert_people
from .models import CategoryChange, Person, Post, ReserveCadre, Transfer

PERSON_FIELDS = (
    "name",
    "sex",
    "birth_date",
    "ethnicity",
    "education",
    "category",
    "organization",
    "joined_on",
    "confirmed_on",
    "probation_extended_months",
    "phone",
    "is_mobile",
    "mobile_destination",
)


PROBATION_FIELDS = {"joined_on", "confirmed_on", "probation_extended_months", "category"}


def person_problems(data: dict[str, Any], *, probation: bool = True) -> dict[str, str]:
    """Field → reason for every rule the data breaks (shared by forms, API and roster import).

    `probation=False` leaves out the probation year (an edit that touches none of its dates
    does not refuse a record entered before the rule)."""
    problems: dict[str, str] = {}
    category = data.get("category")
    joined, confirmed = data.get("joined_on"), data.get("confirmed_on")
    if category in rules.MEMBER_CATEGORIES and joined is None:
        problems["joined_on"] = "党员必须填写入党日期"
    if category == rules.Category.FULL and confirmed is None:
        problems["confirmed_on"] = "正式党员必须填写转正日期"
    if probation:
        problems.update(_probation_problems(joined, confirmed, data.get("probation_extended_months")))
    birth = data.get("birth_date")
    if joined and birth and rules.age_on(birth, joined) < 18:
        problems["joined_on"] = "入党时应年满18周岁"
    phone = data.get("phone") or ""
    if phone and not (len(phone) == 11 and phone.isascii() and phone.isdigit() and phone.startswith("1")):
        problems["phone"] = "联系电话应为11位手机号码"
    return problems


def _probation_problems(joined: dt.date | None, confirmed: dt.date | None, extension: int | None) -> dict[str, str]:
    if problem := rules.extension_problem(joined, extension):
        return {"probation_extended_months": problem}
    if problem := rules.probation_problem(joined, confirmed, extension):  # issue 10.5
        return {"confirmed_on": problem}
    return {}


def initial_category_history(person: Person, today: dt.date) -> list[CategoryChange]:
    """History rows implied by a new person's dates (see `rules.initial_stages`)."""
    stages = rules.initial_stages(person.category, person.joined_on, person.confirmed_on, today)
    return [CategoryChange(person=person, category=category, since=since) for category, since in stages]


def _raise_problems(problems: dict[str, str]) -> None:
    if problems:
        raise DomainError("；".join(problems.values()))


def create_person(actor: Actor, *, id_number: str, **data: Any) -> Person:
    org: Organization = data["organization"]
    require(actor.has_perm("people.add_person_to", org))
    id_number = rules.normalize_id(id_number)
    problem = rules.id_problem(id_number)
    if problem:
        raise DomainError(problem)
    derived = identity_fields(id_number)
    data.setdefault("birth_date", derived["birth_date"])
    _raise_problems(person_problems(data))
    registered = Person.objects.filter(id_digest=derived["id_digest"]).values_list("org_path", flat=True).first()
    if registered is not None:
        sees = getattr(actor, "is_superuser", False) or in_scope(actor, registered)  # SYSTEM is one too
        raise DomainError("该公民身份号码已登记" if sees else rules.REGISTERED_ELSEWHERE)
    pinyin, initials = rules.pinyin_keys(data["name"])
    with transaction.atomic():
        person = Person.objects.create(
            **{**data, **derived}, org_path=org.path, name_pinyin=pinyin, name_initials=initials
        )
        CategoryChange.objects.bulk_create(initial_category_history(person, timezone.localdate()))
        audit.record(
            actor,
            "create",
            person,
            org=org,
            changes=audit.snapshot(person, [f for f in PERSON_FIELDS if f != "organization"]),
        )
    return person


def create_people(actor: Actor, rows: list[PersonRow], *, source: str) -> list[tuple[int, PersonRow]]:
    """Many new people at once (the roster import): the rules of `create_person` for each row,
    then one multi-row write (`bulk.insert_people`) and one audit event per person naming `source`."""
    for org in {row.organization.pk: row.organization for row in rows}.values():
        require(actor.has_perm("people.add_person_to", org))
        if org.is_dissolved:
            raise DomainError(f"不能在已撤销的组织“{org.name}”中登记人员")
    for row in rows:
        row.id_number = rules.normalize_id(row.id_number)
        problem = rules.id_problem(row.id_number)
        if problem:
            raise DomainError(f"{row.name}：{problem}")
        data = {"category": row.category, "joined_on": row.joined_on, "confirmed_on": row.confirmed_on,
                "probation_extended_months": row.probation_extended_months, "phone": row.phone,
                "birth_date": rules.birth_date_from_id(row.id_number)}  # fmt: skip
        problems = person_problems(data)
        if problems:
            raise DomainError(f"{row.name}：{'；'.join(problems.values())}")
    try:
        with transaction.atomic():
            created = insert_people(rows)
            audit.record_many([
                audit.event_row(actor, "create", "people.person", pk, row.name, row.organization.pk, {"来源": source})
                for pk, row in created
            ])  # fmt: skip
    except IntegrityError as exc:  # an ID number registered meanwhile, or twice in `rows`
        raise DomainError("有公民身份号码已登记（可能刚由他人登记）") from exc
    return created


@dataclass
class PersonChange:
    """One person's update: the fields to change, and (for a category change) the day it happened."""

    person: Person
    data: dict[str, Any]
    changed_on: dt.date | None = None  # default: 转正日期 / 入党日期 for members, else today
    # Who may change a category (issue 13.1): the development pipeline ("pipeline") and the roster
    # bringing in historical records with their dates ("roster"); a page edit may not.
    via: str = ""
    # A change of organization is a dated transfer (组织关系转接, issue 13.4): its day (default
    # today), reason and note; `transfer_person` sets them.
    transfer_on: dt.date | None = None
    transfer_reason: str = ""
    transfer_note: str = ""


CATEGORY_CHANNELS = ("pipeline", "roster")
CATEGORY_ONLY_VIA = (
    "人员类别只能通过发展党员流程变动（入党申请、确定积极分子、发展对象、接收预备党员、转正）；历史数据通过花名册导入"
)


@dataclass
class _Prepared:
    change: PersonChange
    fields: list[str]
    history: CategoryChange | None
    events: list[tuple[Any, ...]]
    transfer: Transfer | None = None


def update_person(actor: Actor, person: Person, *, changed_on: dt.date | None = None, via: str = "",
                  **data: Any) -> Person:  # fmt: skip
    """Update the given fields; a new organization must also be in the actor's subtree.

    A category change is dated `changed_on` (the day it happened; the entry time is kept beside it)
    and comes only `via` the development pipeline or the roster (CATEGORY_CHANNELS).
    """
    update_people(actor, [PersonChange(person, data, changed_on, via)])
    return person


def update_people(actor: Actor, changes: list[PersonChange]) -> int:
    """Many updates in one transaction (the roster import); each checked and audited as one.

    Everything is checked before anything is written; returns the number of people changed.
    """
    today = timezone.localdate()
    prepared = [_prepare_update(actor, change, today) for change in changes]
    with transaction.atomic():
        events: list[tuple[Any, ...]] = []
        for item in prepared:
            _apply_update(item)
            events.extend(item.events)
        CategoryChange.objects.bulk_create([item.history for item in prepared if item.history is not None])
        Transfer.objects.bulk_create([item.transfer for item in prepared if item.transfer is not None])
        audit.record_many(events)
    return sum(1 for item in prepared if item.fields)


def _prepare_update(actor: Actor, change: PersonChange, today: dt.date) -> _Prepared:
    person, data = change.person, change.data
    require(actor.has_perm("people.change_person", person))
    new_org = data.get("organization")
    if new_org is not None:
        require(actor.has_perm("people.add_person_to", new_org))
        if new_org.is_dissolved:
            raise DomainError("不能转入已撤销的组织")
    unknown = set(data) - set(PERSON_FIELDS)
    if unknown:
        raise DomainError(f"不能修改这些字段：{'、'.join(sorted(unknown))}")
    merged = {**{name: getattr(person, name) for name in PERSON_FIELDS}, **data}
    _raise_problems(person_problems(merged, probation=bool(PROBATION_FIELDS & set(data))))
    category = merged["category"]
    history = None
    if category != person.category and change.via not in CATEGORY_CHANNELS:
        raise DomainError(CATEGORY_ONLY_VIA)
    if category != person.category:
        since = change.changed_on or category_since(category, merged["joined_on"], merged["confirmed_on"], today)
        joined = merged["joined_on"] if category in rules.MEMBER_CATEGORIES else None
        problem = rules.event_date_problem(since, today, birth=merged["birth_date"], joined=joined, what="类别变动日期")
        if problem:
            raise DomainError(problem)
        history = CategoryChange(person=person, category=category, since=since)
    before = audit.snapshot(person, data.keys())
    old_org = person.organization
    fields = [name for name, value in data.items() if getattr(person, name) != value]
    for name, value in data.items():
        setattr(person, name, value)
    changes = audit.diff(before, audit.snapshot(person, data.keys()))
    if history is not None:  # the day it happened, beside the entry time the event carries
        changes["category_since"] = [None, history.since.isoformat()]
    transfer = None
    if person.organization != old_org:  # a dated transfer (组织关系转接), appended with the change
        transfer = Transfer(person=person, from_org=old_org, to_org=person.organization,
                            on=change.transfer_on or today, reason=change.transfer_reason,
                            note=change.transfer_note)  # fmt: skip
        changes["transfer_on"] = [None, transfer.on.isoformat()]
        if transfer.reason:
            changes["transfer_reason"] = [None, rules.TransferReason(transfer.reason).label]
    events = []
    if changes:
        events.append(_event(actor, "update", person, person.organization, changes))
    if transfer is not None:  # the organization left behind sees the transfer too
        events.append(_event(actor, "transfer_out", person, old_org, changes))
    return _Prepared(change, fields, history, events, transfer)


def _apply_update(item: _Prepared) -> None:
    person, fields = item.change.person, list(item.fields)
    if not fields:
        return
    if "name" in fields:
        person.name_pinyin, person.name_initials = rules.pinyin_keys(person.name)
        fields += ["name_pinyin", "name_initials"]
    if "organization" in fields:
        person.org_path = person.organization.path
        fields.append("org_path")
    person.save(update_fields=[*fields, "updated_at"])


def _event(actor: Actor, action: str, obj: Any, org: Organization, changes: dict[str, Any]) -> tuple[Any, ...]:
    return audit.event_row(actor, action, obj._meta.label_lower, obj.pk, str(obj), org.pk, changes)


def transfer_person(actor: Actor, person: Person, to_org: Organization, *, on: dt.date, reason: str,
                    note: str = "", today: dt.date | None = None) -> Transfer:  # fmt: skip
    """Move the person's organization relation to `to_org` on `on` (组织关系转接, the day it
    happened; entered now) for `reason` (转出/转入/流动/回乡). The day is neither in the future nor
    before the person's last transfer. A conditional UPDATE (still in the organization the clerk
    saw) locks the person's row before the order is checked, so of two clerks transferring at
    once one goes through and the other is refused: the chain is never written out of order."""
    today = today or timezone.localdate()
    require(actor.has_perm("people.change_person", person))
    if reason not in rules.TransferReason.values:
        raise DomainError("请选择转接原因（转出、转入、流动或回乡）")
    if to_org.pk == person.organization_id:
        raise DomainError(f"{person.name}已在{to_org.name}，无需转接")
    with transaction.atomic():
        still = Person.objects.filter(pk=person.pk, organization_id=person.organization_id)
        if not still.update(updated_at=timezone.now()):
            raise DomainError("该人员的所在党组织刚被他人变动，请刷新后重试")
        last = person.transfers.order_by("-on", "-id").values_list("on", flat=True).first()
        if problem := rules.transfer_date_problem(on, today, birth=person.birth_date, last=last):
            raise DomainError(problem)
        change = PersonChange(person, {"organization": to_org}, transfer_on=on, transfer_reason=reason,
                              transfer_note=note.strip()[:200])  # fmt: skip
        update_people(actor, [change])
    return person.transfers.order_by("-on", "-id")[0]


def category_since(category: str, joined_on: dt.date | None, confirmed_on: dt.date | None, today: dt.date) -> dt.date:
    """The default date of a change to `category`: 转正日期 for 正式党员, 入党日期 for 预备党员,
    else the day it is entered."""
    if category == rules.Category.FULL and confirmed_on:
        return confirmed_on
    if category == rules.Category.PROBATIONARY and joined_on:
        return joined_on
    return today


def delete_person(actor: Actor, person: Person) -> None:
    require(actor.has_perm("people.change_person", person))
    with transaction.atomic():
        changes = {"name": person.name, "id_masked": person.id_masked}
        audit.record(actor, "delete", person, org=person.organization, changes=changes)
        # The organizations the person was transferred out of count them as of earlier dates: they see it too.
        left = person.transfers.exclude(from_org=person.organization).values_list("from_org", flat=True).distinct()
        if left_orgs := list(Organization.objects.filter(pk__in=list(left))):
            audit.record_many([_event(actor, "delete", person, org, changes) for org in left_orgs])
        person.delete()


def add_post(
    actor: Actor,
    person: Person,
    *,
    body: str,
    title: str,
    organization: Organization | None = None,
    appointment_mode: str = rules.AppointmentMode.ELECTED,
    start_on: dt.date | None = None,
    term: str = "",
) -> Post:
    """A post taken up on `start_on` (the day it happened; None = not known): not in the future,
    not before birth, and a party post not before joining the party. Entered now (`created_at`)."""
    if start_on is not None:
        joined = person.joined_on if body == rules.PostBody.PARTY else None
        problem = rules.event_date_problem(start_on, timezone.localdate(), birth=person.birth_date, joined=joined,
                                           what="任职日期")  # fmt: skip
        if problem:
            raise DomainError(problem)
    post = Post(person=person, organization=organization or person.organization, body=body, title=title,
                appointment_mode=appointment_mode, start_on=start_on, term=term.strip())  # fmt: skip
    (made,) = add_posts(actor, [post])
    return made


def add_posts(actor: Actor, posts: list[Post]) -> list[Post]:
    """Many new posts at once (the roster import), each audited. The roster's one 职务任职日期
    serves a person's party and committee posts alike, so its dates are taken as given."""
    _check_new_posts(actor, posts)
    with transaction.atomic():
        made = Post.objects.bulk_create(posts, batch_size=2000)
        fields = ["body", "title", "appointment_mode", "start_on"]
        snapshots = [audit.snapshot(p, [*fields, *(["term"] if p.term else [])]) for p in made]
        audit.record_many([_event(actor, "create", p, p.organization, c) for p, c in zip(made, snapshots, strict=True)])
    return made


def _check_new_posts(actor: Actor, posts: list[Post]) -> None:
    for post in posts:
        require(actor.has_perm("people.change_person", post.person))
        require(actor.has_perm("people.add_person_to", post.organization))
        titles = rules.TITLES.get(post.body)
        if titles is None or post.title not in titles.values:
            raise DomainError("职务名称不正确")
        if len(post.term) > 30:
            raise DomainError("届次不能超过30个字")


def end_post(actor: Actor, post: Post, end_on: dt.date, reason: str = "") -> Post:
    """The post ended on `end_on` (the day it happened: not in the future) for `reason`
    (辞职、免职、撤职、罢免、任期届满; empty when not known); entered now."""
    if end_on > timezone.localdate():
        raise DomainError("离任日期不能晚于今天")
    end_posts(actor, [(post, end_on)], reason)
    return post


def end_posts(actor: Actor, ends: list[tuple[Post, dt.date]], reason: str = "") -> None:
    """End many posts (the roster import ends the posts a re-import replaces), each audited."""
    if reason and reason not in rules.PostEndReason.values:
        raise DomainError("离任原因不正确")
    for post, end_on in ends:
        require(actor.has_perm("people.change_person", post.person))
        if post.end_on is not None:
            raise DomainError("该职务已离任")
        if post.start_on and end_on < post.start_on:
            raise DomainError("离任日期不能早于任职日期")
    now = timezone.now()
    with transaction.atomic():
        events = []
        for post, end_on in ends:
            post.end_on, post.end_recorded_at, post.end_reason = end_on, now, reason
            post.save(update_fields=["end_on", "end_recorded_at", "end_reason", "updated_at"])
            change: dict[str, Any] = {"end_on": [None, end_on.isoformat()]}
            if reason:
                change["end_reason"] = [None, rules.PostEndReason(reason).label]
            events.append(_event(actor, "update", post, post.organization, change))
        audit.record_many(events)


def replace_posts(actor: Actor, replacements: list[tuple[list[Post], Post]], on: dt.date) -> list[Post]:
    """New posts that take the place of others in the same body (a re-imported roster names 副书记
    where 书记 was): the others end on `on` (or on their start, if later) and the new one begins.
    One audit event per replacement, on the new post, naming the post(s) it replaced."""
    _check_new_posts(actor, [post for _ended, post in replacements])
    for ended, _post in replacements:
        for old in ended:
            require(actor.has_perm("people.change_person", old.person))
            if old.end_on is not None:
                raise DomainError("该职务已离任")
    now = timezone.now()
    with transaction.atomic():
        for ended, _post in replacements:
            for old in ended:
                old.end_on, old.end_recorded_at = max(on, old.start_on or on), now
                old.save(update_fields=["end_on", "end_recorded_at", "updated_at"])
        made = Post.objects.bulk_create([post for _ended, post in replacements], batch_size=2000)
        events = []
        for (ended, _post), post in zip(replacements, made, strict=True):
            first = ended[0]
            changes = {"title": [first.title, post.title], "start_on": [_iso(first.start_on), _iso(post.start_on)],
                       "replaces": [str(old) for old in ended], "end_on": [None, _iso(first.end_on)]}  # fmt: skip
            events.append(_event(actor, "update", post, post.organization, changes))
        audit.record_many(events)
    return made


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def change_post_starts(actor: Actor, starts: list[tuple[Post, dt.date | None]]) -> None:
    """Correct the start dates of posts (a re-imported roster with another 职务任职日期), audited."""
    for post, start_on in starts:
        require(actor.has_perm("people.change_person", post.person))
        if start_on and post.end_on and post.end_on < start_on:
            raise DomainError("任职日期不能晚于离任日期")
    with transaction.atomic():
        events = []
        for post, start_on in starts:
            old = post.start_on
            post.start_on = start_on
            post.save(update_fields=["start_on", "updated_at"])
            change = {"start_on": [_iso(old), _iso(start_on)]}
            events.append(_event(actor, "update", post, post.organization, change))
        audit.record_many(events)


def add_reserve_cadre(
    actor: Actor, person: Person, *, since: dt.date, intended_post: str = "", notes: str = ""
) -> ReserveCadre:
    require(actor.has_perm("people.change_person", person))
    with transaction.atomic():
        entry = ReserveCadre.objects.create(
            person=person,
            organization=person.organization,
            since=since,
            intended_post=intended_post,
            notes=notes,
        )
        audit.record(
            actor,
            "create",
            entry,
            org=person.organization,
            changes={"person": person.name, "since": since.isoformat(), "intended_post": intended_post},
        )
    return entry
