"""Login, first login with a printed code, the person's own page, and the officers' accounts pages."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from jiceng.core import audit
from jiceng.core.access import AuthedRequest
from jiceng.core.pdf import pdf_response
from jiceng.core.web import my_sections, run_action
from jiceng.organizations.models import Organization
from jiceng.people.crypto import id_digest
from jiceng.people.filters import PeopleFilter
from jiceng.people.models import Person

from . import actions, lockout
from . import rules as account_rules
from .forms import BulkCreateForm, FirstLoginForm, LinkForm, LockoutAuthenticationForm
from .models import FirstLoginCode, Role, User
from .status import STATUSES, AccountFilter, standing

CREATE_LIMIT = 500  # people listed at once on the creation page (a branch, or a filtered list)


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    form_class = LockoutAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@login_not_required
def first_login(request: HttpRequest) -> HttpResponse:
    """Login name + the printed code → the person sets their own password and is logged in."""
    form = FirstLoginForm(request.POST or None, initial={"username": request.GET.get("u", "")[:150]})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_action(request, lambda: actions.redeem_code(
            username=data["username"], code=data["code"], password=data["new_password1"],
            ip=lockout.client_address(request)), form=form)  # fmt: skip
        if done:
            login(request, done.value, backend="jiceng.accounts.auth.PasswordBackend")
            messages.success(request, "密码已设置。以后请用登录名和这个密码登录。")
            return redirect("home")
    return render(request, "accounts/first_login.html", {"form": form})


def my_page(request: AuthedRequest) -> HttpResponse:
    """The person's own record and the sections other apps add (meetings, leave, notices …)."""
    user, today = request.user, timezone.localdate()
    person = Person.objects.select_related("organization").filter(account=user).first()
    context: dict[str, Any] = {"person": person, "today": today, "sections": my_sections(request, today)}
    if person is not None:
        context["posts"] = person.posts.select_related("organization").order_by("-start_on", "-pk")
        context["history"] = person.category_changes.all()
    return render(request, "accounts/my_page.html", context)


# ---------------------------------------------------------------- officers: accounts of the subtree


def _require_officer(request: AuthedRequest) -> None:
    if not request.user.has_perm("accounts.view_accounts"):
        raise Http404


def _org_options(user: Any) -> list[tuple[int, str]]:
    base = user.organization.depth
    orgs = Organization.objects.visible_to(user).active().order_by("path")[:2000]
    return [(o.pk, "　" * (o.depth - base) + o.name) for o in orgs]


def account_list(request: AuthedRequest) -> HttpResponse:
    _require_officer(request)
    now = timezone.now()
    flt = AccountFilter.from_query(request.GET, request.user)
    open_codes = Prefetch("first_login_codes", FirstLoginCode.objects.open(), to_attr="open_codes")
    users = (flt.apply(User.objects.visible_to(request.user), now)
             .select_related("person__organization", "organization").prefetch_related(open_codes)
             .order_by("organization__path", "person__name_pinyin", "username"))  # fmt: skip
    page = Paginator(users, 100).get_page(request.GET.get("page"))
    rows = [{"user": u, "standing": standing(u, now), "manage": request.user.has_perm("accounts.manage_account", u),
             "moved": _moved(u)} for u in page]  # fmt: skip
    context = {"page": page, "rows": rows, "flt": flt, "orgs": _org_options(request.user),
               "roles": Role.choices, "statuses": STATUSES.items()}  # fmt: skip
    return render(request, "accounts/list.html", context)


def _moved(user: User) -> bool:
    """The person has since moved out of the account's organization (a transfer): the account
    still sees the old branch, so the officer should look at it."""
    person, org = user.person, user.organization
    return person is not None and org is not None and account_rules.person_outside(user.role, org.path, person.org_path)


def account_create(request: AuthedRequest) -> HttpResponse:
    """Choose people (a branch's members, or any filtered list) and a role: one account each."""
    _require_officer(request)
    flt = PeopleFilter.from_query(request.GET, request.user)
    everyone = request.GET.get("all") == "1"
    form = BulkCreateForm(request.POST or None, user=request.user)
    if request.method == "POST":
        _require_visible_people(request)
    if request.method == "POST" and form.is_valid():
        chosen, role = list(form.cleaned_data["person"]), form.cleaned_data["role"]
        done = run_action(request, lambda: actions.bulk_create_accounts(request.user, chosen, role), form=form)
        if done:
            _created_message(request, done.value)
            return redirect(f"{reverse('account_list')}?status=no_code")
    people = flt.apply(Person.objects.visible_to(request.user), timezone.localdate())
    # Members by default ("all members of a branch"); a category chosen on the people list wins.
    if not (everyone or flt.category):
        people = people.members()  # type: ignore[attr-defined]
    people = people.select_related("organization", "account")
    listed = list(people.order_by("org_path", "name", "pk")[: CREATE_LIMIT + 1])
    context = {"form": form, "flt": flt, "everyone": everyone, "people": listed[:CREATE_LIMIT], "limit": CREATE_LIMIT,
               "more": len(listed) > CREATE_LIMIT, "orgs": _org_options(request.user)}  # fmt: skip
    return render(request, "accounts/create.html", context)


def _require_visible_people(request: AuthedRequest) -> None:
    """Someone else's people are not 'an invalid choice' but not found (nothing learned)."""
    ids = {v for v in request.POST.getlist("person") if v.isascii() and v.isdigit() and len(v) < 12}
    if Person.objects.visible_to(request.user).filter(pk__in=ids).count() != len(ids):
        raise Http404


def _created_message(request: HttpRequest, result: actions.BulkResult) -> None:
    text = f"已创建 {len(result.created)} 个账户"
    if result.skipped:
        text += f"；{len(result.skipped)} 人已有账户，未重复创建（{'、'.join(p.name for p in result.skipped[:10])}）"
    messages.success(request, text + "。请勾选并打印首次登录码。")


@require_POST
def account_codes(request: AuthedRequest) -> HttpResponse:
    """New first-login codes for the chosen accounts, returned at once as slips to print (A4 PDF)."""
    _require_officer(request)
    ids = [int(v) for v in request.POST.getlist("user") if v.isascii() and v.isdigit() and len(v) < 12]
    users = list(User.objects.visible_to(request.user).filter(pk__in=ids).select_related("person", "organization")
                 .order_by("organization__path", "person__name_pinyin", "username"))  # fmt: skip
    if len(users) != len(set(ids)):
        raise Http404
    done = run_action(request, lambda: actions.issue_codes(request.user, users))
    if not done:
        return redirect("account_list")
    address = request.build_absolute_uri(reverse("first_login"))
    slips = [_slip(issued, address) for issued in done.value]
    response = pdf_response(request, "accounts/pdf_codes.html", {"slips": slips, "address": address},
                            f"首次登录码-{timezone.localdate():%Y%m%d}.pdf")  # fmt: skip
    # The codes exist nowhere else: no cache keeps them, and the PDF is saved to be printed.
    response["Cache-Control"] = "no-store"
    response["Content-Disposition"] = response["Content-Disposition"].replace("inline", "attachment")
    return response


def _slip(issued: actions.IssuedCode, address: str) -> dict[str, Any]:
    import segno  # imported here: only this page draws QR codes

    user = issued.user
    qr = segno.make(f"{address}?{urlencode({'u': user.username})}", error="m").svg_data_uri(scale=2, border=1)
    org = user.organization.full_path if user.organization else ""
    return {"name": user.display_name, "username": user.username, "code": issued.printed, "organization": org,
            "expires": timezone.localtime(issued.expires_at), "qr": qr}  # fmt: skip


def account_link(request: AuthedRequest, pk: int) -> HttpResponse:
    """Link an existing account (say one made on the command line) to the person it belongs to."""
    _require_officer(request)
    account = get_object_or_404(User.objects.visible_to(request.user).select_related("person", "organization"), pk=pk)
    if not request.user.has_perm("accounts.manage_account", account):
        raise Http404
    form = LinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        digest = id_digest(form.cleaned_data["id_number"])
        person = Person.objects.visible_to(request.user).select_related("organization").filter(id_digest=digest).first()
        if person is None:
            form.add_error("id_number", "您的范围内没有这个公民身份号码的人员")
        elif run_action(request, lambda: actions.link_person(request.user, account, person), form=form):
            messages.success(request, f"账户 {account.username} 已关联到 {person.name}")
            return redirect("account_list")
    return render(request, "accounts/link.html", {"form": form, "account": account})


class PasswordChangeView(auth_views.PasswordChangeView):
    """Every signed-in user changes their own password (the demo password is shared)."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        user = form.user
        audit.record(user, "update", user, org=getattr(user, "organization", None), changes={"password": "已修改"})
        messages.success(self.request, "密码已修改。")
        return response
