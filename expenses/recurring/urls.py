"""URLs of the recurring rules page."""

from django.urls import path

from . import views

urlpatterns = [
    path("recurring/", views.recurring, name="recurring"),
    path("recurring/<int:pk>/edit/", views.recurring_edit, name="recurring_edit"),
    path("recurring/<int:pk>/delete/", views.recurring_delete, name="recurring_delete"),
]
