import pytest

from jiceng.core.models import AuditEvent


def test_audit_is_append_only(tree, personas):
    event = AuditEvent.objects.first()
    assert event is not None
    event.action = "tampered"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.all().update(action="x")
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()


def test_audit_visible_to_officers_of_the_subtree_only(tree, personas):
    township = set(AuditEvent.objects.visible_to(personas["township_officer"]).values_list("object_repr", flat=True))
    assert "东一村党支部" in township and "西一村党支部" not in township
    assert not AuditEvent.objects.visible_to(personas["village_secretary"]).exists()
    assert not AuditEvent.objects.visible_to(personas["member"]).exists()
