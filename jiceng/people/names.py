"""Finding people named in an uploaded sheet (a treasurer's dues list, a training's sign-in sheet):
by name within a set of people, the 所在党组织 column telling apart two of the same name.

Every problem names its Excel row, in Chinese; the importing app saves all rows or none.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from jiceng.core.text import clean_text

from .models import Person

NAME, ORG = "姓名", "所在党组织"


def text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_text(str(value)).strip() if value is not None else ""


def match(people: Iterable[Person], name: str, org_name: str = "", *, what: str = "人员") -> tuple[Person | None, str]:
    """The one person of `people` called `name` (of `org_name` when given), or None and why."""
    found = [p for p in people if p.name == name]
    if org_name:
        found = [p for p in found if p.organization.name == org_name]
    if not found:
        return None, f"没有名为“{name}”的{what}" + (f"（{org_name}）" if org_name else "")
    if len(found) > 1:
        return None, f"有{len(found)}名{what}叫“{name}”，请在“{ORG}”列写明所在党组织"
    return found[0], ""


def people_of_sheet(raw: list[list[Any]], people: Iterable[Person], *, what: str = "人员",
                    limit: int = 5000) -> tuple[list[Person], list[str]]:  # fmt: skip
    """The people a sheet names (header row with 姓名, optionally 所在党组织; other columns are
    ignored, so a sign-in sheet can be uploaded as it is) and the problems by row."""
    if not raw:
        return [], ["表格是空的"]
    header = [text(v) for v in raw[0]]
    if NAME not in header:
        return [], [f"第1行应为表头，含“{NAME}”列（同名的可加“{ORG}”列）"]
    at_name, at_org = header.index(NAME), header.index(ORG) if ORG in header else None
    people = list(people)
    found: list[Person] = []
    errors: list[str] = []
    seen: dict[int, int] = {}
    for number, values in enumerate(raw[1:], start=2):
        name = text(values[at_name]) if at_name < len(values) else ""
        org_name = text(values[at_org]) if at_org is not None and at_org < len(values) else ""
        if not name:
            continue
        person, problem = match(people, name, org_name, what=what)
        if person is not None and person.pk in seen:
            problem = f"与第{seen[person.pk]}行是同一人"
        if person is None or problem:
            errors.append(f"第{number}行：{problem}")
            continue
        seen[person.pk] = number
        found.append(person)
    if len(found) > limit:
        errors.append(f"一次最多{limit}人")
    if not found and not errors:
        errors.append("表格中没有姓名")
    return found, errors
