"""Rules of the register of rural practical talents (农村实用人才). Pure: no database.

- Eleven categories: seed 003 (武汉市江夏区) counts "种植、养殖、加工、农村经纪人等11类农村实用人才1825人"
  and names four of them; the other seven follow the usual grouping of rural practical talents
  (生产型、经营型、技能带动型、技能服务型、社会服务型) and are a local choice a county may rename.
- Honors: "乡土拔尖人才" and "致富双带标兵" are the two titles the county awards (seed 003, 表彰激励机制).
- A talent is registered once: the same name in the same village under the same category, or the
  same person record, is a duplicate.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import models


class Category(models.TextChoices):
    # The first four are named by seed 003; the next seven are the usual other groups (local choice).
    PLANTING = "planting", "种植"
    BREEDING = "breeding", "养殖"
    PROCESSING = "processing", "加工"
    BROKER = "broker", "农村经纪人"
    FISHING = "fishing", "捕捞"
    CRAFTS = "crafts", "能工巧匠"
    COOPERATIVE = "cooperative", "合作组织带头人"
    ENTERPRISE = "enterprise", "农村企业经营"
    TECH_SERVICE = "tech_service", "农业技术服务"
    SOCIAL_SERVICE = "social_service", "社会服务"
    CULTURE = "culture", "文化能人"


class Honor(models.TextChoices):
    # seed 003: 开展评选"乡土拔尖人才"、"致富双带标兵"
    LOCAL_TOP = "local_top", "乡土拔尖人才"
    DOUBLE_LEAD = "double_lead", "致富双带标兵"


SPACES = re.compile(r"\s+")


def normal_name(name: str) -> str:
    """The name as compared for duplicates: NFKC, no spaces (`王 小明` is `王小明`)."""
    return SPACES.sub("", unicodedata.normalize("NFKC", name or ""))


@dataclass(frozen=True)
class CategoryCount:
    category: str
    label: str
    count: int


def by_category(counts: Mapping[str, int]) -> list[CategoryCount]:
    """Every category in order, with its count (0 when none), as seed 003 reports "11类…1825人"."""
    return [CategoryCount(c.value, str(c.label), counts.get(c.value, 0)) for c in Category]


def figures_text(counts: Mapping[str, int]) -> str:
    """`共有种植、养殖等2类农村实用人才5人` — the categories that have talents, and the total."""
    present = [row for row in by_category(counts) if row.count]
    total = sum(row.count for row in present)
    if not total:
        return "尚未登记农村实用人才"
    names = "、".join(row.label for row in present[:4])
    more = "等" if len(present) > 4 else ""
    return f"共有{names}{more}{len(present)}类农村实用人才{total}人"
