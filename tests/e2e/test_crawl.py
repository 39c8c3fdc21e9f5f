"""Every page as every persona on a 360 px phone (issue 10.10/10.14): no English, no sideways
scrolling, no column squeezed to one character, and a way back from every page.

The pages are the permission cases' GET pages (every named URL has one, with the objects its
setup creates, so detail pages exist), plus the login page, a missing page (404) and a
button's address opened directly (405). One browser
context per persona; files (PDF, Excel, CSV) and htmx fragments are skipped.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from jiceng.accounts.models import Role, User
from jiceng.core.testing import Fixtures
from tests.permission_matrix import all_cases

from .conftest import VIEWPORTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CRAWLED = ("county_officer", "township_officer", "village_secretary", "member", "anonymous")
# Latin strings a Chinese page may carry: names of formats and standards, units, the API.
ALLOWED_LATIN = {
    "PDF",
    "Excel",
    "API",
    "ID",
    "SHA",
    "QR",
    "CSV",
    "JSON",
    "Cookie",
    "xlsx",
    "csv",
    "pdf",
    "WeChat",
    "http",
    "https",
    "www",
    "zhangsan",
    "zs",
}  # fmt: skip  (pinyin: the people search's examples of what to type)
FILE_TYPES = ("application/pdf", "application/vnd", "text/csv", "application/octet-stream", "application/json")
WORD = re.compile(r"[A-Za-z]{2,}")

# Text nodes and the attributes a person reads, minus machine strings shown as such (code, IDs).
PAGE_TEXT = """() => {
  const skip = "script,style,template,code,pre,kbd,samp,.mono,[translate=no]";
  const out = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.parentElement.closest(skip)) out.push(node.textContent);
  }
  document.querySelectorAll("[placeholder],[title],[aria-label],[alt],input[type=submit],input[type=button]")
    .forEach(el => { if (!el.closest(skip)) ["placeholder", "title", "aria-label", "alt", "value"]
      .forEach(a => { if (el.hasAttribute(a) && (a !== "value" || el.type === "submit" || el.type === "button"))
        out.push(el.getAttribute(a)); }); });
  return out.join("\\n");
}"""
LAYOUT = """() => {
  const problems = [];
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth > width + 1)
    problems.push("页面横向溢出 " + document.documentElement.scrollWidth + "px");
  document.querySelectorAll("*").forEach(el => {
    const style = getComputedStyle(el);
    if ((style.overflowX === "auto" || style.overflowX === "scroll") && el.scrollWidth > el.clientWidth + 1
        && el.tagName !== "PRE" && el.tagName !== "TEXTAREA" && el.offsetParent !== null)
      problems.push("横向滚动 " + el.tagName.toLowerCase() + "." + el.className + " " + el.scrollWidth + "px");
  });
  document.querySelectorAll("td,th").forEach(cell => {
    const text = cell.innerText.trim();
    const head = cell.closest("thead");  // a card table's header row is there for screen readers only
    if (head && head.getBoundingClientRect().height <= 1) return;
    if (cell.offsetParent !== null && text.length >= 2 && cell.clientWidth < 28)
      problems.push("过窄的列 " + cell.clientWidth + "px：" + text.slice(0, 10));
  });
  document.querySelectorAll("a,button,label,.badge,h1,h2,h3,h4,h5,dt,dd,li,span").forEach(el => {
    const text = el.innerText ? el.innerText.trim() : "";
    if (el.offsetParent === null || text.length < 2 || el.children.length) return;
    const style = getComputedStyle(el);
    const inner = el.getBoundingClientRect().width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (inner < 1.6 * parseFloat(style.fontSize))
      problems.push("一字一行 " + el.tagName.toLowerCase() + "：" + text.slice(0, 10));
  });
  return problems;
}"""
WAY_BACK = """() => {
  const here = location.pathname;
  return Array.from(document.querySelectorAll("a[href]")).some(a => {
    const url = new URL(a.getAttribute("href"), location.href);
    return url.origin === location.origin && url.pathname !== here && !/\\.(pdf|xlsx|csv)$/.test(url.pathname);
  });
}"""


def _address(case: Any, prepared: dict[str, Any]) -> str:
    address = reverse(case.name, kwargs=prepared.get("kwargs") or {})
    if prepared.get("data"):
        address += "?" + urlencode(prepared["data"], doseq=True)
    return address


def rounds(persona: str, first: Fixtures) -> Iterator[tuple[Fixtures, list[str]]]:
    """The persona's pages in rounds: each round's objects made by the cases' setups in one
    database; a setup that collides with an earlier one's objects (same names) waits for the
    next round, which starts from a fresh tree."""
    pending = [c for c in all_cases() if c.method == "get" and not c.api and persona in set(c.allowed)]
    extra = [reverse("login")] if persona == "anonymous" else []
    fixtures = first
    while pending:
        addresses, later = [], []
        for case in pending:
            try:
                with transaction.atomic():
                    addresses.append(_address(case, case.setup(fixtures) if case.setup else {}))
            except Exception:  # collided with an earlier case's objects (same names)
                later.append(case)
        assert len(later) < len(pending), f"这些页面的测试数据无法建立：{[c.id for c in later]}"
        yield fixtures, [*addresses, *extra, "/no-such-page/", reverse("calendar_remove", args=[1])]  # 404, 405
        pending, extra = later, []
        if pending:
            fixtures = fresh_fixtures()


def fresh_fixtures() -> Fixtures:
    from conftest import make_tree, make_user

    call_command("flush", verbosity=0, interactive=False)
    tree = make_tree()
    users = {"county_officer": (tree.county, Role.COUNTY_OFFICER), "township_officer": (tree.east, Role.TOWNSHIP_OFFICER),
             "village_secretary": (tree.east1, Role.VILLAGE_SECRETARY), "member": (tree.east1, Role.MEMBER),
             "other_township_officer": (tree.west, Role.TOWNSHIP_OFFICER)}  # fmt: skip
    names = {
        "county_officer": "county",
        "township_officer": "east_officer",
        "village_secretary": "east1_secretary",
        "member": "east1_member",
        "other_township_officer": "west_officer",
    }  # the personas of conftest.py
    return Fixtures(tree, {p: make_user(names[p], org, role) for p, (org, role) in users.items()})


def english(text: str, known: set[str]) -> list[str]:
    for value in known:  # data a page shows as it was entered (login names)
        text = text.replace(value, "")
    return sorted({w for w in WORD.findall(text) if w not in ALLOWED_LATIN})


def context_for(browser: Any, live_server: Any, user: Any) -> Any:
    context = browser.new_context(viewport=VIEWPORTS["phone"], locale="en-US")  # a browser asking for English
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies["sessionid"]
        context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])
    return context


def check(page: Any, address: str, known: set[str]) -> list[str]:
    kind = page.request.get(address).headers.get("content-type", "")  # the same cookies as the page
    if any(kind.startswith(t) for t in FILE_TYPES):
        return []  # a download: a browser does not show it
    page.goto(address)
    if not page.content().lstrip().lower().startswith("<!doctype"):
        return []  # an htmx fragment, shown inside its page
    if shots := os.environ.get("JICENG_CRAWL_SHOTS"):  # a directory: one screenshot per page, to look at
        name = re.sub(r"\W+", "_", page.url.split("//", 1)[1].split("/", 1)[1]) or "home"
        page.screenshot(path=f"{shots}/{name[:80]}.png", full_page=True)
    problems = [f"英文：{'、'.join(words)}" for words in [english(page.evaluate(PAGE_TEXT), known)] if words]
    problems += page.evaluate(LAYOUT)
    if not page.evaluate(WAY_BACK):
        problems.append("没有返回的链接")
    return problems


@pytest.mark.parametrize("persona", CRAWLED)
def test_every_page_on_a_phone(persona: str, browser: Any, live_server: Any, tree: Any,
                               personas: dict[str, Any]) -> None:  # fmt: skip
    found: dict[str, list[str]] = {}
    for fixtures, addresses in rounds(persona, Fixtures(tree, personas)):
        known = set(User.objects.values_list("username", flat=True))
        context = context_for(browser, live_server, fixtures.personas.get(persona))
        page = context.new_page()
        try:
            for address in dict.fromkeys(addresses):
                if problems := check(page, live_server.url + address, known):
                    found[address] = problems
        finally:
            context.close()
    assert found == {}, "\n".join(f"{a}: {'；'.join(p)}" for a, p in found.items())
