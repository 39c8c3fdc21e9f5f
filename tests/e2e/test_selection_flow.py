"""干部选拔 on a 360 px phone: the officer counts the forms, is refused a candidate below the
threshold (in Chinese, nothing written), chooses the 考察对象, and the page never scrolls sideways."""

from __future__ import annotations

from typing import Any

import pytest

from jiceng.selection.models import Exercise, RecommendationRound
from jiceng.selection.tests.factories import candidates_of, exercise

from .conftest import VIEWPORTS, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _fits(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"] + 1)


def test_counting_and_choosing_the_objects_of_inspection_on_a_phone(new_page: Any, live_server: Any, tree: Any,
                                                                     personas: dict[str, Any]) -> None:  # fmt: skip
    ex = exercise(tree, until="recommending")
    first, second, third = candidates_of(ex)
    page = new_page("phone", is_mobile=True, has_touch=True)
    login(page, live_server.url, personas["township_officer"].username)
    page.goto(f"{live_server.url}/selection/")
    assert "东镇党委委员选拔" in page.inner_text("#exercises") and _fits(page)
    page.click("#exercises a")
    page.wait_for_selector("#tally")
    assert "30/36（83.3%）" in page.inner_text("#tally") and _fits(page)

    # a new count: more forms returned than issued is refused and the typed numbers stay
    page.click("summary:has-text('录入推荐票')")
    page.fill("#round_issued", "40")
    page.fill("#round_returned", "41")
    page.fill("#round_valid", "36")
    page.fill(f"#votes-{first.pk}", "31")
    page.click("button:has-text('保存计票')")
    page.wait_for_selector(".form-errors")
    assert "收回推荐表41张，多于发出的40张" in page.inner_text(".form-errors")
    assert RecommendationRound.objects.get().returned == 38

    # 孙三 (8 of 36) cannot become an object of inspection
    page.click("summary:has-text('确定考察对象并公示')")
    page.check(f"#moves input[value='{third.pk}']")
    page.check(f"#moves input[value='{first.pk}']")
    page.click("#moves button:has-text('确定考察对象并公示')")
    page.wait_for_selector("#form-errors")
    assert "孙三在推荐会中得票8张，占有效推荐表36张的22.2%，未超过50%，不能作为考察对象" in page.inner_text(
        "#form-errors"
    )
    assert Exercise.objects.get(pk=ex.pk).state == "recommending" and _fits(page)
    assert page.locator("#moves .form-errors").count() == 0  # the refusal is shown once, above the moves

    page.uncheck(f"#moves input[value='{third.pk}']")
    page.check(f"#moves input[value='{second.pk}']")
    page.click("#moves button:has-text('确定考察对象并公示')")
    page.wait_for_selector("#state:has-text('考察对象公示')")
    assert list(Exercise.objects.get(pk=ex.pk).candidates.filter(inspect=True).values_list("person__name", flat=True)) \
        == ["赵一", "钱二"]  # fmt: skip
    assert "关于东镇党委委员选拔考察对象的公示" in page.inner_text("body") and _fits(page)
