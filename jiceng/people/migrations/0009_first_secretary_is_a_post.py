"""Data: the 第一书记 held as an appointment mode of a party post becomes a post of its own."""

from django.db import migrations


def first_secretary_is_a_post(apps, schema_editor):
    """A party post held "as 第一书记" (the old appointment mode) becomes the 第一书记 post, sent
    by a higher organization (选派): it is not the village's 书记 (issue 10.9)."""
    Post = apps.get_model("people", "Post")
    Post.objects.filter(body="party", appointment_mode="first_secretary").update(
        title="first_secretary", appointment_mode="selected"
    )


def first_secretary_back(apps, schema_editor):
    Post = apps.get_model("people", "Post")
    Post.objects.filter(body="party", title="first_secretary").update(
        title="secretary", appointment_mode="first_secretary"
    )



class Migration(migrations.Migration):
    dependencies = [("people", "0008_post_term_end_reason")]

    operations = [migrations.RunPython(first_secretary_is_a_post, first_secretary_back)]
