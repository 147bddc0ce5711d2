"""URLs of the calendar view."""

from django.urls import path

from . import views

urlpatterns = [
    path("calendar/", views.calendar_current, name="calendar_current"),
    path("calendar/<str:key>/", views.calendar, name="calendar"),
]
