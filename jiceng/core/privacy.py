"""What is published never shows personal data of the people concerned.

One checker for every publishing feature (the ledgers' public board today; 公示 and 村务公开 later):
`problems(text, names)` lists, in Chinese, what a text would disclose; `check_public` refuses it.

- ID numbers: any run of 15 or more digits (18-digit and old 15-digit numbers, bank cards),
- phone numbers: mobiles (1[3-9] + 9 digits) and landlines (0 + area code + number),
  digits counted across spaces, dashes and dots (`138 1234 5678`) and in full-width forms;
- names of the people concerned: the full name and the given name alone (two characters or more),
  across spaces and punctuation (`王 小明`, `王·小明`), followed by 家/户 or not, and in pinyin
  (`wang xiaoming`). `王某`, `王某某` and the like stay allowed: that is how a name is withheld.

Already published texts are checked again (`recheck_published`) by the checks that apps register
with `register_published_check`: a published item that fails is withdrawn, with a note to the
officer who published it. Run it daily (`manage.py recheck_published`, or the scheduler).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from .errors import DomainError

COMPOUND_SURNAMES = (
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯",
    "令狐", "端木", "独孤", "南宫", "西门", "申屠", "轩辕", "呼延", "百里", "东郭", "澹台", "万俟",
)  # fmt: skip
# Characters a name may be spread with to slip past a plain comparison.
FILLER = re.compile(r"[\s\u00b7\u2027\u30fb\u200b-\u200d\ufeff._\-—–·•,，、/\\|()（）\[\]【】\"'“”‘’*＊~～]+")
DIGIT_GAP = re.compile(r"(?<=\d)[\s\-–—.·()（）]+(?=\d)")
LONG_NUMBER = re.compile(r"\d{15,}|\d{17}[Xx]")
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
LANDLINE = re.compile(r"(?<!\d)0\d{2,3}\d{7,8}(?!\d)")
NAME_SPLIT = re.compile(r"[、，,;；/\n]+")  # not spaces: `王 小明` is one name, spaced
WITHHELD = "某"


def _normal(text: str) -> str:
    """Full-width digits and letters as ASCII (NFKC), lower case."""
    return unicodedata.normalize("NFKC", text).lower()


def _digits_view(text: str) -> str:
    return DIGIT_GAP.sub("", _normal(text))


def _compact(text: str) -> str:
    return FILLER.sub("", _normal(text))


def split_names(values: Iterable[str]) -> list[str]:
    """The names in fields such as 当事人 (`李大娘、王五`), without withheld ones (`王某`)."""
    names = []
    for value in values:
        for part in NAME_SPLIT.split(_normal(value or "")):
            part = FILLER.sub("", part)
            if len(part) >= 2 and WITHHELD not in part:
                names.append(part)
    return names


def _given_name(name: str) -> str:
    surname = next((s for s in COMPOUND_SURNAMES if name.startswith(s) and len(name) > len(s)), name[:1])
    return name[len(surname) :]


def _pinyin(name: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(name))


@lru_cache(maxsize=50_000)
def _name_forms(name: str) -> tuple[str, ...]:
    forms = [name]
    given = _given_name(name)
    if len(given) >= 2:
        forms.append(given)
    if re.fullmatch(r"[\u4e00-\u9fff]+", name) and len(name) >= 2:
        forms.append(_pinyin(name))
    return tuple(forms)


@lru_cache(maxsize=64)
def _forms_of(names: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each name of `names` with the forms it is looked for in (a board checks many texts against
    the same names: they are split and turned into pinyin once)."""
    return tuple((name, _name_forms(name)) for name in split_names(names))


def problems(text: str, names: Iterable[str] = ()) -> list[str]:
    """What `text` would disclose if published, in Chinese (empty when nothing)."""
    found = []
    digits = _digits_view(text)
    if LONG_NUMBER.search(digits):
        found.append("身份证号等长号码")
    if MOBILE.search(digits) or LANDLINE.search(digits):
        found.append("电话号码")
    compact = _compact(text)
    ascii_compact = re.sub(r"[^a-z]", "", compact)
    for name, forms in _forms_of(tuple(names)):
        for form in forms:
            haystack = ascii_compact if form.isascii() else compact
            if form and form in haystack:
                found.append(f"当事人姓名“{name[0]}某”")
                break
    return found


def check_public(text: str, names: Iterable[str] = ()) -> None:
    """Refuse to publish `text` when it discloses an ID or phone number or a concerned person's name."""
    if found := problems(text, names):
        raise DomainError(f"公开内容不能包含{'、'.join(dict.fromkeys(found))}，请删去后再公开")


# ---------------------------------------------------------------- what is already published


@dataclass(frozen=True)
class PublishedCheck:
    """`run()` re-checks what an app has published, withdraws what fails, returns how many."""

    label: str
    run: Callable[[], int]


_CHECKS: dict[str, PublishedCheck] = {}


def register_published_check(label: str, run: Callable[[], int]) -> None:
    _CHECKS[label] = PublishedCheck(label, run)


def recheck_published() -> dict[str, int]:
    """Every registered check (plain function: the scheduler calls it daily); label → withdrawn."""
    return {check.label: check.run() for check in sorted(_CHECKS.values(), key=lambda c: c.label)}
