"""Pure rules for grids, households and visits (no database).

- 五访五问 (the five kinds of visit) and 定人定时定格定责 (a grid with its responsible person,
  visit cycle and duties): seed 004 (网格化管理).
"""

from __future__ import annotations

from django.db import models


class VisitKind(models.TextChoices):
    """五访五问 (seed 004)."""

    ABLE = "able", "访能人问发展"
    VETERAN = "veteran", "访老干部老党员问良策"
    PETITIONER = "petitioner", "访上访户问情由"
    HARDSHIP = "hardship", "访困难户问民需"
    RESIDENT = "resident", "访群众问民生"
