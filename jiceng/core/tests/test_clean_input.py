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


def test_a_vertical_tab_pasted_from_word_becomes_a_line_break(tree, personas):
    client = Client()
    client.force_login(personas["township_officer"])
    client.post(f"/orgs/{tree.east2.pk}/rename/", {"name": "东二\x0b村\x1f党支部"})
    tree.east2.refresh_from_db()
    assert tree.east2.name == "东二\n村党支部"


def test_control_characters_in_query_keys_and_values(tree, personas):
    make_person(tree.east1, "张三")
    client = Client()
    client.force_login(personas["township_officer"])
    response = client.get("/people/?q=%E5%BC%A0%0B%1F%7F%C2%85%E4%B8%89")
    assert response.status_code == 200
    assert [p.name for p in response.context["page"]] == []  # "张\n三" is not "张三": cleaned, not dropped
    response = client.get("/people/?q%00=%E5%BC%A0%E4%B8%89")
    assert response.status_code == 200


def test_clean_text():
    from jiceng.core.text import clean_data, clean_text

    assert clean_text("a\x00b\x01c\x7fd\x85e\ufffef\ud800g") == "abcdefg"
    assert clean_text("第一行\x0b第二行\x0c\t尾\r\n") == "第一行\n第二行\n\t尾\r\n"
    assert clean_data({"k\x00": ["v\x00", 1, {"x": "\x0by"}]}) == {"k": ["v", 1, {"x": "\ny"}]}
