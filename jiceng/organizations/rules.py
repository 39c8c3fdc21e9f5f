"""Pure rules of the org tree: kinds, which kind may sit under which, path syntax.

Sources: 《中国共产党农村基层组织工作条例》(2019) Art. 5 (branches set up by village, by
cooperative, and for migrant members; ≥3 full members per branch, joint branches otherwise);
《中国共产党支部工作条例（试行）》(2018) Art. 5–6 (general branches, branches, party groups).
"""

from __future__ import annotations

import datetime as dt

from django.db import models

PATH_SEPARATOR = "/"


class OrgKind(models.TextChoices):
    # Above the county: an extension of the roster contract, for province-wide statistics.
    PROVINCE_COMMITTEE = "province_committee", "省委"
    CITY_COMMITTEE = "city_committee", "市委"
    COUNTY_COMMITTEE = "county_committee", "县委"
    TOWNSHIP_COMMITTEE = "township_committee", "乡镇党委"
    GENERAL_BRANCH = "general_branch", "党总支"
    BRANCH = "branch", "党支部"
    PARTY_GROUP = "party_group", "党小组"
    COOP_BRANCH = "coop_branch", "合作社党支部"
    REMOTE_BRANCH = "remote_branch", "流动党员党支部"


KIND_BY_LABEL = {label: value for value, label in OrgKind.choices}

# Which kinds may be children of which (the roster accepts any tree that respects this).
ALLOWED_CHILDREN: dict[str, set[str]] = {
    OrgKind.PROVINCE_COMMITTEE: {OrgKind.CITY_COMMITTEE, OrgKind.COUNTY_COMMITTEE},
    OrgKind.CITY_COMMITTEE: {OrgKind.COUNTY_COMMITTEE},
    OrgKind.COUNTY_COMMITTEE: {
        OrgKind.TOWNSHIP_COMMITTEE,
        OrgKind.GENERAL_BRANCH,
        OrgKind.BRANCH,
        OrgKind.COOP_BRANCH,
        OrgKind.REMOTE_BRANCH,
    },
    OrgKind.TOWNSHIP_COMMITTEE: {OrgKind.GENERAL_BRANCH, OrgKind.BRANCH, OrgKind.COOP_BRANCH, OrgKind.REMOTE_BRANCH},
    OrgKind.GENERAL_BRANCH: {OrgKind.BRANCH, OrgKind.COOP_BRANCH, OrgKind.REMOTE_BRANCH, OrgKind.PARTY_GROUP},
    OrgKind.BRANCH: {OrgKind.PARTY_GROUP},
    OrgKind.COOP_BRANCH: {OrgKind.PARTY_GROUP},
    OrgKind.REMOTE_BRANCH: {OrgKind.PARTY_GROUP},
    OrgKind.PARTY_GROUP: set(),
}

BRANCH_KINDS = {OrgKind.GENERAL_BRANCH, OrgKind.BRANCH, OrgKind.COOP_BRANCH, OrgKind.REMOTE_BRANCH}


def can_contain(parent_kind: str, child_kind: str) -> bool:
    return child_kind in ALLOWED_CHILDREN.get(parent_kind, set())


def split_path(full_path: str) -> list[str]:
    """'某县委/某镇党委/某村党支部' → segments, tolerant of spaces and full-width slashes."""
    cleaned = full_path.replace("／", PATH_SEPARATOR).strip().strip(PATH_SEPARATOR)
    return [part.strip() for part in cleaned.split(PATH_SEPARATOR) if part.strip()]


def join_path(parts: list[str]) -> str:
    return PATH_SEPARATOR.join(parts)


def name_problem(name: str) -> str | None:
    """Why a name cannot be an organization name, or None."""
    if not name.strip():
        return "组织名称不能为空"
    if PATH_SEPARATOR in name or "／" in name:
        return "组织名称不能包含“/”"
    if len(name) > 100:
        return "组织名称不能超过100个字"
    return None


def is_village_level(kind: str, parent_kind: str | None, has_village: bool) -> bool:
    """A village branch: tied to an administrative village, or a (general) branch directly under
    a township committee. Village cadres (书记/主任) are counted on these."""
    if has_village:
        return True
    return kind in (OrgKind.BRANCH, OrgKind.GENERAL_BRANCH) and parent_kind == OrgKind.TOWNSHIP_COMMITTEE


# 中国共产党第一次全国代表大会, 1921年7月: no party organization is older.
EARLIEST_FOUNDING = dt.date(1921, 7, 1)


def founding_problem(founded_on: dt.date | None, today: dt.date) -> str | None:
    """Why `founded_on` cannot be an organization's founding date (成立日期), or None."""
    if founded_on is None:
        return None
    if founded_on > today:
        return "成立日期不能晚于今天"
    if founded_on < EARLIEST_FOUNDING:
        return "成立日期不能早于1921年7月1日"
    return None


# --- branch size (issue 10.7) ------------------------------------------------------------------

# The kinds that are a 党支部 (a 党总支 groups branches; a 党小组 sits inside one).
BRANCH_PROPER_KINDS = (OrgKind.BRANCH, OrgKind.COOP_BRANCH, OrgKind.REMOTE_BRANCH)
BRANCH_MAX_MEMBERS = 50
BRANCH_MIN_FULL_MEMBERS = 3
SIZE_SOURCES = "《中国共产党支部工作条例（试行）》第四条、《中国共产党农村基层组织工作条例》第五条"


def size_warnings(kind: str, members: int, full_members: int) -> list[str]:
    """Warnings on the size of a 党支部 (none for other kinds).

    《中国共产党支部工作条例（试行）》(2018) Art. 4: a unit with 3 or more full members sets up a
    branch, fewer join neighbours in a joint branch (联合党支部); a branch generally has at most
    50 members. 《中国共产党农村基层组织工作条例》(2019) Art. 5: a village with fewer than 3 full
    members forms a joint branch; with more than 50 members it may set up a 党总支.
    """
    if kind not in BRANCH_PROPER_KINDS:
        return []
    warnings = []
    if members > BRANCH_MAX_MEMBERS:
        limit = BRANCH_MAX_MEMBERS
        warnings.append(f"党员 {members} 名，超过{limit}名：党支部党员人数一般不超过{limit}名，"
                        f"一般应设立党总支（{SIZE_SOURCES}）")  # fmt: skip
    if full_members < BRANCH_MIN_FULL_MEMBERS:
        warnings.append(f"正式党员 {full_members} 名，不足{BRANCH_MIN_FULL_MEMBERS}名：应与邻近单位的党员成立联合党支部"
                        f"（{SIZE_SOURCES}）")  # fmt: skip
    return warnings
