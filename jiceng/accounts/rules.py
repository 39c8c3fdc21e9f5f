"""Pure rules of accounts: who may grant which role where, login names, first-login codes.

- Roles have a rank (county officer > township officer > village secretary > member). An officer
  grants a role below their own anywhere in their subtree, and their own rank only strictly
  below their own organization: a township officer's account is made by the county, a county
  officer's on the command line. Nobody manages their own account this way.
- A role fits certain organizations: county officers sit in a county (or higher) committee,
  township officers in a township committee, village secretaries in a branch; members anywhere.
- The account of a village secretary or a member belongs to a person of its organization's
  subtree (an account must not see more than its person's own organization).
- Login names come from the name's pinyin (`zhangsan`, then `zhangsan2` …), never from the ID number.
- A first-login code is random (8 characters of an alphabet without look-alikes, ~40 bits), valid
  for `CODE_VALID_DAYS`, used once; the person chooses their password when using it.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Iterator

RANK = {"member": 0, "village_secretary": 1, "township_officer": 2, "county_officer": 3}
# The organization kinds (organizations.rules.OrgKind values) each role may sit in.
ROLE_KINDS: dict[str, frozenset[str] | None] = {
    "county_officer": frozenset({"province_committee", "city_committee", "county_committee"}),
    "township_officer": frozenset({"township_committee"}),
    "village_secretary": frozenset({"general_branch", "branch", "coop_branch", "remote_branch"}),
    "member": None,  # any organization
}
PERSON_BOUND_ROLES = frozenset({"village_secretary", "member"})

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read off paper and typed on a phone
CODE_LENGTH = 8
CODE_VALID_DAYS = 30
LOGIN_NAME_MAX = 30


def may_grant(actor_role: str, actor_path: str, role: str, org_path: str) -> bool:
    """Whether an officer (role, tree path) may give `role` to an account of the organization at `org_path`."""
    if actor_role not in ("county_officer", "township_officer") or role not in RANK:
        return False
    if not org_path.startswith(actor_path):
        return False
    return RANK[role] < RANK[actor_role] or (RANK[role] == RANK[actor_role] and org_path != actor_path)


def role_fits(role: str, org_kind: str) -> bool:
    kinds = ROLE_KINDS.get(role)
    return kinds is None or org_kind in kinds


def person_outside(role: str, org_path: str, person_path: str) -> bool:
    """True when a secretary's or member's account would belong to a person outside its subtree."""
    return role in PERSON_BOUND_ROLES and not person_path.startswith(org_path)


def login_name_base(pinyin: str) -> str:
    base = re.sub(r"[^a-z0-9]", "", pinyin.lower())[: LOGIN_NAME_MAX - 4]
    return base if base and base[0].isalpha() else f"u{base}"[: LOGIN_NAME_MAX - 4]


def login_name_candidates(base: str) -> Iterator[str]:
    """`zhangsan`, `zhangsan2`, `zhangsan3`, … (the digits tell namesakes apart)."""
    yield base
    n = 2
    while True:
        yield f"{base}{n}"
        n += 1


def free_login_name(pinyin: str, taken: set[str]) -> str:
    """The first candidate not in `taken` (lower-case names); adds it to `taken`."""
    for name in login_name_candidates(login_name_base(pinyin)):
        if name not in taken:
            taken.add(name)
            return name
    raise AssertionError("unreachable")  # pragma: no cover


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(text: str) -> str:
    """What a person typed: case, spaces and dashes do not matter."""
    return re.sub(r"[\s\-－—_]", "", text).upper()


def format_code(code: str) -> str:
    """`K7MX3QPA` → `K7MX-3QPA`: two groups are easier to copy from paper."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def code_expiry(issued_at: dt.datetime) -> dt.datetime:
    return issued_at + dt.timedelta(days=CODE_VALID_DAYS)
