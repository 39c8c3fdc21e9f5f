from pathlib import Path

from django.conf import settings
from django.template import engines

from jiceng.core.warmup import warm


def test_warm_up_compiles_every_project_template_and_leaves_no_connection_open() -> None:
    from django.db import connection

    templates = Path(settings.BASE_DIR) / "templates"
    expected = len(list(templates.rglob("*.html")))
    assert expected > 150
    assert warm() == expected
    loader = engines["django"].engine.template_loaders[0]  # type: ignore[attr-defined]
    assert "evaluations/vote.html" in {key.split("-")[0] for key in loader.get_template_cache}
    assert connection.connection is None
