"""People pages: list with filters and search, Excel export, detail, create/edit, posts, cadres."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from jiceng.core import audit
from jiceng.core.access import AuthedRequest, get_visible_or_404
from jiceng.core.exports import xlsx_response
from jiceng.core.htmx import render_page
from jiceng.core.models import AuditEvent
from jiceng.core.web import run_action

from . import actions, rules
from .filters import POST_FILTERS, PeopleFilter
from .forms import EditPersonForm, EndPostForm, NewPersonForm, PostForm, ReserveForm, TransferForm
from .models import Person, Post

PAGE_SIZE = 50
EXPORT_HEADERS = ["姓名", "公民身份号码", "性别", "出生日期", "年龄", "民族", "学历", "人员类别", "所在党组织",
                  "入党日期", "转正日期", "联系电话", "流动党员"]  # fmt: skip


def _filtered(request: AuthedRequest) -> tuple[PeopleFilter, Any]:
    flt = PeopleFilter.from_query(request.GET, request.user)
    people = flt.apply(Person.objects.visible_to(request.user), timezone.localdate())
    return flt, people.select_related("organization").order_by("org_path", "name", "pk")


def person_list(request: AuthedRequest) -> HttpResponse:
    flt, people = _filtered(request)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page, "flt": flt, "today": timezone.localdate(), "categories": rules.Category.choices,
        "educations": [*rules.Education.choices, ("unknown", "未知")], "post_filters": POST_FILTERS.items(),
        "orgs": _org_options(request.user),
    }  # fmt: skip
    return render_page(request, "people/list.html", context, partial="results")


def _org_options(user: Any) -> list[tuple[int, str]]:
    from jiceng.organizations.models import Organization

    base = user.organization.depth
    return [(o.pk, "　" * (o.depth - base) + o.name)
            for o in Organization.objects.visible_to(user).active().order_by("path")[:2000]]  # fmt: skip


@never_cache  # full ID numbers and phones: no copy in a browser's or a proxy's cache
def person_export(request: AuthedRequest) -> HttpResponse:
    flt, people = _filtered(request)
    org = request.user.organization
    full = request.GET.get("full_ids") == "1"
    if org is None or (full and not request.user.has_perm("people.export_full_ids", org)):
        raise Http404
    today = timezone.localdate()
    if full:
        changes = {"完整身份证号": True, "完整联系电话": True, "条件": flt.query_string(), "人数": people.count()}
        audit.record(request.user, "export", org, org=org, changes=changes)

    def rows() -> Any:
        for p in people.iterator(chunk_size=2000):
            education = p.get_education_display() if p.education else ""
            yield [
                p.name, p.id_number if full else p.id_masked, p.get_sex_display(), p.birth_date, p.age_on(today),
                p.ethnicity, education, p.get_category_display(), p.organization.full_path, p.joined_on,
                p.confirmed_on, p.phone if full else rules.mask_phone(p.phone), "是" if p.is_mobile else "否",
            ]  # fmt: skip

    return xlsx_response(f"人员名单-{today:%Y%m%d}.xlsx", "人员", EXPORT_HEADERS, rows())


@never_cache  # shows the full ID number to those allowed to see it
def person_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    person = get_visible_or_404(Person.objects.select_related("organization"), request.user, pk=pk)
    can_edit = request.user.has_perm("people.change_person", person)
    posts = list(person.posts.select_related("organization").order_by("-start_on", "-pk"))
    records = Q(object_type="people.person", object_id=str(person.pk)) | Q(
        object_type="people.post", object_id__in=[str(p.pk) for p in posts]
    )
    context = {
        "person": person, "today": timezone.localdate(), "can_edit": can_edit,
        "full_id": person.id_number if request.user.has_perm("people.view_full_id", person) else None,
        "history": person.category_changes.order_by("id"),  # as entered: a late entry reads as one
        "transfers": person.transfers.select_related("from_org", "to_org").order_by("on", "id"),
        "posts": posts, "reserve": person.reserve_entries.select_related("organization"),
        "events": AuditEvent.objects.visible_to(request.user).filter(records)[:50],
        "post_form": PostForm(), "end_form": EndPostForm(), "reserve_form": ReserveForm(),
    }  # fmt: skip
    return render(request, "people/detail.html", context)


def _require_editor(request: AuthedRequest) -> None:
    if not getattr(request.user, "can_edit_people", False):
        raise Http404


def person_create(request: AuthedRequest) -> HttpResponse:
    _require_editor(request)
    form = NewPersonForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        id_number = data.pop("id_number")
        outcome = run_action(request, lambda: actions.create_person(request.user, id_number=id_number, **data),
                             form=form)  # fmt: skip
        if outcome:
            messages.success(request, f"已登记：{outcome.value.name}")
            return redirect("people:detail", pk=outcome.value.pk)
    return render(request, "people/form.html", {"form": form, "title": "登记人员"})


def person_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    person = get_visible_or_404(Person.objects.select_related("organization"), request.user, pk=pk)
    if not request.user.has_perm("people.change_person", person):
        raise Http404
    initial = {f: getattr(person, f) for f in actions.PERSON_FIELDS if f not in ("sex", "birth_date")}
    form = EditPersonForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        changed = {k: v for k, v in data.items() if getattr(person, k) != v}
        if run_action(request, lambda: actions.update_person(request.user, person, **changed), "已保存", form=form):
            return redirect("people:detail", pk=person.pk)
    return render(request, "people/form.html", {"form": form, "title": f"修改：{person.name}", "person": person})


def person_transfer(request: AuthedRequest, pk: int) -> HttpResponse:
    """组织关系转接: the new organization, the day and the reason (a dated transfer)."""
    person = get_visible_or_404(Person.objects.select_related("organization"), request.user, pk=pk)
    if not request.user.has_perm("people.change_person", person):
        raise Http404
    form = TransferForm(request.POST or None, user=request.user, current=person.organization)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_action(request, lambda: actions.transfer_person(request.user, person, data["to_org"], on=data["on"],
                          reason=data["reason"], note=data["note"]), "已办理组织关系转接", form=form)  # fmt: skip
        if done:
            return redirect("people:detail", pk=person.pk)
    status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "title": f"组织关系转接：{person.name}（现在{person.organization.name}）",
        "person": person,
    }
    return render(request, "people/form.html", context, status=status)


@require_POST
def post_add(request: AuthedRequest, pk: int) -> HttpResponse:
    person = get_visible_or_404(Person.objects.all(), request.user, pk=pk)
    form = PostForm(request.POST)
    if not form.is_valid():
        messages.error(request, "职务信息不完整")
        return redirect("people:detail", pk=pk)
    body, title = form.cleaned_data["title"].split(":")
    run_action(request, lambda: actions.add_post(request.user, person, body=body, title=title,
                                           appointment_mode=form.cleaned_data["appointment_mode"],
                                           start_on=form.cleaned_data["start_on"], term=form.cleaned_data["term"]),
               "已添加职务")  # fmt: skip
    return redirect("people:detail", pk=pk)


@require_POST
def post_end(request: AuthedRequest, pk: int) -> HttpResponse:
    post = get_visible_or_404(Post.objects.select_related("person", "organization"), request.user, pk=pk)
    form = EndPostForm(request.POST)
    if form.is_valid():
        end_on, reason = form.cleaned_data["end_on"], form.cleaned_data["reason"]
        run_action(request, lambda: actions.end_post(request.user, post, end_on, reason), "已登记离任")
    else:
        messages.error(request, "请填写离任日期")
    return redirect("people:detail", pk=post.person_id)


@require_POST
def reserve_add(request: AuthedRequest, pk: int) -> HttpResponse:
    person = get_visible_or_404(Person.objects.all(), request.user, pk=pk)
    form = ReserveForm(request.POST)
    if form.is_valid():
        run_action(
            request, lambda: actions.add_reserve_cadre(request.user, person, **form.cleaned_data), "已列入后备干部"
        )
    else:
        messages.error(request, "请填写列入日期")
    return redirect("people:detail", pk=pk)


def cadres(request: AuthedRequest) -> HttpResponse:
    """Current village secretaries and directors (一肩挑 marked), and reserve cadres."""
    today = timezone.localdate()
    org = request.user.organization
    if org is None:
        raise Http404
    posts = (
        Post.objects.current_on(today)
        .filter(organization__path__startswith=org.path, organization__is_village_level=True)
        .filter(title__in=[rules.PartyTitle.SECRETARY, rules.CommitteeTitle.DIRECTOR])
        .exclude(body=rules.PostBody.SUPERVISORY)
        .select_related("person", "organization")
        .order_by("organization__path", "body")
    )
    rows: dict[int, dict[str, Any]] = {}
    for post in posts:
        if (post.body, post.title) not in (("party", "secretary"), ("village_committee", "director")):
            continue
        row = rows.setdefault(post.organization_id, {"org": post.organization, "secretary": None, "director": None})
        row["secretary" if post.body == "party" else "director"] = post
    table = list(rows.values())
    for row in table:
        sec, dire = row["secretary"], row["director"]
        row["dual"] = bool(sec and dire and sec.person_id == dire.person_id)
    from .models import ReserveCadre

    reserve = (ReserveCadre.objects.filter(organization__path__startswith=org.path, until__isnull=True)
               .select_related("person", "organization").order_by("organization__path"))  # fmt: skip
    if request.GET.get("format") == "xlsx":

        def cells(post: Post | None) -> list[Any]:
            if post is None:
                return ["", "", "", ""]
            p = post.person
            return [p.name, p.age_on(today), p.get_education_display() if p.education else "未知",
                    post.get_appointment_mode_display()]  # fmt: skip

        data = ([r["org"].full_path, *cells(r["secretary"]), *cells(r["director"]), "是" if r["dual"] else "否"]
                for r in table)  # fmt: skip
        headers = ["村级党组织", "书记", "年龄", "学历", "任职方式", "主任", "年龄", "学历", "任职方式", "一肩挑"]
        return xlsx_response(f"村干部-{today:%Y%m%d}.xlsx", "村干部", headers, data)
    dual = sum(1 for r in table if r["dual"])
    return render(request, "people/cadres.html", {"table": table, "reserve": reserve, "dual": dual, "today": today})
