"""URLs of the stats pages: /stats/<yyyy>-<mm>/ and the year view."""

from django.urls import path

from . import views

urlpatterns = [
    path("stats/", views.stats_current, name="stats_current"),
    path("stats/<str:key>/", views.stats, name="stats"),
    path("stats/year/<int:year>/", views.stats_year, name="stats_year"),
]
