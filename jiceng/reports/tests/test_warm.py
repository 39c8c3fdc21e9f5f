import datetime as dt

from django.core.management import call_command

from jiceng.organizations.models import Organization
from jiceng.reports.models import StatsSnapshot


def test_warm_stats_stores_a_snapshot_per_active_org(tree, capsys):
    call_command("warm_stats", "--as-of", "2026-11-23")
    assert StatsSnapshot.objects.filter(as_of=dt.date(2026, 11, 23)).count() == Organization.objects.active().count()
    assert "已计算 7 个组织" in capsys.readouterr().out
