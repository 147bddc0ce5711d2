"""URL of the memo search page."""

from django.urls import path

from . import views

urlpatterns = [
    path("search/", views.search, name="entry_search"),
]
