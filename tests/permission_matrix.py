"""Collecting the permission cases of every app (see jiceng/core/testing.py)."""

from __future__ import annotations

import importlib
import pkgutil

from django.apps import apps

from jiceng.core.testing import UrlCase


def all_cases() -> list[UrlCase]:
    cases: list[UrlCase] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("jiceng."):
            continue
        try:
            tests = importlib.import_module(f"{config.name}.tests")
        except ModuleNotFoundError:
            continue
        for info in pkgutil.iter_modules(tests.__path__):
            if info.name.startswith("permission_cases"):
                cases.extend(importlib.import_module(f"{tests.__name__}.{info.name}").CASES)
    return cases
