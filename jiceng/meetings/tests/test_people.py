"""Meeting notices go to people; a member's inbox and own page; people shown by their names."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jiceng.accounts.models import Role, User
from jiceng.core.registry import my_page_sections
from jiceng.meetings import actions, services
from jiceng.meetings.models import Notice

from .accounts import link_accounts
from .factories import SYSTEM, regular_meeting, village_cadres

pytestmark = pytest.mark.django_db


def main(page: str) -> str:
    """The page's own content (the header shows the login name: that is the accounts app's)."""
    return page[page.index("<main") : page.index("</main>")]


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def wang(tree: Any, monkeypatch: Any) -> dict[str, Any]:
    """东一村's secretary 王书记 has an account; the other three invited cadres have none."""
    cadres = village_cadres(tree)
    user = User.objects.create_user("wang", password="x", organization=tree.east1, role=Role.VILLAGE_SECRETARY)
    link_accounts(monkeypatch, {user: cadres["east1_secretary"]})
    return {"user": user, **cadres}


def test_notices_go_to_the_people_with_accounts_and_to_the_villages_for_the_others(tree: Any, wang: dict) -> None:
    meeting = regular_meeting(tree, timezone.now() + dt.timedelta(days=6))
    notices = actions.send_notices(SYSTEM, meeting)
    assert sorted((n.organization.name, n.person.name if n.person else "") for n in notices) == [
        ("东一村党支部", ""),  # for 李主任, who has no account
        ("东一村党支部", "王书记"),
        ("东二村党支部", ""),
    ]
    assert all(n.lead_days == 6 and not n.late for n in notices)


def test_the_inbox_of_a_member_shows_the_notices_addressed_to_them(tree: Any, wang: dict, personas: dict) -> None:
    meeting = regular_meeting(tree, timezone.now() + dt.timedelta(days=6), theme="六月例会")
    actions.send_notices(SYSTEM, meeting)
    personal = Notice.objects.get(person=wang["east1_secretary"])
    mine = set(Notice.objects.for_user(wang["user"]).values_list("pk", flat=True))
    village = Notice.objects.get(organization=tree.east1, person=None)
    assert mine == {personal.pk, village.pk}
    assert not Notice.objects.for_user(personas["other_township_officer"]).exists()
    assert personal.pk not in set(Notice.objects.for_user(personas["village_secretary"]).values_list("pk", flat=True))
    page = client_for(wang["user"]).get(reverse("meetings:inbox")).content.decode()
    assert "发给王书记本人和东一村党支部" in page and "发给王书记本人</span>" in page and "六月例会" in page
    text = client_for(wang["user"]).get(reverse("meetings:notice", args=[personal.pk])).content.decode()
    assert "王书记同志：" in text and "请您准时参加" in text
    assert Notice.objects.get(pk=personal.pk).read_at is None  # a GET never marks it read
    client_for(wang["user"]).post(reverse("meetings:notice", args=[personal.pk]))  # the page's own POST on load
    officer = client_for(personas["township_officer"]).get(reverse("meetings:detail", args=[meeting.pk]))
    assert '通知到人 1 人：<span id="personal-notices">王书记（已读）</span>' in officer.content.decode()


def test_the_own_page_lists_this_weeks_meetings_pending_leave_and_unread_notices(tree: Any, wang: dict) -> None:
    today = timezone.localdate()
    tonight = timezone.make_aware(dt.datetime(today.year, today.month, today.day, 23, 0))
    meeting = regular_meeting(tree, tonight, theme="本周例会")
    regular_meeting(tree, tonight + dt.timedelta(days=14), theme="下月例会")  # not this week
    actions.send_notices(SYSTEM, meeting)
    row = meeting.attendances.get(person=wang["east1_secretary"])
    actions.request_leave(wang["user"], row, "到县里培训")
    (section,) = [s for s in my_page_sections() if s.key == "meetings"]
    context = section.context(wang["user"], today)
    assert context is not None
    assert [a.meeting.theme for a in context["my_week"]] == ["本周例会"]
    assert [(lv.attendance.person.name, lv.reason) for lv in context["my_pending_leave"]] == [("王书记", "到县里培训")]
    assert {n.person.name if n.person else n.organization.name for n in context["my_unread_notices"]} == {
        "王书记", "东一村党支部"}  # fmt: skip
    html = render_to_string(section.template, context)
    assert "本周例会" in html and "下月例会" not in html and "到县里培训" in html and "发给您本人" in html
    nobody = User.objects.create_user("nobody", password="x", organization=tree.west1, role=Role.MEMBER)
    assert section.context(nobody, today) is None
    own = main(client_for(wang["user"]).get(reverse("my_page")).content.decode())
    assert 'id="my-meetings"' in own and "本周例会" in own and "到县里培训" in own
    assert 'id="my-meetings"' not in client_for(nobody).get(reverse("my_page")).content.decode()


def test_leave_approver_and_entry_are_shown_by_name(tree: Any, wang: dict, personas: dict, monkeypatch: Any) -> None:
    approver = User.objects.create_user("zhou", password="x", organization=tree.east, role=Role.TOWNSHIP_OFFICER,
                                        last_name="周", first_name="书记")  # fmt: skip
    actions.save_township_rule(SYSTEM, tree.east, leave_approver=approver)
    meeting = regular_meeting(tree, timezone.now() + dt.timedelta(days=6), actor=personas["township_officer"])
    leave = actions.request_leave(wang["user"], meeting.attendances.get(person=wang["east1_secretary"]), "住院")
    actions.decide_leave(approver, leave, approve=True)
    page = main(client_for(approver).get(reverse("meetings:detail", args=[meeting.pk])).content.decode())
    assert "（王书记登记）" in page and "审批人 周书记" in page and "wang" not in page and "zhou" not in page
    assert "录入人：</span>east_officer" in page  # an account without a person or full name: its login name
    rules_page = client_for(personas["township_officer"]).get(reverse("meetings:rules", args=[tree.east.pk]))
    body = rules_page.content.decode()
    assert "周书记（东镇党委·乡镇组织委员）" in body and "王书记（东一村党支部书记）" in body
    assert "east1_member" not in body  # a read-only member account is never the approver


def test_accounts_lookup_is_empty_until_accounts_link_people(tree: Any) -> None:
    from django.core.exceptions import FieldDoesNotExist

    cadres = village_cadres(tree)
    try:
        User._meta.get_field("person")
    except FieldDoesNotExist:
        assert services.accounts_of([c.pk for c in cadres.values()]) == {}
    else:
        user = User.objects.create_user("li", password="x", organization=tree.east1, role=Role.VILLAGE_SECRETARY)
        user.person = cadres["east1_director"]  # type: ignore[attr-defined]
        user.save()
        assert services.accounts_of([c.pk for c in cadres.values()]) == {cadres["east1_director"].pk: user}
