"""Web roster import (background task with progress), template download and roster export."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from jiceng.core import audit
from jiceng.core.access import AuthedRequest, get_visible_or_404
from jiceng.core.exports import attachment
from jiceng.core.htmx import render_page
from jiceng.organizations.models import Organization

from .models import ImportJob
from .roster import export_bytes, template_bytes
from .tasks import recover_stuck_imports, run_roster_import

MAX_UPLOAD = 50 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(label="花名册文件（.xlsx）")
    dry_run = forms.BooleanField(label="只校验，不写入", required=False)

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("请上传 .xlsx 格式的文件")
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError("文件不能超过50MB")
        return upload


def _require_importer(request: AuthedRequest) -> Organization:
    org = getattr(request.user, "organization", None)
    if org is None or not request.user.has_perm("people.import_roster", org):
        raise Http404
    return org


def roster_import(request: AuthedRequest) -> HttpResponse:
    org = _require_importer(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = ImportJob.objects.create(
            uploaded_by=request.user, organization=org, file=upload, filename=upload.name[:200],
            dry_run=form.cleaned_data["dry_run"],
        )  # fmt: skip
        run_roster_import.enqueue(job.pk)
        return redirect("people:roster_job", pk=job.pk)
    jobs = ImportJob.objects.visible_to(request.user).select_related("uploaded_by")[:20]
    return render(request, "people/roster_import.html", {"form": form, "jobs": jobs, "org": org})


def roster_job(request: AuthedRequest, pk: int) -> HttpResponse:
    recover_stuck_imports()  # a job whose worker died shows as interrupted, not "checking" for ever
    job = get_visible_or_404(ImportJob.objects.select_related("uploaded_by"), request.user, pk=pk)
    return render_page(request, "people/roster_job.html", {"job": job}, partial="progress")


@never_cache  # the uploaded rows, with their full ID numbers
def roster_job_errors(request: AuthedRequest, pk: int) -> FileResponse:
    job = get_visible_or_404(ImportJob.objects.all(), request.user, pk=pk)
    until = job.error_file_until
    if until is None or until <= timezone.now():
        raise Http404
    return FileResponse(job.error_file.open("rb"), as_attachment=True, filename=f"错误说明-{job.filename}")


def roster_template(request: AuthedRequest) -> HttpResponse:
    return _xlsx(template_bytes(), "花名册模板.xlsx")


@never_cache
def roster_export(request: AuthedRequest, org_id: int) -> HttpResponse:
    org = get_visible_or_404(Organization.objects.all(), request.user, pk=org_id)
    if not getattr(request.user, "is_officer", False):
        raise Http404
    full = request.GET.get("full_ids") == "1"
    if full:
        if not request.user.has_perm("people.export_full_ids", org):
            raise Http404
        audit.record(
            request.user,
            "export",
            org,
            org=org,
            changes={"完整身份证号": True, "完整联系电话": True, "花名册": org.full_path},
        )
    else:
        messages.info(request, "已导出脱敏花名册")
    return _xlsx(export_bytes(org, full_ids=full), f"花名册-{org.name}-{timezone.localdate():%Y%m%d}.xlsx")


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    return attachment(data, filename)
