"""URLs of the card statement import."""

from django.urls import path

from . import views

urlpatterns = [
    path("statements/", views.statement_upload_view, name="statement_upload"),
    path("statements/<int:pk>/", views.statement_preview_view, name="statement_preview"),
]
