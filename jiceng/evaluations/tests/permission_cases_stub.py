"""Permission case for the app's index page (see jiceng/core/testing.py)."""

from jiceng.core.testing import EVERYONE, UrlCase

CASES = [UrlCase(f"{__name__.split('.')[1]}:index", allowed=EVERYONE)]
