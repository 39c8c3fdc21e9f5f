import datetime as dt

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jiceng.core.models import AuditEvent
from jiceng.organizations.models import Organization


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_old_addresses_redirect_to_the_reports_pages(personas, tree):
    client = client_for(personas["township_officer"])
    assert client.get(reverse("organizations:tree"))["Location"] == reverse("reports:tree")
    dashboard = client.get(reverse("organizations:dashboard", args=[tree.east1.pk]))
    assert dashboard["Location"] == reverse("reports:dashboard", args=[tree.east1.pk])
    kids = client.get(reverse("organizations:children", args=[tree.east1.pk]), {"dissolved": "1"})
    assert kids["Location"] == reverse("reports:children", args=[tree.east1.pk]) + "?dissolved=1"
    # Outside the subtree it is a 404 before any redirect (nothing is learned).
    assert client.get(reverse("organizations:dashboard", args=[tree.west1.pk])).status_code == 404


def test_officer_creates_a_child_and_sees_domain_errors(personas, tree):
    client = client_for(personas["township_officer"])
    url = reverse("organizations:create_child", args=[tree.east.pk])
    client.post(url, {"name": "东三村党支部", "kind": "branch", "village_name": "东三村"})
    assert Organization.objects.filter(full_path="测试县委/东镇党委/东三村党支部").exists()
    response = client.post(url, {"name": "东三村党支部", "kind": "branch"}, follow=True)
    assert "已存在同名组织" in response.content.decode()


def test_dissolve_keeps_the_record(personas, tree):
    client = client_for(personas["township_officer"])
    client.post(reverse("organizations:dissolve", args=[tree.group.pk]), {"on": "2026-01-01"})
    assert Organization.objects.get(pk=tree.group.pk).dissolved_on is not None
    assert AuditEvent.objects.filter(action="dissolve").count() == 1
    tree_page = client.get(reverse("reports:children", args=[tree.east1.pk])).content.decode()
    assert "第一党小组" not in tree_page
    with_dissolved = client.get(reverse("reports:children", args=[tree.east1.pk]), {"dissolved": "1"})
    assert "第一党小组" in with_dissolved.content.decode()


def test_township_officer_groups_villages_into_areas(personas, tree):
    from jiceng.organizations.models import Area, Village

    client = client_for(personas["township_officer"])
    villages = list(Village.objects.filter(township=tree.east).values_list("pk", flat=True))
    client.post(reverse("organizations:areas", args=[tree.east.pk]), {"name": "东片", "villages": villages})
    area = Area.objects.get(township=tree.east)
    assert sorted(area.villages.values_list("name", flat=True)) == ["东一村", "东二村"]
    west_village = Village.objects.get(name="西一村")
    response = client.post(
        reverse("organizations:areas", args=[tree.east.pk]),
        {"name": "错片", "villages": [west_village.pk]},
        follow=True,
    )
    assert not Area.objects.filter(name="错片").exists()
    area_changes = AuditEvent.objects.get(object_type="organizations.area").changes
    assert area_changes["villages"] == [None, ["东一村", "东二村"]]
    assert response.status_code == 200


def test_officer_sets_the_founding_date_on_the_organization_page(personas, tree):
    client = client_for(personas["township_officer"])
    page = client.get(reverse("reports:dashboard", args=[tree.east1.pk])).content.decode()
    assert f"成立日期未知（三会一课等按首次录入系统的年份，自 {timezone.localdate().year}-01-01 起计算）" in page
    url = reverse("organizations:details", args=[tree.east1.pk])
    response = client.post(url, {"founded_on": "1956-03-01", "division_code": ""}, follow=True)
    assert "成立日期：1956-03-01" in response.content.decode()
    assert Organization.objects.get(pk=tree.east1.pk).founded_on == dt.date(1956, 3, 1)
    event = AuditEvent.objects.get(action="update", object_type="organizations.organization")
    assert (event.actor, event.changes) == (personas["township_officer"], {"founded_on": [None, "1956-03-01"]})
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    refused = client.post(url, {"founded_on": future, "division_code": ""}, follow=True)
    assert "成立日期不能晚于今天" in refused.content.decode()
    assert Organization.objects.get(pk=tree.east1.pk).founded_on == dt.date(1956, 3, 1)
