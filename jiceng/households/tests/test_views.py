"""Grid, household and visit pages: what users actually get."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from jiceng.core.errors import AccessDenied, DomainError
from jiceng.core.models import AuditEvent
from jiceng.households import actions, sheets
from jiceng.households.models import Household, Visit
from jiceng.households.tests.permission_cases import households_xlsx


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_visit_is_recorded_with_its_event_and_entry_dates(tree, personas):
    secretary = personas["village_secretary"]
    grid = actions.create_grid(secretary, tree.east1, name="第一网格", responsible="赵六")
    house = actions.add_household(secretary, grid, head_name="孙七", size=3)
    visit = actions.record_visit(secretary, organization=tree.east1, kind="hardship", visited_on=dt.date(2026, 11, 2),
                                 visitee="孙七", household=house)  # fmt: skip
    assert (visit.grid, visit.org_path, visit.visited_on, visit.visitor) == (grid, tree.east1.path,
                                                                              dt.date(2026, 11, 2), secretary)  # fmt: skip
    assert AuditEvent.objects.filter(object_type="households.visit", action="create").count() == 1
    with pytest.raises(DomainError, match="走访日期不能晚于今天"):
        actions.record_visit(secretary, organization=tree.east1, kind="hardship", visited_on=dt.date(2099, 1, 1),
                             visitee="孙七")  # fmt: skip
    with pytest.raises(DomainError, match="农户不属于所选村"):
        actions.record_visit(personas["township_officer"], organization=tree.east2, kind="hardship",
                             visited_on=dt.date(2026, 11, 2), visitee="孙七", household=house)  # fmt: skip
    with pytest.raises(AccessDenied):
        actions.record_visit(personas["member"], organization=tree.east1, kind="resident",
                             visited_on=dt.date(2026, 11, 2), visitee="x")  # fmt: skip
    assert Visit.objects.count() == 1


def test_households_are_personal_data_for_editors_only(tree, personas):
    grid = actions.create_grid(personas["village_secretary"], tree.east1, name="一组", responsible="赵六")
    actions.add_household(personas["village_secretary"], grid, head_name="孙七")
    assert Household.objects.visible_to(personas["village_secretary"]).count() == 1
    assert not Household.objects.visible_to(personas["member"]).exists()
    assert not Household.objects.visible_to(personas["other_township_officer"]).exists()
    page = client_for(personas["member"]).get(reverse("households:grid_detail", kwargs={"pk": grid.pk}))
    assert "孙七" not in page.content.decode() and "农户信息仅村党支部书记及以上可见" in page.content.decode()


def test_the_visits_page_offers_the_ledgers_visit_form(tree, personas):
    # The ledgers register their "记录走访" page (a visit may become a ledger item at once)
    page = client_for(personas["village_secretary"]).get(reverse("households:visits")).content.decode()
    assert f'href="{reverse("ledgers:visit_create")}"' in page


def test_the_plain_visit_page_preselects_the_only_village(tree, personas):
    page = client_for(personas["village_secretary"]).get(reverse("households:visit_create")).content.decode()
    assert f'<option value="{tree.east1.pk}" selected>' in page
    township = client_for(personas["township_officer"]).get(reverse("households:visit_create")).content.decode()
    assert f'<option value="{tree.east1.pk}">' in township and f'value="{tree.east1.pk}" selected' not in township


def test_household_import_all_or_nothing_with_row_errors(tree, personas):
    grid = actions.create_grid(personas["village_secretary"], tree.east1, name="一组", responsible="赵六")
    client = client_for(personas["village_secretary"])
    url = reverse("households:grid_import", kwargs={"pk": grid.pk})
    # Given a sheet with two bad rows among good ones, nothing is imported and each row is named
    bad = households_xlsx(("孙七", "一组3号", 3, ""), ("", "一组4号", 2, ""), ("钱八", "", "三口", ""),
                          ("孙七", "一组3号", 1, "重复"))  # fmt: skip
    page = client.post(url, {"file": bad}).content.decode()
    assert "第3行：户主不能为空" in page
    assert "第4行：家庭人口应为1至50之间的整数" in page
    assert "第5行：与第2行重复（户主和住址相同）" in page
    assert Household.objects.count() == 0
    # A file that is not a workbook is refused too
    from django.core.files.uploadedfile import SimpleUploadedFile

    junk = client.post(url, {"file": SimpleUploadedFile("a.xlsx", b"not a workbook")}).content.decode()
    assert "无法读取该文件" in junk
    # When the sheet is right, every household is saved (blank size = 1, blank rows skipped)
    good = households_xlsx(("孙七", "一组3号", 3, "低保户"), (None, None, None, None), ("钱八", "一组5号", None, ""))
    response = client.post(url, {"file": good})
    assert response.status_code == 302
    rows = list(Household.objects.order_by("head_name").values_list("head_name", "address", "size", "note", "org_path"))
    assert rows == [("孙七", "一组3号", 3, "低保户", tree.east1.path), ("钱八", "一组5号", 1, "", tree.east1.path)]
    assert AuditEvent.objects.filter(changes__导入农户=2).count() == 1


@pytest.mark.parametrize(
    ("header", "error"),
    [
        (("姓名", "住址"), "第1行应为表头"),
        (("户主", "电话"), "不认识的列：电话"),
    ],
)
def test_household_sheet_header_is_checked(header, error):
    rows, errors = sheets.parse([list(header), ["孙七", "x"]])
    assert rows == [] and error in errors[0]
