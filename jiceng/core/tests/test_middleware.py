from django.test import Client

from jiceng.people.tests.factories import make_person


def test_nul_bytes_in_parameters_do_not_break_searches(tree, personas):
    make_person(tree.east1, "张三")
    client = Client()
    client.force_login(personas["township_officer"])
    response = client.get("/people/?q=zh%00angsan")
    assert response.status_code == 200
    assert [p.name for p in response.context["page"]] == ["张三"]


def test_nul_bytes_in_the_api_path_filter(tree, personas):
    from jiceng.accounts.models import ApiToken

    token = ApiToken.objects.issue(personas["township_officer"])
    response = Client().get("/api/v1/orgs?path=%00", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def test_nul_bytes_in_a_posted_form(tree, personas):
    client = Client()
    client.force_login(personas["township_officer"])
    response = client.post(f"/orgs/{tree.east2.pk}/rename/", {"name": "东二\x00村党支部"})
    assert response.status_code == 302
    tree.east2.refresh_from_db()
    assert tree.east2.name == "东二村党支部"
