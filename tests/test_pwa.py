"""The installable app: manifest, service worker from the site root, and an offline page with no ledger data."""

import json
import re
import struct
from pathlib import Path

from django.conf import settings

STATIC = Path(settings.BASE_DIR) / "static"
LEDGER_PREFIXES = ("/month/", "/stats/", "/entries/", "/calendar/", "/household/", "/search/", "/export/", "/budgets/")


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


def test_the_manifest_names_the_app_in_korean_with_its_icons(client):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["short_name"] == "홈앤리치" and manifest["name"].startswith("홈앤리치")
    assert manifest["lang"] == "ko" and manifest["display"] == "standalone" and manifest["start_url"] == "/"
    sizes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        file = STATIC / icon["src"].removeprefix(settings.STATIC_URL)
        width, height = _png_size(file)
        assert f"{width}x{height}" == icon["sizes"]


def test_the_service_worker_is_served_from_the_root_for_the_whole_site(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]


def test_the_service_worker_stores_the_shell_and_never_ledger_data(client):
    source = client.get("/sw.js").content.decode()
    shell = json.loads(re.search(r"const SHELL = (\[.*?\]);", source)[1])
    assert "/offline/" in shell
    assert all(url.startswith((settings.STATIC_URL, "/offline/")) for url in shell)
    assert not [url for url in shell if url.startswith(LEDGER_PREFIXES)]
    # Pages go to the network; only shell URLs are answered from the cache; nothing is ever put into it later.
    assert "cache.put" not in source and ".put(" not in source
    assert "caches.match(OFFLINE)" in source


def test_a_new_deploy_gets_a_new_shell_cache(client, settings):
    from homenrich import pwa

    first = re.search(r'const CACHE = "([^"]+)"', client.get("/sw.js").content.decode())[1]
    pwa._worker_source.cache_clear()
    settings.STATIC_URL = "/static-v2/"
    try:
        second = re.search(r'const CACHE = "([^"]+)"', pwa._worker_source())[1]
    finally:
        pwa._worker_source.cache_clear()
    assert first != second


def test_the_offline_page_is_korean_and_holds_nobodys_data(client_for, alice):
    html = client_for(alice).get("/offline/").content.decode()
    assert "인터넷에 연결되어 있지 않아요" in html
    assert "csrfmiddlewaretoken" not in html and "X-CSRFToken" not in html
    assert alice.display_name not in html and alice.email not in html


def test_pages_register_nothing_inline(client_for, alice):
    # The worker is registered from static/js/app.js (CSP: no inline scripts).
    html = client_for(alice).get("/month/2026-12/").content.decode()
    assert "serviceWorker" not in html
    assert 'serviceWorker.register("/sw.js"' in (STATIC / "js" / "app.js").read_text()
