"""Uploaded rosters hold plain ID numbers: deleted once the import ends; error workbooks expire."""

from __future__ import annotations

import datetime as dt
import io
import os

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jiceng.people.models import ImportJob

from .test_roster import person_row, workbook
from .test_views import _upload


def files_on_disk() -> list[str]:
    root = os.path.join(settings.MEDIA_ROOT, "imports")
    return sorted(os.path.join(d, f) for d, _, names in os.walk(root) for f in names)


@pytest.fixture
def officer(personas):
    client = Client()
    client.force_login(personas["township_officer"])
    return client


@pytest.fixture(autouse=True)
def empty_media():
    for path in files_on_disk():
        os.remove(path)


def test_the_upload_is_deleted_when_the_import_is_done(officer, tree):
    people = [person_row(所在党组织="测试县委/东镇党委/东一村党支部", 党内职务="", 村委会职务="")]
    _upload(officer, workbook(orgs=[], people=people).getvalue())
    job = ImportJob.objects.get()
    assert job.status == "done"
    assert not job.file and files_on_disk() == []


def test_a_failed_import_keeps_only_the_error_workbook_for_seven_days(officer, tree):
    people = [person_row(所在党组织="测试县委/东镇党委/东一村党支部", 性别="女", 党内职务="", 村委会职务="")]
    _upload(officer, workbook(orgs=[], people=people).getvalue())
    job = ImportJob.objects.get()
    assert job.status == "failed" and not job.file
    assert [os.path.basename(p) for p in files_on_disk()] == [os.path.basename(job.error_file.name or "")]
    url = reverse("people:roster_job_errors", args=[job.pk])
    assert officer.get(url).status_code == 200
    assert "保留至" in officer.get(reverse("people:roster_job", args=[job.pk])).content.decode()
    ImportJob.objects.filter(pk=job.pk).update(finished_at=timezone.now() - dt.timedelta(days=8))
    assert officer.get(url).status_code == 404  # expired, even before the purge ran
    out = io.StringIO()
    call_command("purge_import_files", stdout=out)
    assert out.getvalue().strip() == "已删除 1 个文件"
    job.refresh_from_db()
    assert not job.error_file and files_on_disk() == []
    assert "已过期删除" in officer.get(reverse("people:roster_job", args=[job.pk])).content.decode()


def test_an_unreadable_upload_is_deleted_too(officer):
    _upload(officer, b"not really a workbook")
    job = ImportJob.objects.get()
    assert job.status == "failed" and not job.file
