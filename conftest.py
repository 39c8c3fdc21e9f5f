"""Shared fixtures: a small tree and the personas every permission test uses.

Tree:  测试县委 ─┬─ 东镇党委 ─┬─ 东一村党支部 (village 东一村) ── 第一党小组
                │            └─ 东二村党支部
                └─ 西镇党委 ─── 西一村党支部
Personas: county officer, township officer (东镇), village secretary (东一村), member (东一村),
and the officer of *another* township (西镇).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from jiceng.accounts.models import Role, User
from jiceng.core.actor import SYSTEM, SystemActor
from jiceng.organizations import actions as org_actions
from jiceng.organizations.models import Organization
from jiceng.organizations.rules import OrgKind

PASSWORD = "test-pass-123"


def pytest_configure(config: Any) -> None:
    import os

    from django.conf import settings
    from hypothesis import settings as hypothesis_settings

    # CI runs the same examples every time (a failure there is reproducible); locally they vary.
    hypothesis_settings.register_profile("ci", derandomize=True, deadline=None)
    if os.environ.get("CI"):
        hypothesis_settings.load_profile("ci")

    # Fast hashing and tasks that run at once, so tests stay quick and deterministic.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    # Unhashed static names: tests render pages without running collectstatic first (the
    # production server test runs it, as `make run` does).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Tests move the app's clock by hours within a session (tests/e2e `travel`), and by weeks
    # expecting a new login: Django's default age. Idle expiry itself is tested with the real
    # setting (jiceng/core/tests/test_sessions.py).
    settings.SESSION_COOKIE_AGE = 14 * 24 * 3600
    # A second alias on the same database, as a streaming replica would be (tests/test_replica_router.py):
    # unused unless a test turns the replica router on.
    default: dict[str, Any] = settings.DATABASES["default"]
    # A transactional test's flush empties the tables by DELETE, not TRUNCATE, on PostgreSQL
    # (jiceng/core/postgres/base.py: 0.1 s instead of 0.5 s, 601 tests).
    default["FLUSH_BY_DELETE"] = True
    settings.DATABASES.setdefault("replica", {**default, "TEST": {**default["TEST"], "MIRROR": "default"}})
    import tempfile

    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="jiceng-test-media-")


@dataclass
class Tree:
    county: Organization
    east: Organization
    west: Organization
    east1: Organization
    east2: Organization
    west1: Organization
    group: Organization


def make_tree() -> Tree:
    s = SYSTEM
    county = org_actions.create_root(s, name="测试县委", kind=OrgKind.COUNTY_COMMITTEE)

    def child(parent: Organization, name: str, kind: str, village: str = "") -> Organization:
        return org_actions.create_organization(
            s, parent=parent, name=name, kind=kind, village_name=village, check_access=False
        )

    east = child(county, "东镇党委", OrgKind.TOWNSHIP_COMMITTEE)
    west = child(county, "西镇党委", OrgKind.TOWNSHIP_COMMITTEE)
    east1 = child(east, "东一村党支部", OrgKind.BRANCH, "东一村")
    east2 = child(east, "东二村党支部", OrgKind.BRANCH, "东二村")
    west1 = child(west, "西一村党支部", OrgKind.BRANCH, "西一村")
    group = child(east1, "第一党小组", OrgKind.PARTY_GROUP)
    return Tree(*(Organization.objects.get(pk=o.pk) for o in (county, east, west, east1, east2, west1, group)))


@pytest.fixture
def system() -> SystemActor:
    return SYSTEM


@pytest.fixture
def tree(db: Any) -> Tree:
    return make_tree()


def make_user(username: str, org: Organization, role: str) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, organization=org, role=role)
    return user


@pytest.fixture
def personas(tree: Tree) -> dict[str, User]:
    return {
        "county_officer": make_user("county", tree.county, Role.COUNTY_OFFICER),
        "township_officer": make_user("east_officer", tree.east, Role.TOWNSHIP_OFFICER),
        "village_secretary": make_user("east1_secretary", tree.east1, Role.VILLAGE_SECRETARY),
        "member": make_user("east1_member", tree.east1, Role.MEMBER),
        "other_township_officer": make_user("west_officer", tree.west, Role.TOWNSHIP_OFFICER),
    }
