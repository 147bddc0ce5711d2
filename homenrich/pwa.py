"""The installable web app: its manifest, its service worker (served from the site root) and the offline page.

The service worker keeps only the static shell (styles, scripts, icons) and the offline page, which is
rendered without a request so it holds no one's name, household or token. Ledger pages and fragments
(/month/, /stats/, /entries/… — HTML or JSON) always go to the network and are never stored: a shared
phone that goes offline shows the offline page, not yesterday's ledger.
"""

import hashlib
import json
from functools import cache

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

OFFLINE_URL = "/offline/"
SHELL_FILES = (
    "css/app.css",
    "css/categories.css",
    "css/stats.css",
    "js/app.js",
    "favicon.svg",
    "icons/app-192.png",
    "icons/tag.svg",
)
THEME_LIGHT = "#f3f5f4"
THEME_DARK = "#0f1412"


def shell_urls() -> list[str]:
    return [OFFLINE_URL, *(static(name) for name in SHELL_FILES)]


@cache
def _offline_html() -> str:
    return render_to_string("offline.html")


@cache
def _worker_source() -> str:
    urls = shell_urls()
    # The cache's name changes whenever a shell file's URL (hashed in production) or the offline page does,
    # so a deploy replaces the old shell instead of serving it forever.
    version = hashlib.sha256(("\n".join(urls) + _offline_html()).encode()).hexdigest()[:12]
    return render_to_string(
        "sw.js",
        {"cache_name": f"homenrich-shell-{version}", "shell_json": json.dumps(urls), "offline_url": OFFLINE_URL},
    )


@require_GET
@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(_worker_source(), content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
@cache_control(max_age=3600)
def offline(request: HttpRequest) -> HttpResponse:
    return HttpResponse(_offline_html())


@require_GET
@cache_control(max_age=3600)
def manifest(request: HttpRequest) -> JsonResponse:
    body = {
        "name": "홈앤리치 — 우리 집 가계부",
        "short_name": "홈앤리치",
        "description": "채팅하듯 한 줄로 기록하는 가족 가계부",
        "lang": "ko",
        "dir": "ltr",
        "id": "/",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "background_color": THEME_LIGHT,
        "theme_color": THEME_LIGHT,
        "categories": ["finance", "lifestyle"],
        "icons": [
            {"src": static("icons/app-192.png"), "sizes": "192x192", "type": "image/png", "purpose": "any"},
            {"src": static("icons/app-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any"},
            {
                "src": static("icons/app-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
        "shortcuts": [
            {"name": "이번 달 가계부", "url": "/"},
            {"name": "통계", "url": "/stats/"},
        ],
    }
    return JsonResponse(body, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})
