"""whitenoise, built on the first request for a static file rather than when the process starts.

Building WhiteNoiseMiddleware reads every file under STATIC_ROOT (~700 with the admin's, ~30 ms) so
that it can answer them later. Fly's `[[statics]]` serves /static/ at the edge and whitenoise is the
fallback, so most processes never need it; a health check or a page must not wait for it.
"""

import threading
from urllib.parse import urlparse

from django.conf import settings
from whitenoise.middleware import WhiteNoiseMiddleware


class LazyWhiteNoiseMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = urlparse(settings.STATIC_URL or "/static/").path
        self._whitenoise: WhiteNoiseMiddleware | None = None
        self._lock = threading.Lock()

    def __call__(self, request):
        if not request.path_info.startswith(self.prefix):
            return self.get_response(request)
        whitenoise = self._whitenoise
        if whitenoise is None:
            with self._lock:
                if self._whitenoise is None:
                    self._whitenoise = WhiteNoiseMiddleware(self.get_response)
                whitenoise = self._whitenoise
        return whitenoise(request)
