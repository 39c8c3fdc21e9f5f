"""Data: receipts move from the ballots to their round (sorted); rounds already closed get what a
closing now does — ballots rewritten in random order, code rows replaced by their counts — and the
old row versions are scrubbed (VACUUM FULL on PostgreSQL, hence a non-atomic migration)."""

import random

from django.db import connection, migrations, transaction


def forwards(apps, schema_editor):
    Round = apps.get_model("evaluations", "Round")
    Ballot = apps.get_model("evaluations", "Ballot")
    BallotCode = apps.get_model("evaluations", "BallotCode")
    shuffle = random.SystemRandom().shuffle
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete = ON")  # deleted rows are overwritten with zeros
    for round_ in Round.objects.exclude(state="draft").order_by("pk"):
        with transaction.atomic():
            receipts = Ballot.objects.filter(round=round_).exclude(receipt="").values_list("receipt", flat=True)
            round_.receipts = sorted(set(round_.receipts) | set(receipts))
            if round_.state in ("closed", "published"):
                states = list(BallotCode.objects.filter(round=round_).values_list("state", flat=True))
                round_.codes_used_web = states.count("used_web")
                round_.codes_voided = states.count("voided")
                ballots = list(Ballot.objects.filter(round=round_).values_list("channel", "ratings"))
                shuffle(ballots)
                Ballot.objects.filter(round=round_).delete()
                Ballot.objects.bulk_create(Ballot(round=round_, channel=c, ratings=r, receipt="") for c, r in ballots)
                BallotCode.objects.filter(round=round_).delete()
            round_.save(update_fields=["receipts", "codes_used_web", "codes_voided"])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM FULL evaluations_ballot, evaluations_ballotcode, evaluations_round")
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def backwards(apps, schema_editor):
    """The receipts go back onto web ballots for the code before this change; which ballot gets
    which receipt is random — no such link was kept, and none is made up."""
    Round = apps.get_model("evaluations", "Round")
    Ballot = apps.get_model("evaluations", "Ballot")
    for round_ in Round.objects.exclude(receipts=[]).order_by("pk"):
        with transaction.atomic():
            ballots = list(Ballot.objects.filter(round=round_, channel="web", receipt=""))
            random.SystemRandom().shuffle(ballots)
            for ballot, receipt in zip(ballots, round_.receipts, strict=False):
                ballot.receipt = receipt
            Ballot.objects.bulk_update(ballots, ["receipt"])


class Migration(migrations.Migration):
    atomic = False
    dependencies = [
        ("evaluations", "0002_round_on_engine_and_sealed_ballots"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
