"""Template filters shared by every app: `{% load jiceng %}`."""

from __future__ import annotations

from django import template

from jiceng.core.money import yuan as _yuan

register = template.Library()


@register.filter
def yuan(fen: int | None) -> str:
    """Integer fen shown as 元 with two decimals: {{ amount|yuan }} → 1,234.50"""
    return _yuan(fen)


@register.filter
def display_name(user: object) -> str:
    """A user shown by the person's name (never a bare login name if avoidable): {{ u|display_name }}"""
    from jiceng.core.actor import display_name as _name

    return _name(user) if user is not None else ""


@register.filter
def audit_lines(event: object) -> list[object]:
    """An audit event's changes in words: {% for line in e|audit_lines %}{{ line }}{% endfor %}"""
    from jiceng.core.audit_display import describe

    get = getattr
    return list(describe(get(event, "object_type", ""), get(event, "action", ""), get(event, "changes", {})))


@register.filter
def audit_action(event: object) -> str:
    from jiceng.core.audit_display import action_label

    return action_label(str(getattr(event, "action", "")))


@register.filter
def audit_type(event: object) -> str:
    """The kind of record an event is about ("台账事项"), from the model's verbose name."""
    from jiceng.core.audit_display import type_label

    return type_label(str(getattr(event, "object_type", "")))


# The main menu's items by the address prefix of their pages (the longest prefix wins):
# base.html marks the item of the page shown (issue 10.11). Exact "=" entries match one address.
MENU_PREFIXES = (
    ("=/", "home"), ("/accounts/me/", "my"), ("/accounts/manage/", "accounts"),
    ("/accounts/password/", "password"), ("=/reports/orgs/", "tree"), ("/reports/orgs/", "dashboard"),
    ("/orgs/", "tree"),
    ("/people/cadres/", "cadres"), ("/people/roster/", "import"), ("/people/", "people"), ("/audit/", "audit"),
    ("/meetings/", "meetings"), ("/development/", "development"),
    ("/selection/", "selection"),
    ("/training/", "training"),
    ("/dues/", "dues"),
    ("/mobile/", "mobile"),
    ("/talents/", "talents"),
    ("/duty/", "duty"),
    ("/pay/", "pay"),
    ("/volunteers/", "volunteers"),
    ("/councils/", "councils"),
    ("/unions/", "unions"),
    ("/assistance/", "assistance"),
    ("/economy/", "economy"),
    ("/programs/", "programs"),
    ("/ledgers/", "ledgers"), ("/households/", "ledgers"), ("/calendar/", "ledgers"),
    ("/assessments/", "assessments"),
    ("/evaluations/", "evaluations"), ("/notices/", "notices"),
    ("/openness/", "openness"), ("/schedules/", "schedules"), ("/help/", "help"),
)  # fmt: skip


def menu_key(path: str) -> str:
    best, key = -1, ""
    for prefix, name in MENU_PREFIXES:
        if prefix.startswith("="):
            if path == prefix[1:]:
                return name
        elif path.startswith(prefix) and len(prefix) > best:
            best, key = len(prefix), name
    return key


@register.simple_tag(takes_context=True)
def current_menu(context: template.Context) -> str:
    """{% current_menu as menu %}: the main-menu item of the page shown (its key, "" for none)."""
    request = context.get("request")
    return menu_key(request.path) if request is not None else ""


@register.simple_tag
def nav_group(menu: str, label: str, keys: str) -> str:
    """Opens a group of the main menu (a <details> drop-down that works without a script; the
    group holding the current page is marked): {% nav_group menu "组织人员" "tree people" %} …
    {% end_nav_group %}."""
    from django.utils.html import format_html
    from django.utils.safestring import mark_safe

    current = mark_safe(" active") if menu in keys.split() else ""
    return format_html('<li class="nav-item nav-group"><details><summary class="nav-link{}">{}</summary>'
                       '<ul class="nav-group-items list-unstyled">', current, label)  # fmt: skip


@register.simple_tag
def end_nav_group() -> str:
    from django.utils.safestring import mark_safe

    return mark_safe("</ul></details></li>")


@register.simple_tag
def nav_item(menu: str, key: str, url_name: str, label: str, *args: object) -> str:
    """One main-menu link, marked as the current page's: {% nav_item menu "meetings" "meetings:index" "会议" %}"""
    from django.urls import reverse
    from django.utils.html import format_html
    from django.utils.safestring import mark_safe

    current = mark_safe(' active" aria-current="page') if key == menu else ""
    return format_html('<li class="nav-item"><a class="nav-link{}" href="{}">{}</a></li>', current,
                       reverse(url_name, args=args), label)  # fmt: skip
