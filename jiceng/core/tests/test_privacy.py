"""The shared checker of what is published (core.privacy)."""

from __future__ import annotations

import pytest

from jiceng.core.errors import DomainError
from jiceng.core.privacy import check_public, problems, split_names

NAMES = ["王小明", "李大娘、赵 四", "欧阳春花"]


@pytest.mark.parametrize(
    "text",
    [
        "为王小明修好了屋顶", "王 小明家的房子已修缮", "王·小明户已落实低保", "小明家已解决", "Wang Xiaoming 家已解决",
        "李大娘反映的问题已解决", "赵四家门口路灯已修", "春花家已通水", "王　小　明（全角空格）",
    ],
)  # fmt: skip
def test_names_of_the_people_concerned_are_found(text):
    assert [p for p in problems(text, NAMES) if p.startswith("当事人姓名")] != []


@pytest.mark.parametrize(
    "text",
    [
        "联系电话13812345678",
        "电话 138 1234 5678",
        "电话：138-1234-5678",
        "座机0710-1234567",
        "手机１３８１２３４５６７８",
    ],
)
def test_phone_numbers_are_found(text):
    assert problems(text) == ["电话号码"]


@pytest.mark.parametrize(
    "text",
    ["身份证420102199001011234", "身份证 4201 0219 9001 0112 3X", "老身份证420102900101123", "卡号6222021234567890123"],
)
def test_id_and_other_long_numbers_are_found(text):
    assert "身份证号等长号码" in problems(text)


@pytest.mark.parametrize(
    "text",
    ["王某家的村道已修复", "东一村村道积水问题已修复，投入资金15000元", "2026年3月5日完成", "王家村自来水已接通",
     "共解决12户的饮水问题"],
)  # fmt: skip
def test_ordinary_public_texts_pass(text):
    assert problems(text, NAMES) == []


def test_check_public_says_what_was_found_without_repeating_it():
    with pytest.raises(DomainError) as refused:
        check_public("王小明，电话13812345678", NAMES)
    assert refused.value.message == "公开内容不能包含电话号码、当事人姓名“王某”，请删去后再公开"


def test_split_names():
    assert split_names(["李大娘、赵 四；王某", "", "孙七/周八"]) == ["李大娘", "赵四", "孙七", "周八"]
