"""Forms: parsing only; every rule lives in rules.py / actions.py."""

from __future__ import annotations

from typing import Any

from django import forms

from jiceng.core import dates
from jiceng.organizations.models import Organization

from .rules import Kind, Period, Presence, ReportQuality, Route

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
RECORDABLE = [(v, label) for v, label in Presence.choices if v not in (Presence.INVITED, Presence.EXCUSED)]
# The record form's modes (issue 10.12): set everyone at once, or tick who came on the list.
ATTENDANCE_MODES = [("all_present", "全部出席"), ("all_absent", "全部缺席"), ("by_list", "按名单勾选")]


def recordable(kind: str) -> list[tuple[str, str]]:
    """Presences the record form offers: 请假 too where the organizer grants leave (rules.organizer_grants_leave)."""
    from .rules import organizer_grants_leave

    excused = [(Presence.EXCUSED.value, Presence.EXCUSED.label)] if organizer_grants_leave(kind) else []
    return [*RECORDABLE, *excused]


def org_choices(user: Any) -> list[tuple[int, str]]:
    """Organizations the user may call meetings for (their subtree, active), indented."""
    if user.organization is None or not user.can_edit_people:
        return []
    base = user.organization.depth
    orgs = Organization.objects.visible_to(user).active().exclude(kind__in=["province_committee", "city_committee"])
    return [(o.pk, "　" * (o.depth - base) + o.name) for o in orgs.order_by("path")[:2000]]


class Styled(forms.Form):
    """Bootstrap classes on every widget (small controls for phones)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select form-select-sm")
            else:
                widget.attrs.setdefault("class", "form-control form-control-sm")
            widget.attrs.setdefault("aria-label", str(field.label))


class MeetingForm(Styled):
    organization = forms.TypedChoiceField(label="召集组织", coerce=int)
    kind = forms.ChoiceField(label="会议类别", choices=Kind.choices)
    theme = forms.CharField(label="会议主题", max_length=200)
    starts_at = dates.DateTimeField(label="会议时间", widget=DATETIME_INPUT, input_formats=["%Y-%m-%dT%H:%M"])
    place = forms.CharField(label="会议地点", max_length=200, required=False)
    leader = forms.CharField(label="主持/负责领导", max_length=50, required=False)
    recorder = forms.CharField(label="记录人", max_length=50, required=False)
    agenda = forms.CharField(label="议程", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    report_theme = forms.CharField(label="村级汇报主题", max_length=200, required=False)
    minutes = forms.CharField(label="会议记录", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    decisions = forms.CharField(label="决定事项（每行一项）", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = org_choices(user)  # type: ignore[attr-defined]

    def meeting_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        keep = ("kind", "theme", "starts_at", "place", "leader", "recorder", "agenda", "report_theme")
        return {k: data[k] for k in keep}


class EditForm(Styled):
    starts_at = dates.DateTimeField(
        label="会议时间（召开前可改）", widget=DATETIME_INPUT, input_formats=["%Y-%m-%dT%H:%M"], required=False
    )
    theme = forms.CharField(label="会议主题", max_length=200)
    place = forms.CharField(label="会议地点", max_length=200, required=False)
    leader = forms.CharField(label="主持/负责领导", max_length=50, required=False)
    recorder = forms.CharField(label="记录人", max_length=50, required=False)
    agenda = forms.CharField(label="议程", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    report_theme = forms.CharField(label="村级汇报主题", max_length=200, required=False)
    minutes = forms.CharField(label="会议记录", required=False, widget=forms.Textarea(attrs={"rows": 5}))
    exclude_away = forms.BooleanField(label="外出务工且未要求参加的党员不计入应到人数", required=False)


class LeaveForm(Styled):
    attendance = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label="请假事由", max_length=200)


class DecisionForm(Styled):
    text = forms.CharField(label="决定事项", widget=forms.Textarea(attrs={"rows": 2}))


class VoteForm(Styled):
    votes_for = forms.IntegerField(label="赞成", min_value=0, max_value=100000)
    votes_against = forms.IntegerField(label="反对", min_value=0, max_value=100000)
    votes_abstain = forms.IntegerField(label="弃权", min_value=0, max_value=100000)


class ReportForm(Styled):
    organization = forms.TypedChoiceField(label="汇报村", coerce=int)
    reporter = forms.CharField(label="汇报人", max_length=50, required=False)
    content = forms.CharField(label="汇报内容", widget=forms.Textarea(attrs={"rows": 3}))
    quality = forms.TypedChoiceField(label="汇报质量", choices=[("", "未评"), *ReportQuality.choices], coerce=int,
                                     required=False, empty_value=None)  # fmt: skip

    def __init__(self, *args: Any, villages: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = villages  # type: ignore[attr-defined]


class IssueForm(Styled):
    text = forms.CharField(label="反映问题", widget=forms.Textarea(attrs={"rows": 2}))
    organization = forms.TypedChoiceField(label="反映单位", coerce=int, required=False, empty_value=None)
    route = forms.ChoiceField(label="处理方式", choices=Route.choices)
    owner = forms.CharField(label="责任人", max_length=50)
    deadline = dates.DateField(label="办结时限（不填按规定）", required=False, widget=DATE_INPUT)

    def __init__(self, *args: Any, villages: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = [("", "—"), *villages]  # type: ignore[attr-defined]


class ResolveForm(Styled):
    resolution = forms.CharField(label="办理结果", max_length=2000)
    on = dates.DateField(label="办结日期", required=False, widget=DATE_INPUT, past=True)


class AttachmentForm(Styled):
    file = forms.FileField(label="照片或扫描件（可选）")
    caption = forms.CharField(label="说明", max_length=100, required=False)


class TownshipRuleForm(Styled):
    notice_lead_days = forms.IntegerField(label="会议通知提前天数", min_value=0, max_value=30)
    leave_approver = forms.TypedChoiceField(label="请假审批人", coerce=int, required=False, empty_value=None)
    leave_approver_title = forms.CharField(label="审批人职务", max_length=50)
    exclude_away_default = forms.BooleanField(label="外出务工且未要求参加的党员默认不计入应到人数", required=False)

    def __init__(self, *args: Any, approvers: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["leave_approver"].choices = [("", "乡党委书记（默认）"), *approvers]  # type: ignore[attr-defined]


class RequirementForm(Styled):
    kind = forms.ChoiceField(label="会议类别", choices=Kind.choices)
    period = forms.ChoiceField(label="周期", choices=Period.choices)
    required = forms.IntegerField(label="应开次数（0 = 不要求）", min_value=0, max_value=31)
