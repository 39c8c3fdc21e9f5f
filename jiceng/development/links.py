"""A development file as a source other apps read by ref ("development.file:<id>"): the 公示
page names the person and links to the file (`core.refs`)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from jiceng.core import refs
from jiceng.core.actor import is_system

from .models import File

KIND = "development.file"


def read_file(pk: int, user: Any) -> refs.Source | None:
    files = File.objects.select_related("person", "organization")
    if not is_system(user):
        files = files.visible_to(user)
    file = files.filter(pk=pk).first()
    if file is None:
        return None
    return refs.Source(text=file.state_label, organization=file.organization, on=file.step_on, label=str(file),
                       url=reverse("development:detail", args=[file.pk]), settled=not file.open)  # fmt: skip


def register() -> None:
    refs.register(refs.RefKind(KIND, read_file))
