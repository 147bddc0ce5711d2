"""URL map: pages, HTMX fragments, webhooks, admin and operations endpoints."""

import os

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from households import views as household_views

from . import pwa

urlpatterns = [
    # The ledger: the month page and its fragments, stats, search, budgets, recurring rules, export/import.
    path("", include("expenses.urls")),
    path("household/", household_views.household_detail, name="household"),
    path("household/new/", household_views.household_new, name="household_new"),
    path("household/settings/", household_views.household_settings, name="household_settings"),
    path("household/llm/", household_views.household_llm, name="household_llm"),
    path("household/switch/", household_views.household_switch, name="household_switch"),
    path("household/leave/", household_views.household_leave, name="household_leave"),
    path("household/invitations/", household_views.invitation_create, name="invitation_create"),
    path("household/invitations/<int:pk>/revoke/", household_views.invitation_revoke, name="invitation_revoke"),
    path("household/members/<int:pk>/role/", household_views.member_role, name="member_role"),
    path("household/members/<int:pk>/remove/", household_views.member_remove, name="member_remove"),
    path("household/categories/", household_views.category_create, name="category_create"),
    path("household/categories/<int:pk>/", household_views.category_update, name="category_update"),
    path("join/<str:token>/", household_views.join, name="join"),
    # Telegram and Kakao webhooks (/hooks/telegram/, /hooks/kakao/) and the chat linking page (/chats/).
    path("", include("chatbots.urls")),
    path("accounts/signup/", household_views.signup, name="signup"),
    path("accounts/signup/confirm/<str:token>/", household_views.signup_confirm, name="signup_confirm"),
    path("accounts/password_reset/", household_views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/delete/", household_views.account_delete, name="account_delete"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    # The installable app: the service worker must be served from the root to control every page.
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("offline/", pwa.offline, name="offline"),
]

# Floor views for `make bench` (bench/floor.py); mounted only when the benchmark asks for them.
if os.environ.get("HOMENRICH_BENCH") == "1":
    urlpatterns.append(path("bench/", include("bench.floor")))
