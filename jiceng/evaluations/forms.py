from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from jiceng.core import dates
from jiceng.organizations.models import Organization

from .models import Kind, Pool, PostKind, Round
from .rules import Scale

DEFAULT_SCALE = {
    Kind.MASS: Scale.SATISFACTION,
    Kind.MUTUAL: Scale.GRADE,
    Kind.DEMOCRATIC: Scale.GRADE,
    Kind.SPLIT_POST: Scale.SATISFACTION,
    Kind.REPORT: Scale.SATISFACTION,
    Kind.COUNCILLOR: Scale.SATISFACTION,
    Kind.UNION: Scale.SATISFACTION,
}


class RoundForm(forms.ModelForm):  # type: ignore[type-arg]
    organization = forms.ModelChoiceField(queryset=Organization.objects.none(), label="组织单位")

    class Meta:
        model = Round
        fields = ["organization", "kind", "title", "year", "scale", "pool", "post", "pass_percent", "meeting_ref"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organization.objects.visible_to(user).active()
        field.initial = user.organization_id
        self.fields["year"].initial = timezone.localdate().year
        self.fields["scale"].required = False
        self.fields["pool"].initial = Pool.VILLAGERS
        self.fields["post"].required = False
        self.fields["meeting_ref"].required = False
        for name, f in self.fields.items():
            css = "form-select" if isinstance(f.widget, forms.Select) else "form-control"
            f.widget.attrs.setdefault("class", css)
            del name
        self.fields["pass_percent"].help_text = "分岗评等：满意与基本满意合计超过此比例为合格"

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if not 2000 <= year <= timezone.localdate().year + 1:
            raise forms.ValidationError("年度应在2000年至明年之间")
        return year

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("scale") and data.get("kind"):
            data["scale"] = DEFAULT_SCALE[Kind(data["kind"])]
        if data.get("kind") == Kind.SPLIT_POST and not data.get("post"):
            self.add_error("post", "分岗评须选择评议岗位")
        if data.get("kind") != Kind.SPLIT_POST:
            data["post"] = PostKind.NONE
        return data


class CountForm(forms.Form):
    count = forms.IntegerField(label="评议码数量", min_value=1, max_value=3000)


class CodeForm(forms.Form):
    code = forms.CharField(label="评议码", max_length=20)


class SignaturesForm(forms.Form):
    signatures = forms.IntegerField(label="签到人数", min_value=0, max_value=100000)


class NumberForm(forms.Form):
    number = forms.IntegerField(label="纸质票编号", min_value=1, max_value=100000)


class OutcomeForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput)
    mutual_notes = forms.CharField(label="面对面互评意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    grade = forms.CharField(label="评定等次", required=False)
    handling = forms.CharField(label="处理", required=False)


class RecallForm(forms.Form):
    """The villagers' recall vote on a recommended recall (组织法 Art. 16)."""

    made = forms.IntegerField(widget=forms.HiddenInput)
    voted_on = dates.DateField(label="罢免投票日期", past=True)
    registered = forms.IntegerField(label="登记参加选举的村民", min_value=1, max_value=100000)
    cast = forms.IntegerField(label="参加投票的村民", min_value=0, max_value=100000)
    in_favour = forms.IntegerField(label="赞成罢免票数", min_value=0, max_value=100000)


class DecisionForm(forms.Form):
    person = forms.IntegerField()
    director_round = forms.IntegerField()
    decision = forms.CharField()
    decided_on = dates.DateField(label="决定日期", past=True)
