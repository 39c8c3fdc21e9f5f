"""The roster workbook (花名册): template, validation, all-or-nothing import, export.

The contract is `shared/spec/roster-and-stats.md`: two sheets `组织` and `人员`, headers matched
by name, errors reported as `工作表 行号 列名: 原因` with Excel row numbers. The import first
reads and checks every row without writing (`plan_import`), then writes the plan in one
transaction (`apply_plan`) through the bulk path, so one bad row means nothing is written and a
re-import of the same file writes nothing at all.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from jiceng.core import audit
from jiceng.organizations import actions as org_actions
from jiceng.organizations import rules as org_rules
from jiceng.organizations.models import Organization

from . import rules
from .actions import PERSON_FIELDS, person_problems
from .bulk import PersonRow, insert_people
from .crypto import id_digest
from .exports import append_rows
from .models import CategoryChange, Person, Post

ORG_SHEET, PERSON_SHEET = "组织", "人员"
ORG_HEADERS = ["组织名称", "上级组织", "组织类别", "行政区划代码", "所属行政村"]
PERSON_HEADERS = [
    "姓名", "公民身份号码", "性别", "出生日期", "民族", "学历", "人员类别", "所在党组织", "入党日期",
    "转正日期", "党内职务", "村委会职务", "职务任职日期", "联系电话", "是否流动党员",
]  # fmt: skip
REQUIRED_ORG = {"组织名称", "组织类别"}
REQUIRED_PERSON = {"姓名", "公民身份号码", "人员类别", "所在党组织"}
# Which column a rule about a person field is reported on.
FIELD_COLUMNS = {
    "name": "姓名", "joined_on": "入党日期", "confirmed_on": "转正日期", "phone": "联系电话",
    "birth_date": "出生日期", "category": "人员类别", "organization": "所在党组织",
}  # fmt: skip
YES_NO = {"是": True, "否": False}
# Optional columns and the fields they carry: a column left out of the file leaves the field as is.
OPTIONAL_COLUMNS = {"民族": "ethnicity", "学历": "education", "入党日期": "joined_on", "转正日期": "confirmed_on",
                    "联系电话": "phone", "是否流动党员": "is_mobile"}  # fmt: skip
DATE_PATTERNS = [
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
]
ROOT_KINDS = {
    org_rules.OrgKind.PROVINCE_COMMITTEE, org_rules.OrgKind.CITY_COMMITTEE, org_rules.OrgKind.COUNTY_COMMITTEE,
}  # fmt: skip
EXCEL_EPOCH = dt.date(1899, 12, 30)


class RosterError(Exception):
    """The workbook cannot be read at all (not an .xlsx, corrupt, password protected)."""


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"{self.sheet} {self.row} {self.column}: {self.reason}"


@dataclass
class NewOrg:
    row: int
    name: str
    parent_path: str
    kind: str
    division_code: str
    village: str

    @property
    def full_path(self) -> str:
        return org_rules.join_path([self.parent_path, self.name]) if self.parent_path else self.name


@dataclass
class OrgChange:
    org: Organization
    fields: dict[str, Any]


@dataclass
class PersonUpdate:
    person_id: int
    values: dict[str, Any]  # only the fields that change
    before: dict[str, Any]


@dataclass
class PostPlan:
    person_key: str  # id digest
    org_path: str  # full path
    body: str
    title: str
    start_on: dt.date | None


@dataclass
class Plan:
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    new_orgs: list[NewOrg] = field(default_factory=list)
    org_changes: list[OrgChange] = field(default_factory=list)
    new_people: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (org full path, fields)
    person_updates: list[PersonUpdate] = field(default_factory=list)
    posts: list[PostPlan] = field(default_factory=list)
    unchanged_orgs: int = 0
    unchanged_people: int = 0
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def counts(self) -> dict[str, int]:
        return {
            "orgs_created": len(self.new_orgs),
            "orgs_updated": len(self.org_changes),
            "orgs_unchanged": self.unchanged_orgs,
            "people_created": len(self.new_people),
            "people_updated": len(self.person_updates),
            "people_unchanged": self.unchanged_people,
        }


Progress = Callable[[int, int], None]


# ---------------------------------------------------------------- reading


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


def parse_date(value: Any) -> dt.date | None:
    """`2024-03-01`, `2024/3/1`, `2024年3月1日`, an Excel date cell or serial number; None if empty.

    Raises ValueError with a Chinese reason for anything else.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise ValueError("日期格式不正确")
    text = str(value).strip()
    for pattern in DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return dt.date(*(int(part) for part in match.groups()))
            except ValueError:
                raise ValueError("日期不存在") from None
    raise ValueError("日期格式不正确，应为 2024-03-01、2024/3/1 或 2024年3月1日")


def read_workbook(source: str | IO[bytes]) -> dict[str, list[list[Any]]]:
    """The sheets of a workbook as rows of Python values, anchored at cell A1."""
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(source) if isinstance(source, str) else CalamineWorkbook.from_filelike(source)
        return {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheet_names}
    except Exception as exc:  # calamine raises several types for broken files
        raise RosterError("无法读取该文件，请上传 .xlsx 格式的花名册") from exc


@dataclass
class Sheet:
    name: str
    columns: dict[str, int]
    rows: list[tuple[int, list[Any]]]  # (Excel row number, values)

    def get(self, values: list[Any], header: str) -> Any:
        index = self.columns.get(header)
        return values[index] if index is not None and index < len(values) else None

    def text(self, values: list[Any], header: str) -> str:
        return _cell_text(self.get(values, header))


def _sheet(plan: Plan, name: str, raw: list[list[Any]], known: list[str], required: set[str]) -> Sheet | None:
    if not raw:
        return Sheet(name, {}, [])
    header = [_cell_text(v) for v in raw[0]]
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        if not title:
            continue
        if title in columns:
            plan.problems.append(Problem(name, 1, title, "列名重复"))
        elif title in known:
            columns[title] = index
        else:
            plan.warnings.append(f"{name} 1 {title}: 不认识的列，已忽略")
    missing = [title for title in known if title in required and title not in columns]
    for title in missing:
        plan.problems.append(Problem(name, 1, title, "缺少必填列"))
    if missing:
        return None
    rows = [(i + 1, values) for i, values in enumerate(raw[1:], start=1) if any(_cell_text(v) for v in values)]
    return Sheet(name, columns, rows)


# ---------------------------------------------------------------- planning


class _Scope:
    """Which organizations the importing user may write to (None = the command line: all)."""

    def __init__(self, actor: Any) -> None:
        org = getattr(actor, "organization", None) if getattr(actor, "is_authenticated", False) else None
        self.root_path = org.full_path if org is not None else None
        self.system = not getattr(actor, "is_authenticated", False)

    def allows(self, full_path: str) -> bool:
        if self.system:
            return True
        if self.root_path is None:
            return False
        return full_path == self.root_path or full_path.startswith(self.root_path + org_rules.PATH_SEPARATOR)


def _plan_orgs(plan: Plan, sheet: Sheet, existing: dict[str, Organization], scope: _Scope) -> dict[str, str]:
    """Check the 组织 rows; returns full path → kind for every organization the people may name."""
    kinds = {path: org.kind for path, org in existing.items()}
    seen: dict[str, int] = {}
    candidates: list[NewOrg] = []
    for row, values in sheet.rows:
        name = sheet.text(values, "组织名称")
        parent = org_rules.join_path(org_rules.split_path(sheet.text(values, "上级组织")))
        kind_label = sheet.text(values, "组织类别")
        code = sheet.text(values, "行政区划代码")
        village = sheet.text(values, "所属行政村")
        problem = org_rules.name_problem(name) if name else "必填"
        if problem:
            plan.problems.append(Problem(ORG_SHEET, row, "组织名称", problem))
            continue
        kind = org_rules.KIND_BY_LABEL.get(kind_label)
        if kind is None:
            reason = "必填" if not kind_label else f"“{kind_label}”不是有效的组织类别"
            plan.problems.append(Problem(ORG_SHEET, row, "组织类别", reason))
            continue
        if code and not (code.isdigit() and 6 <= len(code) <= 12):
            plan.problems.append(Problem(ORG_SHEET, row, "行政区划代码", "应为6至12位数字"))
        if len(village) > 100:
            plan.problems.append(Problem(ORG_SHEET, row, "所属行政村", "不能超过100个字"))
        item = NewOrg(row, name, parent, kind, code, village)
        if item.full_path in seen:
            plan.problems.append(Problem(ORG_SHEET, row, "组织名称", f"与第{seen[item.full_path]}行重复"))
            continue
        seen[item.full_path] = row
        if not scope.allows(item.full_path):
            plan.problems.append(Problem(ORG_SHEET, row, "组织名称", "不在您的管辖范围内"))
            continue
        candidates.append(item)
    file_kinds = {c.full_path: c.kind for c in candidates}
    all_kinds = {**kinds, **file_kinds}
    for item in candidates:
        _check_org(plan, item, existing, all_kinds)
    return all_kinds


def _check_org(plan: Plan, item: NewOrg, existing: dict[str, Organization], kinds: dict[str, str]) -> None:
    if not item.parent_path:
        if item.kind not in ROOT_KINDS:
            plan.problems.append(Problem(ORG_SHEET, item.row, "上级组织", "必填（只有县委及以上可以没有上级组织）"))
            return
    elif item.parent_path not in kinds:
        plan.problems.append(Problem(ORG_SHEET, item.row, "上级组织", f"找不到组织“{item.parent_path}”"))
        return
    elif not org_rules.can_contain(kinds[item.parent_path], item.kind):
        parent_label = org_rules.OrgKind(kinds[item.parent_path]).label
        reason = f"{parent_label}下不能设立{org_rules.OrgKind(item.kind).label}"
        plan.problems.append(Problem(ORG_SHEET, item.row, "组织类别", reason))
        return
    current = existing.get(item.full_path)
    if current is None:
        plan.new_orgs.append(item)
        return
    if current.kind != item.kind:
        reason = f"与系统中已有组织的类别“{current.get_kind_display()}”不一致"
        plan.problems.append(Problem(ORG_SHEET, item.row, "组织类别", reason))
        return
    changes: dict[str, Any] = {}
    if item.division_code != current.division_code:
        changes["division_code"] = item.division_code
    current_village = current.village.name if current.village is not None else ""
    if item.village and item.village != current_village:
        changes["village"] = item.village
    if changes:
        plan.org_changes.append(OrgChange(current, changes))
    else:
        plan.unchanged_orgs += 1


def _choice(plan: Plan, row: int, column: str, text: str, mapping: dict[str, Any], required: bool = False) -> Any:
    if not text:
        if required:
            plan.problems.append(Problem(PERSON_SHEET, row, column, "必填"))
        return None
    if text not in mapping:
        allowed = "、".join(mapping)
        plan.problems.append(Problem(PERSON_SHEET, row, column, f"“{text}”不是有效值，应为：{allowed}"))
        return None
    return mapping[text]


def _date(plan: Plan, sheet: Sheet, row: int, values: list[Any], column: str) -> dt.date | None:
    try:
        return parse_date(sheet.get(values, column))
    except ValueError as exc:
        plan.problems.append(Problem(PERSON_SHEET, row, column, str(exc)))
        return None


@dataclass
class _PersonInput:
    row: int
    id_number: str
    digest: str
    org_path: str
    fields: dict[str, Any]
    party_title: str | None
    committee_title: str | None
    post_start: dt.date | None


def _read_person(plan: Plan, sheet: Sheet, row: int, values: list[Any], org_kinds: dict[str, str],
                 scope: _Scope) -> _PersonInput | None:  # fmt: skip
    before = len(plan.problems)
    name = sheet.text(values, "姓名")
    if not name:
        plan.problems.append(Problem(PERSON_SHEET, row, "姓名", "必填"))
    elif len(name) > 50:
        plan.problems.append(Problem(PERSON_SHEET, row, "姓名", "不能超过50个字"))
    raw_id = sheet.get(values, "公民身份号码")
    id_number = rules.normalize_id(_cell_text(raw_id))
    if isinstance(raw_id, float) and len(id_number) >= 15:
        plan.problems.append(Problem(PERSON_SHEET, row, "公民身份号码", "请以文本格式填写（数字格式会丢失末几位）"))
    elif not id_number:
        plan.problems.append(Problem(PERSON_SHEET, row, "公民身份号码", "必填"))
    elif problem := rules.id_problem(id_number):
        plan.problems.append(Problem(PERSON_SHEET, row, "公民身份号码", problem))
    id_ok = len(plan.problems) == before
    sex = _choice(plan, row, "性别", sheet.text(values, "性别"), rules.SEX_BY_LABEL)
    birth = _date(plan, sheet, row, values, "出生日期")
    if id_ok and sex is not None and sex != rules.sex_from_id(id_number):
        plan.problems.append(Problem(PERSON_SHEET, row, "性别", "与公民身份号码不一致"))
    if id_ok and birth is not None and birth != rules.birth_date_from_id(id_number):
        plan.problems.append(Problem(PERSON_SHEET, row, "出生日期", "与公民身份号码不一致"))
    ethnicity = sheet.text(values, "民族")
    if len(ethnicity) > 20:
        plan.problems.append(Problem(PERSON_SHEET, row, "民族", "不能超过20个字"))
    education = _choice(plan, row, "学历", sheet.text(values, "学历"), rules.EDUCATION_BY_LABEL) or ""
    category = _choice(plan, row, "人员类别", sheet.text(values, "人员类别"), rules.CATEGORY_BY_LABEL, required=True)
    org_path = org_rules.join_path(org_rules.split_path(sheet.text(values, "所在党组织")))
    if not org_path:
        plan.problems.append(Problem(PERSON_SHEET, row, "所在党组织", "必填"))
    elif org_path not in org_kinds:
        plan.problems.append(Problem(PERSON_SHEET, row, "所在党组织", f"找不到组织“{org_path}”"))
    elif not scope.allows(org_path):
        plan.problems.append(Problem(PERSON_SHEET, row, "所在党组织", "不在您的管辖范围内"))
    joined = _date(plan, sheet, row, values, "入党日期")
    confirmed = _date(plan, sheet, row, values, "转正日期")
    party_title = _choice(plan, row, "党内职务", sheet.text(values, "党内职务"), rules.PARTY_TITLE_BY_LABEL)
    committee_title = _choice(plan, row, "村委会职务", sheet.text(values, "村委会职务"), rules.COMMITTEE_TITLE_BY_LABEL)
    post_start = _date(plan, sheet, row, values, "职务任职日期")
    phone = sheet.text(values, "联系电话").replace(" ", "").replace("-", "")
    mobile = _choice(plan, row, "是否流动党员", sheet.text(values, "是否流动党员"), YES_NO) or False
    data = {
        "name": name, "ethnicity": ethnicity, "education": education, "category": category,
        "joined_on": joined, "confirmed_on": confirmed, "phone": phone, "is_mobile": mobile,
        "birth_date": rules.birth_date_from_id(id_number) if id_ok else None,
    }  # fmt: skip
    if len(plan.problems) == before:  # the cross-field rules, once every field reads well
        for key, reason in person_problems(data).items():
            plan.problems.append(Problem(PERSON_SHEET, row, FIELD_COLUMNS.get(key, key), reason))
    if len(plan.problems) > before:
        return None
    del data["birth_date"]
    return _PersonInput(row, id_number, id_digest(id_number), org_path, data, party_title, committee_title, post_start)


def _existing_people(digests: list[str]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    fields = ["id", "id_digest", *[f for f in PERSON_FIELDS if f not in ("organization", "sex", "birth_date")],
              "organization__full_path"]  # fmt: skip
    for start in range(0, len(digests), 2000):
        for row in Person.objects.filter(id_digest__in=digests[start : start + 2000]).values(*fields):
            found[row["id_digest"]] = row
    return found


def _plan_people(plan: Plan, sheet: Sheet, org_kinds: dict[str, str], scope: _Scope, progress: Progress | None) -> None:
    inputs: list[_PersonInput] = []
    seen: dict[str, int] = {}
    total = len(sheet.rows)
    for done, (row, values) in enumerate(sheet.rows, start=1):
        item = _read_person(plan, sheet, row, values, org_kinds, scope)
        if item is not None:
            if item.digest in seen:
                reason = f"与第{seen[item.digest]}行的公民身份号码重复"
                plan.problems.append(Problem(PERSON_SHEET, row, "公民身份号码", reason))
            else:
                seen[item.digest] = row
                inputs.append(item)
        if progress and done % 2000 == 0:
            progress(done, total)
    existing = _existing_people([item.digest for item in inputs])
    for item in inputs:
        current = existing.get(item.digest)
        if current is None:
            plan.new_people.append((item.org_path, {"id_number": item.id_number, **item.fields}))
        else:
            _plan_update(plan, item, current, scope, sheet.columns)
        for body, title in ((rules.PostBody.PARTY, item.party_title),
                            (rules.PostBody.VILLAGE_COMMITTEE, item.committee_title)):  # fmt: skip
            if title:
                plan.posts.append(PostPlan(item.digest, item.org_path, body, title, item.post_start))


def _plan_update(
    plan: Plan, item: _PersonInput, current: dict[str, Any], scope: _Scope, columns: dict[str, int]
) -> None:
    if not scope.allows(current["organization__full_path"]):
        plan.problems.append(Problem(PERSON_SHEET, item.row, "公民身份号码", "该人员已登记在您管辖范围以外的组织"))
        return
    absent = {f for column, f in OPTIONAL_COLUMNS.items() if column not in columns}
    changes = {k: v for k, v in item.fields.items() if k not in absent and current.get(k) != v}
    if current["organization__full_path"] != item.org_path:
        changes["organization"] = item.org_path
    if changes:
        before = {k: current.get(k) if k != "organization" else current["organization__full_path"] for k in changes}
        plan.person_updates.append(PersonUpdate(current["id"], changes, before))
    else:
        plan.unchanged_people += 1


def plan_import(source: str | IO[bytes], actor: Any = None, progress: Progress | None = None) -> Plan:
    """Read and check the whole workbook; nothing is written."""
    plan = Plan()
    try:
        sheets = read_workbook(source)
    except RosterError as exc:
        plan.problems.append(Problem("文件", 1, "-", str(exc)))
        return plan
    if ORG_SHEET not in sheets and PERSON_SHEET not in sheets:
        plan.problems.append(Problem(PERSON_SHEET, 1, "-", "找不到“组织”或“人员”工作表"))
        return plan
    scope = _Scope(actor)
    existing = {o.full_path: o for o in Organization.objects.active().select_related("village")}
    org_sheet = _sheet(plan, ORG_SHEET, sheets.get(ORG_SHEET, []), ORG_HEADERS, REQUIRED_ORG)
    person_sheet = _sheet(plan, PERSON_SHEET, sheets.get(PERSON_SHEET, []), PERSON_HEADERS, REQUIRED_PERSON)
    kinds = {path: org.kind for path, org in existing.items()}
    if org_sheet is not None:
        kinds = _plan_orgs(plan, org_sheet, existing, scope)
    if person_sheet is not None:
        plan.rows = len(person_sheet.rows)
        _plan_people(plan, person_sheet, kinds, scope, progress)
    plan.rows += len(org_sheet.rows) if org_sheet else 0
    return plan


# ---------------------------------------------------------------- writing


def _create_orgs(actor: Any, plan: Plan) -> dict[str, Organization]:
    orgs = {o.full_path: o for o in Organization.objects.active()}
    system = _SystemActor() if not getattr(actor, "is_authenticated", False) else actor
    for item in sorted(plan.new_orgs, key=lambda o: len(org_rules.split_path(o.full_path))):
        if not item.parent_path:
            orgs[item.full_path] = org_actions.create_root(system, name=item.name, kind=item.kind,
                                                           division_code=item.division_code)  # fmt: skip
            continue
        orgs[item.full_path] = org_actions.create_organization(
            actor, parent=orgs[item.parent_path], name=item.name, kind=item.kind,
            division_code=item.division_code, village_name=item.village, check_access=False,
        )  # fmt: skip
    for change in plan.org_changes:
        org = change.org
        before = {"division_code": org.division_code, "village": org.village.name if org.village is not None else ""}
        if "division_code" in change.fields:
            org.division_code = change.fields["division_code"]
        if "village" in change.fields:
            township = org_actions.township_of(org)
            if township is not None:
                org.village = org_actions.get_village(township, change.fields["village"])
                org.is_village_level = True
        org.save(update_fields=["division_code", "village", "is_village_level", "updated_at"])
        audit.record(actor, "update", org, org=org, changes=audit.diff(before, change.fields))
        orgs[org.full_path] = org
    return orgs


class _SystemActor:
    """The command line: may create roots."""

    is_authenticated = False
    is_superuser = True

    def has_perm(self, perm: str, obj: object = None) -> bool:
        return True


def _event(actor: Any, action: str, obj: Any, org: Organization, changes: dict[str, Any]) -> tuple[Any, ...]:
    return audit.event_row(actor, action, obj._meta.label_lower, obj.pk, str(obj), org.pk, changes)


def _apply_people(actor: Any, plan: Plan, orgs: dict[str, Organization], source: str) -> None:
    rows = [PersonRow(organization=orgs[path], **fields) for path, fields in plan.new_people]
    created = insert_people(rows)
    events = [
        audit.event_row(actor, "create", "people.person", pk, row.name, row.organization.pk, {"来源": source})
        for pk, row in created
    ]
    today = timezone.localdate()
    for update in plan.person_updates:
        events.extend(_apply_update(actor, update, orgs, today))
    audit.record_many(events)


def _apply_update(
    actor: Any, update: PersonUpdate, orgs: dict[str, Organization], today: dt.date
) -> list[tuple[Any, ...]]:
    person = Person.objects.select_related("organization").get(pk=update.person_id)
    old_org, old_category = person.organization, person.category
    values = dict(update.values)
    if "organization" in values:
        new_org = orgs[values.pop("organization")]
        person.organization, person.org_path = new_org, new_org.path
        values.update(organization_id=new_org.pk, org_path=new_org.path)
    for key, value in values.items():
        setattr(person, key, value)
    if "name" in values:
        person.name_pinyin, person.name_initials = rules.pinyin_keys(person.name)
        values.update(name_pinyin=person.name_pinyin, name_initials=person.name_initials)
    person.save(update_fields=[*values, "updated_at"])
    if person.category != old_category:
        since = person.confirmed_on if person.category == rules.Category.FULL else person.joined_on
        CategoryChange.objects.create(person=person, category=person.category, since=since or today)
    changes = {k: [_plain(update.before.get(k)), _plain(v)] for k, v in update.values.items()}
    events = [_event(actor, "update", person, person.organization, changes)]
    if person.organization != old_org:
        events.append(_event(actor, "transfer_out", person, old_org, changes))
    return events


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _apply_posts(actor: Any, plan: Plan, orgs: dict[str, Organization]) -> None:
    if not plan.posts:
        return
    today = timezone.localdate()
    people = dict(
        Person.objects.filter(id_digest__in=[p.person_key for p in plan.posts]).values_list("id_digest", "id")
    )
    current: dict[tuple[int, int, str], list[Post]] = {}
    for post in Post.objects.current_on(today).filter(person_id__in=people.values()):
        current.setdefault((post.person_id, post.organization_id, post.body), []).append(post)
    created: list[Post] = []
    for item in plan.posts:
        org = orgs[item.org_path]
        key = (people[item.person_key], org.pk, item.body)
        held = current.get(key, [])
        if any(p.title == item.title and (item.start_on is None or p.start_on == item.start_on) for p in held):
            continue
        same = [p for p in held if p.title == item.title]
        for post in held:
            if post in same:
                continue
            post.end_on = max(today, post.start_on or today)
            post.save(update_fields=["end_on", "updated_at"])
        if same:  # only the start date differs
            same[0].start_on = item.start_on
            same[0].save(update_fields=["start_on", "updated_at"])
            continue
        created.append(Post(person_id=key[0], organization=org, body=item.body, title=item.title,
                            start_on=item.start_on))  # fmt: skip
    Post.objects.bulk_create(created, batch_size=2000)


def posts_change(plan: Plan) -> bool:
    """Whether applying the plan's posts would write anything (for idempotent re-imports)."""
    if not plan.posts:
        return False
    today = timezone.localdate()
    people = dict(
        Person.objects.filter(id_digest__in=[p.person_key for p in plan.posts]).values_list("id_digest", "id")
    )
    held = {
        (person_id, org_path, body, title, start)
        for person_id, org_path, body, title, start in Post.objects.current_on(today)
        .filter(person_id__in=people.values())
        .values_list("person_id", "organization__full_path", "body", "title", "start_on")
    }
    for item in plan.posts:
        person_id = people.get(item.person_key)
        if person_id is None:
            return True
        if item.start_on is None:
            if not any(h[:4] == (person_id, item.org_path, item.body, item.title) for h in held):
                return True
        elif (person_id, item.org_path, item.body, item.title, item.start_on) not in held:
            return True
    return False


def apply_plan(plan: Plan, actor: Any = None, source: str = "花名册导入") -> dict[str, int]:
    """Write a checked plan in one transaction; returns the counts."""
    if not plan.ok:
        raise ValueError("plan has problems")
    with transaction.atomic():
        orgs = _create_orgs(actor, plan)
        _apply_people(actor, plan, orgs, source)
        _apply_posts(actor, plan, orgs)
    return plan.counts()


def import_roster(source: str | IO[bytes], actor: Any = None, *, dry_run: bool = False,
                  progress: Progress | None = None) -> Plan:  # fmt: skip
    plan = plan_import(source, actor, progress)
    if plan.ok and not dry_run:
        apply_plan(plan, actor)
    return plan


# ---------------------------------------------------------------- template and export


def _write_sheet(book: Any, title: str, headers: list[str], rows: Iterable[list[Any]]) -> None:
    sheet = book.create_sheet(title)
    sheet.append(headers)
    for row in rows:
        sheet.append(row)


def _legend_rows() -> list[list[str]]:
    return [
        ["说明"],
        ["组织：组织名称、组织类别必填；上级组织填完整路径，用“/”分隔，如 某某县委/某某镇党委。"],
        ["县委及以上可不填上级组织。"],
        ["组织类别：" + "、".join(label for _, label in org_rules.OrgKind.choices)],
        ["人员类别：" + "、".join(label for _, label in rules.Category.choices)],
        ["学历：" + "、".join(label for _, label in rules.Education.choices)],
        ["党内职务：书记、副书记、委员、小组长；村委会职务：主任、副主任、委员"],
        ["日期：2024-03-01、2024/3/1、2024年3月1日 或 Excel 日期格式；公民身份号码请以文本格式填写。"],
        ["全部校验通过才会写入；同一文件重复导入不会产生重复数据。"],
    ]


def template_bytes() -> bytes:
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    book.remove(book.active)
    _write_sheet(book, ORG_SHEET, ORG_HEADERS, [])
    _write_sheet(book, PERSON_SHEET, PERSON_HEADERS, [])
    lists = {
        (ORG_SHEET, "组织类别"): [label for _, label in org_rules.OrgKind.choices],
        (PERSON_SHEET, "人员类别"): [label for _, label in rules.Category.choices],
        (PERSON_SHEET, "学历"): [label for _, label in rules.Education.choices],
        (PERSON_SHEET, "性别"): ["男", "女"],
        (PERSON_SHEET, "是否流动党员"): ["是", "否"],
        (PERSON_SHEET, "党内职务"): [label for _, label in rules.PartyTitle.choices],
        (PERSON_SHEET, "村委会职务"): [label for _, label in rules.CommitteeTitle.choices],
    }
    for (sheet_name, header), options in lists.items():
        sheet = book[sheet_name]
        headers = ORG_HEADERS if sheet_name == ORG_SHEET else PERSON_HEADERS
        letter = sheet.cell(row=1, column=headers.index(header) + 1).column_letter
        validation = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
        validation.add(f"{letter}2:{letter}100000")
        sheet.add_data_validation(validation)
    text_format = book[PERSON_SHEET]
    for column in ("B", "N"):  # ID numbers and phones as text, so Excel keeps every digit
        for cell in text_format[f"{column}2:{column}2000"]:
            cell[0].number_format = "@"
    legend = book.create_sheet("填写说明")
    for row in _legend_rows():
        legend.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _org_rows(org: Organization) -> Iterator[list[Any]]:
    chain = [*org.ancestors().order_by("depth"), *org.subtree().active().order_by("path")]
    for item in chain:
        parent_path = org_rules.join_path(org_rules.split_path(item.full_path)[:-1])
        village = item.village.name if item.village is not None else ""
        yield [item.name, parent_path, item.get_kind_display(), item.division_code, village]


def _person_rows(org: Organization, full_ids: bool) -> Iterator[list[Any]]:
    today = timezone.localdate()
    posts: dict[int, dict[str, Post]] = {}
    # The roster names posts "of 所在党组织": posts held in another organization are not exported.
    post_qs = (
        Post.objects.current_on(today)
        .filter(person__org_path__startswith=org.path, organization_id=F("person__organization_id"))
        .order_by("start_on", "pk")
    )
    for post in post_qs:
        posts.setdefault(post.person_id, {}).setdefault(post.body, post)
    people = Person.objects.in_subtree(org).select_related("organization").order_by("org_path", "name", "pk")
    for person in people.iterator(chunk_size=2000):
        held = posts.get(person.pk, {})
        party, committee = held.get(rules.PostBody.PARTY), held.get(rules.PostBody.VILLAGE_COMMITTEE)
        starts = [p.start_on for p in (party, committee) if p is not None and p.start_on]
        yield [
            person.name, person.id_number if full_ids else person.id_masked, person.get_sex_display(),
            person.birth_date, person.ethnicity, person.get_education_display() if person.education else "",
            person.get_category_display(), person.organization.full_path, person.joined_on, person.confirmed_on,
            party.title_label if party else "", committee.title_label if committee else "",
            min(starts) if starts else None, person.phone, "是" if person.is_mobile else "否",
        ]  # fmt: skip


def export_bytes(org: Organization, *, full_ids: bool = False) -> bytes:
    """The subtree (with its ancestors, so the file imports on its own) in the template's layout."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    orgs = book.create_sheet(ORG_SHEET)
    orgs.append(ORG_HEADERS)
    for row in _org_rows(org):
        orgs.append(row)
    people = book.create_sheet(PERSON_SHEET)
    people.append(PERSON_HEADERS)
    append_rows(people, _person_rows(org, full_ids))
    legend = book.create_sheet("填写说明")
    for row in _legend_rows():
        legend.append(row)
    if not full_ids:
        legend.append(["本文件中的公民身份号码已脱敏，不能直接重新导入。"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
