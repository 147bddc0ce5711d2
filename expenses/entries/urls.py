"""URLs of the month page and of the fragments that record and change entries on it."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("month/<str:key>/", views.month, name="month"),
    path("entries/message/", views.message_create, name="message_create"),
    path("entries/new/", views.entry_create, name="entry_create"),
    path("entries/restore/", views.entry_restore, name="entry_restore"),
    path("entries/<int:pk>/", views.entry_row, name="entry_row"),
    path("entries/<int:pk>/edit/", views.entry_edit, name="entry_edit"),
    path("entries/<int:pk>/delete/", views.entry_delete, name="entry_delete"),
    path("entries/<int:pk>/category/", views.entry_category, name="entry_category"),
]
