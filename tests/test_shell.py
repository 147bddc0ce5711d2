"""The site shell: which tab is current, the text colours of both schemes, and what a page carries."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from homenrich.shell import tab_for_path
from tests.contrast import contrast

APP_CSS = (Path(settings.BASE_DIR) / "static" / "css" / "app.css").read_text(encoding="utf-8")


def _scheme_vars(scheme: str) -> dict[str, str]:
    light = re.search(r":root \{(.*?)\n\}", APP_CSS, re.S)[1]
    found = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", light))
    if scheme == "dark":
        dark = re.search(r"prefers-color-scheme: dark\) \{\s*:root \{(.*?)\}", APP_CSS, re.S)[1]
        found.update(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", dark))
    return found


# (text, background) pairs the stylesheet uses for words on the page.
TEXT_PAIRS = [
    ("ink", "bg"),
    ("ink", "card"),
    ("muted", "card"),
    ("muted", "bg"),
    ("brand", "card"),
    ("brand", "bg"),
    ("brand-ink", "brand"),
    ("brand-tint-ink", "brand-tint"),
    ("expense", "card"),
    ("expense", "bg"),
    ("income", "card"),
    ("income", "bg"),
    ("warn-ink", "warn-tint"),
    ("danger", "card"),
    ("danger-ink", "danger-tint"),
    ("info-ink", "info-tint"),
    ("muted", "head-bg"),
    ("ink", "row-new"),
    ("toast-ink", "toast-bg"),
    ("ink", "field"),
    ("muted", "field"),
    ("ink", "neutral-tint"),
    ("muted", "neutral-tint"),
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_text_colour_reads_at_4_5_to_1(scheme):
    colours = _scheme_vars(scheme)
    low = [
        (text, background, round(contrast(colours[text], colours[background]), 2))
        for text, background in TEXT_PAIRS
        if contrast(colours[text], colours[background]) < 4.5
    ]
    assert low == []


def test_the_pending_chip_is_no_longer_the_old_amber_on_white():
    colours = _scheme_vars("light")
    assert contrast(colours["warn-ink"], colours["warn-tint"]) >= 4.5
    assert contrast("#b7791f", "#ffffff") < 4.5  # what the issue measured


@pytest.mark.parametrize(
    ("path", "tab"),
    [
        ("/", "month"),
        ("/month/2026-12/", "month"),
        ("/calendar/", "calendar"),
        ("/calendar/2026-12/", "calendar"),
        ("/stats/2026-12/", "stats"),
        ("/budgets/", "stats"),
        ("/household/", "household"),
        ("/chats/", "household"),
        ("/accounts/login/", ""),
    ],
)
def test_each_page_belongs_to_one_tab(path, tab):
    assert tab_for_path(path) == tab


def test_the_current_tab_is_marked_for_screen_readers(client_for, alice):
    html = client_for(alice).get("/month/2026-12/").content.decode()
    current = re.findall(r'<a class="tab" href="([^"]+)" aria-current="page">', html)
    assert current == ["/"]
    assert '<a class="tab" href="/calendar/">' in html
    # 로그아웃 and 채팅 연결 live in the small menu, not among the tabs.
    tabs = html[html.index('<nav class="tabs"') : html.index("</nav>")]
    assert "로그아웃" not in tabs and "채팅 연결" not in tabs
    assert "로그아웃" in html and 'href="/chats/"' in html


def test_pages_link_the_manifest_and_both_theme_colours(client_for, alice):
    html = client_for(alice).get("/month/2026-12/").content.decode()
    assert 'rel="manifest"' in html
    assert 'name="theme-color" content="#f3f5f4" media="(prefers-color-scheme: light)"' in html
    assert 'name="theme-color" content="#0f1412" media="(prefers-color-scheme: dark)"' in html


def test_signed_out_pages_have_no_tabs(client):
    html = client.get("/accounts/login/").content.decode()
    assert 'class="tabs"' not in html and "로그아웃" not in html


def test_the_menu_marks_the_page_it_is_on(client_for, alice):
    html = client_for(alice).get("/chats/").content.decode()
    assert '<a href="/chats/" aria-current="page">채팅 연결</a>' in html
    assert re.findall(r'<a class="tab" href="([^"]+)" aria-current="page">', html) == ["/household/"]
