"""URLs of the cards and accounts page."""

from django.urls import path

from . import views

urlpatterns = [
    path("payments/", views.payment_methods, name="payment_methods"),
    path("payments/<int:pk>/", views.payment_method_update, name="payment_method_update"),
]
