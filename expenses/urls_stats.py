"""URLs for stats, the year view, search, budgets, recurring rules and export/import."""

from django.urls import path

from . import stats_views as views

urlpatterns = [
    path("stats/", views.stats_current, name="stats_current"),
    path("stats/<str:key>/", views.stats, name="stats"),
    path("stats/year/<int:year>/", views.stats_year, name="stats_year"),
    path("search/", views.search, name="entry_search"),
    path("budgets/", views.budgets, name="budgets"),
    path("recurring/", views.recurring, name="recurring"),
    path("recurring/<int:pk>/edit/", views.recurring_edit, name="recurring_edit"),
    path("recurring/<int:pk>/delete/", views.recurring_delete, name="recurring_delete"),
    path("export/", views.export_page, name="export"),
    path("export/entries.csv", views.export_csv, name="export_csv"),
    path("export/household.json", views.export_household, name="export_household"),
    path("import/household/", views.import_household, name="import_household"),
]
