"""Forms of the selection pages: parsing only (every rule lives in rules/actions)."""

from __future__ import annotations

from typing import Any

from django import forms

from jiceng.core import dates
from jiceng.core.forms import DATE, Styled
from jiceng.people import rules as people_rules

from .models import Kind, Pool, SignRole, Source

TITLE_CHOICES = [
    (f"{body}:{value}", people_rules.BODY_PREFIX[body] + label)
    for body, choices in people_rules.TITLES.items()
    for value, label in choices.choices
]


class _Form(Styled):
    """A form of the exercise page: its own element ids (several forms share field names)."""

    ID = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if self.ID:
            kwargs.setdefault("auto_id", f"{self.ID}_%s")
        super().__init__(*args, **kwargs)


class ExerciseForm(Styled):
    organization = forms.IntegerField(label="组织单位", widget=forms.Select)
    title = forms.CharField(label="名称", max_length=100)
    kind = forms.ChoiceField(label="方式", choices=Kind.choices)
    conditions = forms.CharField(
        label="职位条件和资格",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="推荐前公布，让干部群众提前知晓",
    )
    threshold_percent = forms.IntegerField(
        label="推荐得票门槛（%）",
        min_value=0,
        max_value=100,
        initial=50,
        help_text="得票须超过有效推荐表的该比例才能作为考察对象；默认过半数",
    )
    started_on = dates.DateField(label="开始日期", widget=DATE, required=False)


class PositionForm(_Form):
    ID = "position"

    organization = forms.IntegerField(label="任职组织", widget=forms.Select)
    post = forms.ChoiceField(label="职务", choices=TITLE_CHOICES)
    appointment_mode = forms.ChoiceField(
        label="任职方式", choices=people_rules.AppointmentMode.choices, initial=people_rules.AppointmentMode.SELECTED
    )
    seats = forms.IntegerField(label="职数", min_value=1, max_value=20, initial=1)
    term = forms.CharField(label="届次（可不填）", max_length=30, required=False)

    def split(self) -> tuple[str, str]:
        body, _, title = self.cleaned_data["post"].partition(":")
        return body, title


class CandidateForm(_Form):
    ID = "candidate"

    position = forms.IntegerField(label="职位", widget=forms.Select)
    person = forms.IntegerField(label="人选", widget=forms.Select)
    source = forms.ChoiceField(label="推荐方式", choices=Source.choices)
    recommended_by = forms.CharField(
        label="推荐人或推荐单位", max_length=100, help_text="谁推荐、谁负责：填写推荐单位或推荐人姓名"
    )


class RoundForm(_Form):
    ID = "round"

    pool = forms.ChoiceField(label="推荐范围", choices=Pool.choices)
    held_on = dates.DateField(label="推荐日期", widget=DATE)
    issued = forms.IntegerField(label="发出推荐表（张）", min_value=0, max_value=100000)
    returned = forms.IntegerField(label="收回推荐表（张）", min_value=0, max_value=100000)
    valid = forms.IntegerField(label="有效推荐表（张）", min_value=0, max_value=100000)
    meeting = forms.IntegerField(label="推荐会会议记录（可不选）", required=False, widget=forms.Select)
    note = forms.CharField(label="说明（可不填）", max_length=500, required=False)


def votes_from(data: Any, prefix: str = "votes_") -> dict[int, int]:
    """{candidate id: votes} from fields named votes_<id> (blank = 0); a non-number is refused."""
    out: dict[int, int] = {}
    for key, value in data.items():
        if key.startswith(prefix) and key[len(prefix) :].isdigit():
            text = str(value).strip()
            if text and not text.isdigit():
                raise forms.ValidationError("得票应为整数")
            out[int(key[len(prefix) :])] = int(text or 0)
    return out


class TalkForm(_Form):
    ID = "talk"

    talked_on = dates.DateField(label="谈话日期", widget=DATE)
    interviewee = forms.CharField(label="谈话对象（姓名、身份）", max_length=100)
    interviewer = forms.CharField(label="谈话人", max_length=100)
    candidate = forms.IntegerField(label="涉及人选（可不选）", required=False, widget=forms.Select)
    summary = forms.CharField(label="谈话要点", max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))


class TestForm(_Form):
    ID = "test"

    round = forms.IntegerField(label="测评来自评议（可不选）", required=False, widget=forms.Select)
    total = forms.IntegerField(label="参加测评人数", min_value=0, max_value=100000, required=False)
    favourable = forms.IntegerField(label="称职（满意）及基本称职票数", min_value=0, max_value=100000, required=False)
    conclusion = forms.CharField(label="考察结论", max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))


class SignForm(_Form):
    ID = "sign"

    candidate = forms.IntegerField(label="人选", widget=forms.Select)
    role = forms.ChoiceField(label="责任", choices=SignRole.choices)
    name = forms.CharField(label="签名人", max_length=50)
    unit = forms.CharField(label="单位职务（可不填）", max_length=100, required=False)
    signed_on = dates.DateField(label="签名日期", widget=DATE)
    statement = forms.CharField(label="责任说明（可不填）", max_length=300, required=False)


class MoveForm(_Form):
    ID = "move"

    target = forms.CharField(widget=forms.HiddenInput)
    on = dates.DateField(label="办理日期", required=False, widget=DATE, help_text="补录时填当时的日期；不填为今天")
    candidates = forms.MultipleChoiceField(
        label="人选", required=False, choices=(), widget=forms.CheckboxSelectMultiple
    )
    method = forms.CharField(label="考察方式", max_length=300, required=False)
    team = forms.CharField(label="考察组人员", max_length=300, required=False)
    discipline = forms.CharField(
        label="考察纪律", max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    hotline = forms.CharField(label="举报电话（办公电话或12380）", max_length=30, required=False)
    note = forms.CharField(label="情况说明", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, candidates: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["candidates"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(str(c.pk), f"{c.person.name}（{c.position}）") for c in candidates]


class ElectionForm(_Form):
    ID = "election"

    present = forms.IntegerField(label="实到会有选举权的党员（人）", min_value=0, max_value=100000)


class LinkForm(_Form):
    ID = "link"

    meeting = forms.IntegerField(label="党员大会", widget=forms.Select)
