"""URLs of the export page, its downloads, and importing a backup."""

from django.urls import path

from . import views

urlpatterns = [
    path("export/", views.export_page, name="export"),
    path("export/entries.csv", views.export_csv, name="export_csv"),
    path("export/household.json", views.export_household, name="export_household"),
    path("import/household/", views.import_household, name="import_household"),
    path("import/household/<int:pk>/", views.import_status, name="import_status"),
]
