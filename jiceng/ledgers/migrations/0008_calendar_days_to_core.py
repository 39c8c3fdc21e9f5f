"""The business calendar moved to core (per county): the days entered on the ledgers' calendar
page become the county's own days (`core.CalendarDay`, scope = each county's tree path, so they
apply where they applied and the county officers keep them). A day the shipped calendar (core
0003) already has with the same meaning is not copied."""

from django.db import migrations


def _scopes(apps):
    Organization = apps.get_model("organizations", "Organization")
    counties = list(Organization.objects.filter(kind="county_committee").values_list("path", flat=True))
    return counties or list(Organization.objects.filter(depth=1).values_list("path", flat=True))


def to_core(apps, schema_editor):
    Old = apps.get_model("ledgers", "CalendarDay")
    New = apps.get_model("core", "CalendarDay")
    shipped = dict(New.objects.filter(scope="").values_list("day", "is_workday"))
    scopes = _scopes(apps)
    for day in Old.objects.order_by("day"):
        if shipped.get(day.day) == day.is_workday:
            continue
        for scope in scopes:
            New.objects.update_or_create(scope=scope, day=day.day,
                                         defaults={"is_workday": day.is_workday, "name": day.name})


def to_ledgers(apps, schema_editor):
    Old = apps.get_model("ledgers", "CalendarDay")
    New = apps.get_model("core", "CalendarDay")
    for day in New.objects.exclude(scope="").order_by("day", "scope"):
        Old.objects.get_or_create(day=day.day, defaults={"is_workday": day.is_workday, "name": day.name})


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_shipped_calendar"),
        ("organizations", "0001_initial"),
        ("ledgers", "0007_fill_item_versions_clocks_and_events"),
    ]

    operations = [migrations.RunPython(to_core, to_ledgers)]
