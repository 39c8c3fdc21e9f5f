"""The roster workbook (花名册): template, validation, all-or-nothing import, export.

The contract is `shared/spec/roster-and-stats.md`: two sheets `组织` and `人员`, headers matched
by name, errors reported as `工作表 行号 列名: 原因` with Excel row numbers. The import first
reads and checks every row without writing (`plan_import`), then writes the plan in one
transaction (`apply_plan`) through the organization and people actions (their bulk variants for
people and posts), so every change is checked and audited like a change made on a page — and the
statistics cache, which follows the audit events, is fresh at once. One bad row means nothing is
written, and a re-import of the same file writes nothing at all.
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

from jiceng.core import dates, workbook
from jiceng.core.access import user_org
from jiceng.core.actor import SYSTEM, Actor, is_system
from jiceng.core.errors import DomainError
from jiceng.core.exports import append_rows
from jiceng.core.text import clean_text
from jiceng.organizations import actions as org_actions
from jiceng.organizations import rules as org_rules
from jiceng.organizations.models import Organization

from . import actions, rules
from .actions import PERSON_FIELDS, PersonChange, person_problems
from .bulk import PersonRow
from .crypto import id_digest
from .models import Person, Post

ORG_SHEET, PERSON_SHEET = "组织", "人员"
ORG_HEADERS = ["组织名称", "上级组织", "组织类别", "行政区划代码", "所属行政村", "成立日期"]
PERSON_HEADERS = [
    "姓名", "公民身份号码", "性别", "出生日期", "民族", "学历", "人员类别", "所在党组织", "入党日期",
    "转正日期", "预备期延长", "党内职务", "村委会职务", "监委会职务", "职务任职日期", "联系电话", "是否流动党员",
]  # fmt: skip
REQUIRED_ORG = {"组织名称", "组织类别"}
REQUIRED_PERSON = {"姓名", "公民身份号码", "人员类别", "所在党组织"}
# Which column a rule about a person field is reported on.
FIELD_COLUMNS = {
    "name": "姓名", "joined_on": "入党日期", "confirmed_on": "转正日期", "phone": "联系电话",
    "birth_date": "出生日期", "category": "人员类别", "organization": "所在党组织",
    "probation_extended_months": "预备期延长",
}  # fmt: skip
YES_NO = {"是": True, "否": False}
# Optional columns and the fields they carry: a column left out of the file leaves the field as is.
OPTIONAL_COLUMNS = {"民族": "ethnicity", "学历": "education", "入党日期": "joined_on", "转正日期": "confirmed_on",
                    "预备期延长": "probation_extended_months", "联系电话": "phone",
                    "是否流动党员": "is_mobile"}  # fmt: skip
MONTHS_PATTERN = re.compile(r"^(\d{1,2})(?:个月|月)?$")
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
PAST_COLUMNS = {"出生日期", "入党日期", "转正日期"}  # things that have happened: not after today


READ_ERROR = "无法读取该文件，请上传 .xlsx 格式的花名册"


class RosterError(Exception):
    """The workbook cannot be read at all (not an .xlsx, corrupt, password protected, beyond the limits)."""


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
    founded_on: dt.date | None = None  # 成立日期 (optional; empty leaves a known date as it is)

    @property
    def full_path(self) -> str:
        return org_rules.join_path([self.parent_path, self.name]) if self.parent_path else self.name


@dataclass
class OrgChange:
    org: Organization
    fields: dict[str, Any]  # the keyword arguments of `organizations.actions.update_organization`


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
    return clean_text(str(value)).strip()


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


def read_workbook(source: str | IO[bytes], *, isolated: bool = False) -> dict[str, list[list[Any]]]:
    """The two sheets of a workbook as rows of Python values, anchored at cell A1.

    Bounded (core.workbook: rows, columns, cell length, unpacked size); `isolated=True` for
    untrusted uploads reads in a child process under memory, CPU and time limits.
    """
    try:
        if isinstance(source, str):
            with open(source, "rb") as handle:
                data = handle.read()
        else:
            data = source.read()
        return workbook.read_sheets(data, [ORG_SHEET, PERSON_SHEET], isolated=isolated)
    except OSError as exc:
        raise RosterError(READ_ERROR) from exc
    except workbook.WorkbookError as exc:
        message = READ_ERROR if exc.message == workbook.UNREADABLE else exc.message
        raise RosterError(message) from exc


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
    """Which organizations the importing user may write to (the system, i.e. the command line: all)."""

    def __init__(self, actor: Actor | None) -> None:
        org = user_org(actor) if actor is not None else None
        self.root_path = org.full_path if org is not None else None
        self.system = actor is None or is_system(actor)

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
        founded_on = _founding(plan, sheet, row, values)
        problem = org_rules.name_problem(name) if name else "必填"
        if problem:
            plan.problems.append(Problem(ORG_SHEET, row, "组织名称", problem))
            continue
        kind = org_rules.KIND_BY_LABEL.get(kind_label)
        if kind is None:
            reason = "必填" if not kind_label else f"“{kind_label}”不是有效的组织类别"
            plan.problems.append(Problem(ORG_SHEET, row, "组织类别", reason))
            continue
        if code and not (code.isascii() and code.isdigit() and 6 <= len(code) <= 12):
            plan.problems.append(Problem(ORG_SHEET, row, "行政区划代码", "应为6至12位数字"))
        if len(village) > 100:
            plan.problems.append(Problem(ORG_SHEET, row, "所属行政村", "不能超过100个字"))
        item = NewOrg(row, name, parent, kind, code, village, founded_on)
        if item.full_path in seen:
            plan.problems.append(Problem(ORG_SHEET, row, "组织名称", f"与第{seen[item.full_path]}行重复"))
            continue
        seen[item.full_path] = row
        if not scope.allows(item.full_path):
            current = existing.get(item.full_path)
            if current is not None and current.kind == kind and not _org_changes(item, current):
                # A roster exported by this officer lists the ancestors too: unchanged, they pass.
                plan.unchanged_orgs += 1
            else:
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
    # A village belongs to a township: the organization, or (when new) its parent, lies in one.
    if item.village and not _in_township(item.full_path if current else item.parent_path, kinds):
        plan.problems.append(Problem(ORG_SHEET, item.row, "所属行政村", "只有乡镇党委下的组织才能关联行政村"))
        return
    if current is None:
        plan.new_orgs.append(item)
        return
    if current.kind != item.kind:
        reason = f"与系统中已有组织的类别“{current.get_kind_display()}”不一致"
        plan.problems.append(Problem(ORG_SHEET, item.row, "组织类别", reason))
        return
    changes = _org_changes(item, current)
    if changes:
        plan.org_changes.append(OrgChange(current, changes))
    else:
        plan.unchanged_orgs += 1


def _in_township(full_path: str, kinds: dict[str, str]) -> bool:
    """Whether `full_path` is a 乡镇党委 or lies below one (as `organizations.actions.township_of`)."""
    parts = org_rules.split_path(full_path)
    township = org_rules.OrgKind.TOWNSHIP_COMMITTEE
    return any(kinds.get(org_rules.join_path(parts[:end])) == township for end in range(1, len(parts) + 1))


def _org_changes(item: NewOrg, current: Organization) -> dict[str, Any]:
    """What a row changes of an existing organization. An empty 所属行政村 or 成立日期 leaves the
    recorded one as it is (an old template without these columns loses nothing)."""
    changes: dict[str, Any] = {}
    if item.division_code != current.division_code:
        changes["division_code"] = item.division_code
    current_village = current.village.name if current.village is not None else ""
    if item.village and item.village != current_village:
        changes["village_name"] = item.village
    if item.founded_on is not None and item.founded_on != current.founded_on:
        changes["founded_on"] = item.founded_on
    return changes


def _founding(plan: Plan, sheet: Sheet, row: int, values: list[Any]) -> dt.date | None:
    try:
        founded_on = parse_date(sheet.get(values, "成立日期"))
    except ValueError as exc:
        plan.problems.append(Problem(ORG_SHEET, row, "成立日期", str(exc)))
        return None
    problem = org_rules.founding_problem(founded_on, timezone.localdate())
    if problem:
        plan.problems.append(Problem(ORG_SHEET, row, "成立日期", problem))
        return None
    return founded_on


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
        value = parse_date(sheet.get(values, column))
    except ValueError as exc:
        plan.problems.append(Problem(PERSON_SHEET, row, column, str(exc)))
        return None
    if problem := dates.date_problem(value, past=column in PAST_COLUMNS):
        plan.problems.append(Problem(PERSON_SHEET, row, column, problem))
        return None
    return value


def _months(plan: Plan, sheet: Sheet, row: int, values: list[Any]) -> int | None:
    """预备期延长: a number of months (`6`, `6个月`, a number cell); the rule on its range is the person's."""
    raw = sheet.get(values, "预备期延长")
    text = _cell_text(raw)
    if not text:
        return None
    match = MONTHS_PATTERN.match(text)
    if match is None or (isinstance(raw, float) and not raw.is_integer()):
        plan.problems.append(Problem(PERSON_SHEET, row, "预备期延长", "应填写延长的月数，如 6"))
        return None
    return int(match.group(1))


@dataclass
class _PersonInput:
    row: int
    id_number: str
    digest: str
    org_path: str
    fields: dict[str, Any]
    party_title: str | None
    committee_title: str | None
    supervisory_title: str | None
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
    elif not scope.allows(org_path):  # before existence: never confirm another township's paths
        plan.problems.append(Problem(PERSON_SHEET, row, "所在党组织", "不在您的管辖范围内"))
    elif org_path not in org_kinds:
        plan.problems.append(Problem(PERSON_SHEET, row, "所在党组织", f"找不到组织“{org_path}”"))
    joined = _date(plan, sheet, row, values, "入党日期")
    confirmed = _date(plan, sheet, row, values, "转正日期")
    extension = _months(plan, sheet, row, values)
    party_title = _choice(plan, row, "党内职务", sheet.text(values, "党内职务"), rules.PARTY_TITLE_BY_LABEL)
    committee_title = _choice(plan, row, "村委会职务", sheet.text(values, "村委会职务"), rules.COMMITTEE_TITLE_BY_LABEL)
    supervisory_title = _choice(plan, row, "监委会职务", sheet.text(values, "监委会职务"),
                                rules.SUPERVISORY_TITLE_BY_LABEL)  # fmt: skip
    post_start = _date(plan, sheet, row, values, "职务任职日期")
    phone = sheet.text(values, "联系电话").replace(" ", "").replace("-", "")
    mobile = _choice(plan, row, "是否流动党员", sheet.text(values, "是否流动党员"), YES_NO) or False
    data = {
        "name": name, "ethnicity": ethnicity, "education": education, "category": category,
        "joined_on": joined, "confirmed_on": confirmed, "probation_extended_months": extension,
        "phone": phone, "is_mobile": mobile,
        "birth_date": rules.birth_date_from_id(id_number) if id_ok else None,
    }  # fmt: skip
    if len(plan.problems) == before:  # the cross-field rules, once every field reads well
        for key, reason in person_problems(data).items():
            plan.problems.append(Problem(PERSON_SHEET, row, FIELD_COLUMNS.get(key, key), reason))
    if len(plan.problems) > before:
        return None
    del data["birth_date"]
    return _PersonInput(row, id_number, id_digest(id_number), org_path, data, party_title, committee_title,
                        supervisory_title, post_start)  # fmt: skip


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
                            (rules.PostBody.VILLAGE_COMMITTEE, item.committee_title),
                            (rules.PostBody.SUPERVISORY, item.supervisory_title)):  # fmt: skip
            if title:
                plan.posts.append(PostPlan(item.digest, item.org_path, body, title, item.post_start))


def _plan_update(
    plan: Plan, item: _PersonInput, current: dict[str, Any], scope: _Scope, columns: dict[str, int]
) -> None:
    if not scope.allows(current["organization__full_path"]):
        plan.problems.append(Problem(PERSON_SHEET, item.row, "公民身份号码", rules.REGISTERED_ELSEWHERE))
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


def plan_import(source: str | IO[bytes], actor: Actor = SYSTEM, progress: Progress | None = None) -> Plan:
    """Read and check the whole workbook; nothing is written."""
    try:
        sheets = read_workbook(source)
    except RosterError as exc:
        return unreadable(exc)
    return plan_sheets(sheets, actor, progress)


def unreadable(exc: RosterError) -> Plan:
    plan = Plan()
    plan.problems.append(Problem("文件", 1, "-", str(exc)))
    return plan


def plan_sheets(
    sheets: dict[str, list[list[Any]]], actor: Actor | None = None, progress: Progress | None = None
) -> Plan:
    """Check the rows of sheets already read (`read_workbook`); nothing is written."""
    plan = Plan()
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


def _write_orgs(actor: Actor, plan: Plan) -> dict[str, Organization]:
    """New and changed organizations through the organization actions (each checked and audited)."""
    orgs = {o.full_path: o for o in Organization.objects.active()}
    for item in sorted(plan.new_orgs, key=lambda o: len(org_rules.split_path(o.full_path))):
        if not item.parent_path:
            orgs[item.full_path] = org_actions.create_root(actor, name=item.name, kind=item.kind,
                                                           division_code=item.division_code,
                                                           founded_on=item.founded_on)  # fmt: skip
            continue
        orgs[item.full_path] = org_actions.create_organization(
            actor, parent=orgs[item.parent_path], name=item.name, kind=item.kind, division_code=item.division_code,
            village_name=item.village, founded_on=item.founded_on,
        )  # fmt: skip
    for change in plan.org_changes:
        orgs[change.org.full_path] = org_actions.update_organization(actor, change.org, **change.fields)
    return orgs


def _write_people(actor: Actor, plan: Plan, orgs: dict[str, Organization], source: str) -> None:
    """New people in one bulk action, changed ones in another (each person checked and audited)."""
    rows = [PersonRow(organization=orgs[path], **fields) for path, fields in plan.new_people]
    actions.create_people(actor, rows, source=source)
    changes: list[PersonChange] = []
    for start in range(0, len(plan.person_updates), 2000):
        chunk = plan.person_updates[start : start + 2000]
        people = Person.objects.select_related("organization").in_bulk([u.person_id for u in chunk])
        for update in chunk:
            data = dict(update.values)
            if "organization" in data:
                data["organization"] = orgs[data["organization"]]
            changes.append(PersonChange(people[update.person_id], data, via="roster"))
    actions.update_people(actor, changes)


def _write_posts(actor: Actor, plan: Plan, orgs: dict[str, Organization]) -> None:
    """Posts through the post actions: a post the row no longer names ends today, a new one is
    added, a changed 职务任职日期 is corrected; each audited, so the statistics see it at once."""
    if not plan.posts:
        return
    today = timezone.localdate()
    people: dict[str, Person] = {}
    digests = sorted({p.person_key for p in plan.posts})
    for start in range(0, len(digests), 2000):
        found = Person.objects.filter(id_digest__in=digests[start : start + 2000]).only("id", "id_digest", "org_path")
        people.update({person.id_digest: person for person in found})
    current: dict[tuple[int, int, str], list[Post]] = {}
    held_posts = Post.objects.current_on(today).filter(person_id__in=[p.pk for p in people.values()])
    for post in held_posts.select_related("person", "organization"):
        current.setdefault((post.person_id, post.organization_id, post.body), []).append(post)
    created: list[Post] = []
    replaced: list[tuple[list[Post], Post]] = []
    ends: list[tuple[Post, dt.date]] = []
    starts: list[tuple[Post, dt.date | None]] = []
    for item in plan.posts:
        person, org = people[item.person_key], orgs[item.org_path]
        held = current.get((person.pk, org.pk, item.body), [])
        if any(p.title == item.title and (item.start_on is None or p.start_on == item.start_on) for p in held):
            continue
        same = [p for p in held if p.title == item.title]
        others = [p for p in held if p not in same]
        if same:  # only the start date differs (other posts of the body, if any, end)
            starts.append((same[0], item.start_on))
            ends.extend((post, max(today, post.start_on or today)) for post in others)
            continue
        post = Post(person=person, organization=org, body=item.body, title=item.title, start_on=item.start_on)
        if others:  # 书记 → 副书记: the new post takes the old one's place
            replaced.append((others, post))
        else:
            created.append(post)
    actions.end_posts(actor, ends)
    actions.change_post_starts(actor, starts)
    actions.replace_posts(actor, replaced, today)
    actions.add_posts(actor, created)


def apply_plan(plan: Plan, actor: Actor = SYSTEM, source: str = "花名册导入") -> dict[str, int]:
    """Write a checked plan in one transaction through the actions; returns the counts.

    The actions check the actor's rights and rules again: a refusal raises their DomainError
    and nothing is written (a write that raced the check, e.g. the same ID registered meanwhile)."""
    if not plan.ok:
        raise ValueError("plan has problems")
    actor = SYSTEM if actor is None else actor
    with transaction.atomic():
        orgs = _write_orgs(actor, plan)
        _write_people(actor, plan, orgs, source)
        _write_posts(actor, plan, orgs)
    return plan.counts()


def import_roster(source: str | IO[bytes], actor: Actor = SYSTEM, *, dry_run: bool = False,
                  progress: Progress | None = None) -> Plan:  # fmt: skip
    plan = plan_import(source, actor, progress)
    if plan.ok and not dry_run:
        try:
            apply_plan(plan, actor)
        except DomainError as exc:  # an action refused (e.g. the same ID registered meanwhile)
            plan.problems.append(Problem("文件", 1, "-", f"{exc.message}，未写入任何数据"))
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
        ["县委及以上可不填上级组织。成立日期可不填（系统显示“成立日期未知”）；已登记的成立日期不会被空白覆盖。"],
        ["组织类别：" + "、".join(label for _, label in org_rules.OrgKind.choices)],
        ["人员类别：" + "、".join(label for _, label in rules.Category.choices)],
        ["学历：" + "、".join(label for _, label in rules.Education.choices)],
        [
            f"党内职务：{'、'.join(rules.PARTY_TITLE_BY_LABEL)}（第一书记是书记之外的职务）；"
            f"村委会职务：{'、'.join(rules.COMMITTEE_TITLE_BY_LABEL)}；"
            f"监委会职务（村务监督委员会）：{'、'.join(rules.SUPERVISORY_TITLE_BY_LABEL)}"
        ],
        ["日期：2024-03-01、2024/3/1、2024年3月1日 或 Excel 日期格式；公民身份号码请以文本格式填写。"],
        ["转正日期应在入党日期满一年之后；预备期延长的，填写延长的月数（6至12个月），转正日期应在满一年加延长期之后。"],
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
        (PERSON_SHEET, "监委会职务"): [label for _, label in rules.SupervisoryTitle.choices],
    }
    for (sheet_name, header), options in lists.items():
        sheet = book[sheet_name]
        headers = ORG_HEADERS if sheet_name == ORG_SHEET else PERSON_HEADERS
        letter = sheet.cell(row=1, column=headers.index(header) + 1).column_letter
        validation = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
        validation.add(f"{letter}2:{letter}100000")
        sheet.add_data_validation(validation)
    text_format = book[PERSON_SHEET]
    for header in ("公民身份号码", "联系电话"):  # ID numbers and phones as text, so Excel keeps every digit
        column = text_format.cell(row=1, column=PERSON_HEADERS.index(header) + 1).column_letter
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
        yield [item.name, parent_path, item.get_kind_display(), item.division_code, village, item.founded_on]


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
        supervisory = held.get(rules.PostBody.SUPERVISORY)
        starts = [p.start_on for p in (party, committee, supervisory) if p is not None and p.start_on]
        yield [
            person.name, person.id_number if full_ids else person.id_masked, person.get_sex_display(),
            person.birth_date, person.ethnicity, person.get_education_display() if person.education else "",
            person.get_category_display(), person.organization.full_path, person.joined_on, person.confirmed_on,
            person.probation_extended_months, party.title_label if party else "",
            committee.title_label if committee else "", supervisory.title_label if supervisory else "",
            min(starts) if starts else None, person.phone if full_ids else rules.mask_phone(person.phone),
            "是" if person.is_mobile else "否",
        ]  # fmt: skip


def export_bytes(org: Organization, *, full_ids: bool = False) -> bytes:
    """The subtree (with its ancestors, so the file imports on its own) in the template's layout."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    orgs = book.create_sheet(ORG_SHEET)
    append_rows(orgs, [ORG_HEADERS, *_org_rows(org)])
    people = book.create_sheet(PERSON_SHEET)
    append_rows(people, [PERSON_HEADERS])
    append_rows(people, _person_rows(org, full_ids))
    legend = book.create_sheet("填写说明")
    append_rows(legend, _legend_rows())
    if not full_ids:
        append_rows(legend, [["本文件中的公民身份号码和联系电话已脱敏，不能直接重新导入。"]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
