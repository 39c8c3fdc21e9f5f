"""The register of rural practical talents (农村实用人才): one row per talent of a village."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from jiceng.core.access import in_user_subtree
from jiceng.core.models import TimeStamped
from jiceng.organizations.models import Organization
from jiceng.people.models import Person
from jiceng.people.rules import mask_phone

from .rules import Category, Honor


class TalentQuerySet(models.QuerySet["Talent"]):
    def visible_to(self, user: Any) -> TalentQuerySet:
        """Deny by default: talents of villages within the user's subtree."""
        return in_user_subtree(self, user)

    def search(self, text: str) -> TalentQuerySet:
        """By skill (特长), name or category label: `养鸡` finds "蛋鸡养殖、鸡苗孵化"."""
        text = text.strip()
        if not text:
            return self
        labels = [c.value for c in Category if text in c.label]
        return self.filter(Q(skills__icontains=text) | Q(name__icontains=text) | Q(category__in=labels))


class Talent(TimeStamped):
    organization = models.ForeignKey(Organization, verbose_name="所在村", on_delete=models.PROTECT,
                                     related_name="talents")  # fmt: skip
    org_path = models.CharField(max_length=255, editable=False)
    name = models.CharField("姓名", max_length=50)
    name_key = models.CharField(max_length=50, editable=False)  # rules.normal_name: duplicates compared on it
    category = models.CharField("人才类别", max_length=20, choices=Category.choices)
    skills = models.CharField("专长技能", max_length=300)
    contact = models.CharField("联系电话", max_length=20, blank=True)
    local_top = models.BooleanField(Honor.LOCAL_TOP.label, default=False)
    double_lead = models.BooleanField(Honor.DOUBLE_LEAD.label, default=False)
    other_honors = models.CharField("其他荣誉", max_length=300, blank=True)
    person = models.ForeignKey(Person, verbose_name="人员档案", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="talents")  # fmt: skip
    note = models.TextField("说明", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True,
                                   on_delete=models.SET_NULL, related_name="+")  # fmt: skip

    objects = TalentQuerySet.as_manager()

    class Meta:
        verbose_name = "农村实用人才"
        verbose_name_plural = "农村实用人才"
        ordering = ["org_path", "category", "name", "id"]
        indexes = [models.Index(fields=["org_path", "category"], name="talent_subtree_category")]
        constraints = [
            # Duplicates refused by the database too (two clerks entering the same talent at once).
            models.UniqueConstraint(fields=["organization", "name_key", "category"], name="talent_once_per_category"),
            models.UniqueConstraint(fields=["person"], condition=Q(person__isnull=False), name="talent_person_once"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_category_display()}）"

    @property
    def contact_masked(self) -> str:
        return mask_phone(self.contact)

    @property
    def honors(self) -> list[str]:
        titles = [str(h.label) for h, on in ((Honor.LOCAL_TOP, self.local_top), (Honor.DOUBLE_LEAD, self.double_lead))
                  if on]  # fmt: skip
        return titles + ([self.other_honors] if self.other_honors else [])
