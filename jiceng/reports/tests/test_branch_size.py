"""Issue 10.7: a 党支部 of more than 50 members, or of fewer than 3 full members, is warned about on
its own page and on its township's dashboard, citing the regulations."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse

from jiceng.organizations.rules import size_warnings
from jiceng.people.rules import Category
from jiceng.people.tests.factories import make_person

LARGE = ("党员 51 名，超过50名：党支部党员人数一般不超过50名，一般应设立党总支"
         "（《中国共产党支部工作条例（试行）》第四条、《中国共产党农村基层组织工作条例》第五条）")  # fmt: skip
SMALL = ("正式党员 2 名，不足3名：应与邻近单位的党员成立联合党支部"
         "（《中国共产党支部工作条例（试行）》第四条、《中国共产党农村基层组织工作条例》第五条）")  # fmt: skip


def _page(user, org) -> str:
    client = Client()
    client.force_login(user)
    return client.get(reverse("reports:dashboard", args=[org.pk])).content.decode()


def test_size_rules():
    assert size_warnings("branch", 50, 3) == []
    assert size_warnings("branch", 51, 49) == [LARGE]
    assert size_warnings("branch", 2, 2) == [SMALL]
    assert size_warnings("general_branch", 120, 0) == []


def test_branch_and_township_pages_warn_about_the_size(personas, tree):
    """Fails before the fix: neither page said anything about a branch's size."""
    for i in range(48):  # 东一村: 50 full (one in its 党小组) and 1 probationary member
        make_person(tree.east1, f"甲{i}", birth=dt.date(1970, 1, 1))
    make_person(tree.east1, "乙", birth=dt.date(1971, 1, 1))
    make_person(tree.group, "丙", birth=dt.date(1971, 1, 1))
    make_person(tree.east1, "丁", Category.PROBATIONARY, birth=dt.date(1971, 1, 1), joined_on=dt.date(2026, 3, 1))
    for name in ("戊", "己"):  # 东二村: 2 full members and a resident
        make_person(tree.east2, name, birth=dt.date(1972, 1, 1))
    make_person(tree.east2, "庚", Category.RESIDENT, birth=dt.date(1972, 1, 1))
    township = _page(personas["township_officer"], tree.east)
    assert township.count('class="size-warning"') == 2
    assert LARGE in township and SMALL in township
    own = _page(personas["village_secretary"], tree.east1)
    assert LARGE in own and SMALL not in own
