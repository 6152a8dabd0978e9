import os
import re

from django.conf import settings
from django.http import HttpResponse
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from config.api import api_router
from home import views as home_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documenten/", include(wagtaildocs_urls)),
    path("healthz", home_views.healthz, name="healthz"),
    path("healthz/ready", home_views.healthz_ready, name="healthz_ready"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path(".well-known/security.txt", home_views.security_txt, name="security_txt"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("zoeken/", home_views.search, name="search"),
    path("api/v2/", api_router.urls),
    # Data downloads of routable pages keep their file name, without Wagtail's trailing slash.
    re_path(r"^(?P<path>(?:[\w\-]+/)+[\w\-]+\.(?:csv|json))$", wagtail_views.serve),
    path("", include("newsletter.urls")),
]

if settings.DEBUG or settings.SERVE_MEDIA:
    from django.views.static import serve as serve_file

    urlpatterns.append(
        re_path(
            r"^" + re.escape(settings.MEDIA_URL.lstrip("/")) + r"(?P<path>.*)$",
            serve_file,
            {"document_root": settings.MEDIA_ROOT},
        )
    )

if os.environ.get("BENCH_TRIVIAL_VIEW") == "1":
    # Only for `make bench`, which reports each page's rate against this view (no database, no template).
    urlpatterns.append(
        path("bench/trivial/", lambda request: HttpResponse("ok", content_type="text/plain"))
    )

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "home.views.page_not_found"
handler500 = "home.views.server_error"
