import datetime as dt
import io

import pytest
from django.core.management import call_command

from jiceng.accounts.models import User
from jiceng.demo.seed import seed
from jiceng.people.models import Post

pytestmark = pytest.mark.django_db


def test_demo_logins_belong_to_named_people_of_their_organizations():
    seed("township", 3, dt.date(2026, 11, 23), lambda _: None)
    users = {u.username: u for u in User.objects.select_related("person__organization", "organization")}
    assert sorted(users) == ["county", "member", "township", "village"]
    assert all(u.person is not None for u in users.values())
    village, member = users["village"], users["member"]
    # The secretary and the member are people of the branch's roster; the secretary holds the post.
    assert village.person.organization == village.organization == member.person.organization
    held = Post.objects.filter(person=village.person, body="party", title="secretary", end_on__isnull=True)
    assert held.filter(organization=village.organization).exists()
    assert member.person.category == "full" and not member.person.posts.exists()
    # Officers are people of their committee; the township's 组织委员 sits on the committee.
    for name in ("county", "township"):
        assert users[name].person.organization == users[name].organization
    assert [p.title for p in users["township"].person.posts.all()] == ["member"]
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    lines = out.getvalue().splitlines()[1:]
    assert [line.split()[:2] for line in lines] == [
        [name, users[name].person.name] for name in ("county", "township", "village", "member")]  # fmt: skip
