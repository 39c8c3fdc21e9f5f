"""The subject of a 公示: any record, named across apps by its ref "app_label.model:pk".

This app imports no domain app. How a subject is shown on the officers' pages comes from what
its app registered with `core.refs` (the one registry of refs across apps).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.urls import reverse

from jiceng.core import refs
from jiceng.core.engine import WorkflowCase, ref_of
from jiceng.core.errors import DomainError

_REF = re.compile(r"^(?P<model>[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*):(?P<pk>[1-9][0-9]{0,18})$")


@dataclass(frozen=True)
class Described:
    text: str
    url: str = ""


def subject_ref(subject: Any) -> str:
    """The ref of `subject`: a model instance (or anything with `_meta` and `pk`) or a ref string."""
    if isinstance(subject, str):
        return subject
    if getattr(subject, "pk", None) is None or not hasattr(subject, "_meta"):
        raise DomainError("公示事项必须是已保存的记录")
    return ref_of(subject)


def check_ref(ref: str) -> str:
    """A ref string names an existing record (refused in Chinese otherwise)."""
    match = _REF.match(ref)
    if match is None:
        raise DomainError(f"公示事项“{ref[:60]}”的格式不正确（应为“应用.模型:编号”）")
    try:
        model = apps.get_model(match["model"])
    except (LookupError, ValueError) as exc:
        raise DomainError(f"公示事项“{ref[:60]}”所指的记录类型不存在") from exc
    if not model._base_manager.filter(pk=int(match["pk"])).exists():
        raise DomainError(f"公示事项“{ref[:60]}”所指的记录不存在")
    return ref


def describe(ref: str, user: Any) -> Described:
    """How the subject is shown to `user`: what its app registered with `core.refs`, an
    organization by its name, else the ref itself."""
    source = refs.read(ref, user)
    if source is not None:
        return Described(source.label, source.url)
    match = _REF.match(ref)
    if match is not None and match["model"] == "organizations.organization":
        from jiceng.organizations.models import Organization

        org = Organization.objects.visible_to(user).filter(pk=int(match["pk"])).first()
        if org is not None:
            return Described(org.name, reverse("reports:dashboard", args=[org.pk]))
    return Described(_record_name(match))


def _record_name(match: re.Match[str] | None) -> str:
    """A record no app describes: its kind and number, never the machine ref."""
    if match is None:
        return "其他记录"
    try:
        kind = str(apps.get_model(match["model"])._meta.verbose_name)
    except (LookupError, ValueError):
        kind = "其他记录"
    return f"{kind}（编号 {match['pk']}）"


def step_label(ref: str, step: str) -> str:
    """The name of the subject's step as its workflow calls it ("公示"); "" when the subject is not
    a workflow case (the step key is a machine name, never shown)."""
    match = _REF.match(ref)
    if match is None:
        return ""
    try:
        model = apps.get_model(match["model"])
    except (LookupError, ValueError):
        return ""
    if not issubclass(model, WorkflowCase):
        return ""
    case = model._base_manager.filter(pk=int(match["pk"])).first()
    return case.definition.label(step) if case is not None else ""


def is_case(subject: Any) -> bool:
    """A workflow case of the core engine (its step can be checked against its definition)."""
    return isinstance(subject, WorkflowCase)
