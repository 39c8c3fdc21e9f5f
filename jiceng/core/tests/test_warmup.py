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


def test_the_server_master_freezes_the_loaded_app_before_forking() -> None:
    import gc

    from jiceng import gunicorn_conf

    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    try:
        gunicorn_conf.when_ready(None)
        assert gc.get_freeze_count() > 100_000  # Django, the app and its compiled templates
    finally:
        gc.unfreeze()
