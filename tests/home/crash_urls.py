"""The site's URLs plus one view that fails, to exercise the 500 handler."""

from django.urls import path

from config.urls import handler404, handler500
from config.urls import urlpatterns as site_urlpatterns


def crash(request):
    raise RuntimeError("deliberate failure for the 500 page test")


urlpatterns = [path("kapot/", crash), *site_urlpatterns]
__all__ = ["handler404", "handler500", "urlpatterns"]
