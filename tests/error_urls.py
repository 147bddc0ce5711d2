"""The site's URLs plus one view that fails, for the error page tests."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from homenrich.urls import urlpatterns as site_patterns


def boom(request):
    raise RuntimeError("a bug")


def refused(request):
    raise PermissionDenied


urlpatterns = [path("test-boom/", boom), path("test-refused/", refused), *site_patterns]
