import json

from django.test import Client
from django.urls import reverse

from jiceng.core.models import AuditEvent
from jiceng.organizations.models import Organization
from jiceng.people.tests.factories import make_person


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_dashboard_shows_figures_and_chart_options(personas, tree):
    make_person(tree.east1, "张三")
    response = client_for(personas["township_officer"]).get(reverse("organizations:dashboard", args=[tree.east.pk]))
    assert response.context["stats"]["members"]["total"] == 1
    pyramid = json.loads(response.context["charts"]["pyramid"])
    assert sum(-v for v in pyramid["series"][0]["data"]) == 1  # one man
    body = response.content.decode()
    assert 'id="chart-pyramid"' in body and "东一村党支部" in body


def test_tree_children_partial(personas, tree):
    response = client_for(personas["township_officer"]).get(reverse("organizations:children", args=[tree.east1.pk]))
    body = response.content.decode()
    assert "第一党小组" in body and "<nav" not in body


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
    tree_page = client.get(reverse("organizations:children", args=[tree.east1.pk])).content.decode()
    assert "第一党小组" not in tree_page
    with_dissolved = client.get(reverse("organizations:children", args=[tree.east1.pk]), {"dissolved": "1"})
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
