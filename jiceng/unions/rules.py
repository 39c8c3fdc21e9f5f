"""Pure rules of the 户联理事会 (seed 002 §二 “变村域层面自治为农户联合自治”), no database.

- 以屋场院子、自然村落为基本单元 … 由农户自愿按25-30户的规模联合组成: a union outside 25–30
  households is warned and stored only when confirmed (`size_warning`).
- 推选理事长1名、理事1-2名: at most one 理事长 and two 理事 (`officer_problem`); chosen by the
  households: more than half of the union's households take part and the chosen one has more than
  half of their votes (`choice_problem`).
- 四联: 经济联合、治安联防、好事联办、文化联学, each record with its quantities (`activity_problem`);
  the seed's figures (“村民互换劳力21.2万人次，自发整修堰塘水渠11.8万人次，修路105公里”) are sums of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import models

SIZE_MIN, SIZE_MAX = 25, 30  # seed 002: 按25-30户的规模
MAX_MEMBERS = 2  # seed 002: 理事1-2名
MAX_COUNT = 10_000_000  # 人次 of one record: beyond it a typing error (the county's whole 21.2万 fits 47 times)
MAX_KM = Decimal("999999.99")  # the column's 8 digits
MAX_FEN = 10**12  # 100 亿元


class UnionBasis(models.TextChoices):
    COURTYARD = "courtyard", "屋场院子"
    HAMLET = "hamlet", "自然村落"


class OfficerRole(models.TextChoices):
    CHAIR = "chair", "理事长"
    MEMBER = "member", "理事"


class ActivityKind(models.TextChoices):
    ECONOMY = "economy", "经济联合"
    SECURITY = "security", "治安联防"
    GOOD_DEEDS = "good_deeds", "好事联办"
    CULTURE = "culture", "文化联学"


def size_warning(count: int) -> str:
    """Seed 002: 按25-30户的规模 — outside the range a warning (stored once confirmed), never a refusal."""
    if SIZE_MIN <= count <= SIZE_MAX:
        return ""
    side = "少于" if count < SIZE_MIN else "多于"
    return f"户联理事会一般由25至30户组成，现为{count}户（{side}规定规模），确认无误后请勾选“确认规模”再保存"


def officer_problem(role: str, chairs: int, members: int) -> str:
    """Seed 002: 推选理事长1名、理事1-2名 (counts of those already chosen)."""
    if role == OfficerRole.CHAIR and chairs >= 1:
        return "户联理事会只设理事长1名，已推选理事长"
    if role == OfficerRole.MEMBER and members >= MAX_MEMBERS:
        return "户联理事会理事为1至2名，已推选2名理事"
    return ""


def choice_problem(households: int, voting: int, votes: int) -> str:
    """由农户推选 (seed 002): more than half of the households take part, and more than half of them chose."""
    if voting <= 0 or votes <= 0:
        return "请填写参加推选的户数和得票户数"
    if voting > households:
        return f"参加推选的户数（{voting}户）不能多于本会农户（{households}户）"
    if votes > voting:
        return f"得票户数（{votes}户）不能多于参加推选的户数（{voting}户）"
    if voting * 2 <= households:
        return f"参加推选的户数应超过本会农户的一半（{households}户中{voting}户参加）"
    if votes * 2 <= voting:
        return f"得票应超过参加推选户数的一半（{voting}户中得{votes}票）"
    return ""


@dataclass(frozen=True)
class Quantities:
    labour: int = 0  # 互换劳力（人次）
    water: int = 0  # 整修堰塘水渠（人次）
    road_km: Decimal = Decimal(0)  # 修路（公里）
    money: int = 0  # 集资（分）
    households: int = 0  # 参与户数


def activity_problem(q: Quantities, union_households: int) -> str:
    """A 四联 record's quantities: none negative; households taking part at most the union's."""
    if min(q.labour, q.water, q.money, q.households) < 0 or q.road_km < 0:
        return "数量不能为负数"
    if max(q.labour, q.water) > MAX_COUNT or q.road_km > MAX_KM or q.money > MAX_FEN:
        return "数量过大，请核实"
    if q.road_km.as_tuple().exponent < -2:  # type: ignore[operator]
        return "修路公里数最多保留两位小数"
    if q.households > union_households:
        return f"参与户数（{q.households}户）不能多于本会农户（{union_households}户）"
    if q.households == 0:
        return "请填写参与户数"
    return ""


def add(a: Quantities, b: Quantities) -> Quantities:
    return Quantities(a.labour + b.labour, a.water + b.water, a.road_km + b.road_km, a.money + b.money,
                      a.households + b.households)  # fmt: skip


def wan(count: int) -> str:
    """212000 → "21.2万" (the seed's way of writing 人次); below 10 000 the number itself."""
    if count < 10_000:
        return str(count)
    text = format((Decimal(count) / 10_000).quantize(Decimal("0.1")).normalize(), "f")
    return f"{text}万"
