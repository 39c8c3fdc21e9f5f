import io

import pytest
from django.core.management import call_command

from jiceng.evaluations.models import Round, State


@pytest.mark.django_db
def test_demo_has_a_published_and_a_draft_evaluation() -> None:
    call_command("seed_demo", scale="township", stdout=io.StringIO())
    states = dict(Round.objects.values_list("kind", "state"))
    assert states == {"mass": State.PUBLISHED, "report": State.DRAFT}
    published = Round.objects.get(kind="mass")
    assert published.results["ballots"] == 34 and published.recount_digest
