"""Site-wide views that are not pages: health check, robots.txt, security.txt, search, errors."""

import sys
from datetime import timedelta

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import CharField, F, Q, Value
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.text import capfirst
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_safe
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from core.health import check_database, readiness
from core.search_terms import plain_terms

DATABASE_UNREACHABLE = (OperationalError, InterfaceError)
SEARCH_PER_PAGE = 10
SEARCH_MAX_QUERY = 200


@require_safe
@never_cache
def healthz(request):
    if not check_database()["ok"]:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_safe
@never_cache
def healthz_ready(request):
    """Readiness: the database, every cache and the task queue (core.health); 503 naming what
    is wrong."""
    report = readiness()
    return JsonResponse(report, status=503 if report["failing"] else 200)


@require_GET
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /nieuwsbrief/bevestigen/",
        "Disallow: /nieuwsbrief/afmelden/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
@cache_control(max_age=86400, public=True)
def security_txt(request):
    """RFC 9116: Contact and Expires (kept under a year ahead); Canonical only over HTTPS."""
    days = min(max(settings.SECURITY_TXT_EXPIRES_DAYS, 1), 364)
    expires = timezone.now().replace(microsecond=0) + timedelta(days=days)
    lines = [
        f"Contact: {settings.SECURITY_TXT_CONTACT}",
        f"Expires: {expires.strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: nl, en",
    ]
    if request.is_secure():
        lines.append(f"Canonical: {request.build_absolute_uri('/.well-known/security.txt')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def promoted_results(request, query, pages):
    """The editors' promoted results for this search ("Gepromote zoekresultaten" in the admin),
    in their order: external links and those of `pages` (the live, public ones). Read only:
    Wagtail's Query.get would store every search anyone types."""
    picks = list(
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(query))
        .filter(Q(page__isnull=True) | Q(page__in=pages))
        .order_by("sort_order", "pk")
    )
    page_ids = [pick.page_id for pick in picks if pick.page_id]
    promoted = (
        {page.pk: page for page in Page.objects.filter(pk__in=page_ids).specific()}
        if page_ids
        else {}
    )
    results = []
    for pick in picks:
        page = promoted.get(pick.page_id)
        if page is not None:
            summary = (
                pick.description or getattr(page, "introduction", "") or page.search_description
            )
            results.append(
                {
                    "page_id": page.pk,
                    "title": page.title,
                    "url": page.get_url(request),
                    "summary": summary,
                }
            )
        elif pick.external_link_url:
            results.append(
                {
                    "page_id": None,
                    "title": pick.external_link_text or pick.external_link_url,
                    "url": pick.external_link_url,
                    "summary": pick.description,
                }
            )
    return results


def add_summaries(results):
    """Give each search result its type and its "In het kort", the way a result list shows them.

    The summary lives in each page type's own table, so instead of loading every result as its
    own type (a query per type, each row with its whole body) the summaries of all types come in
    one UNION query. A page type whose label depends on a field (a news item is "Nieuws" or
    "Projectverhaal") names it in ``search_label_field``."""
    results = list(results)
    by_model = {}
    for result in results:
        model = result.specific_class
        result.type_label = capfirst(model._meta.verbose_name) if model else ""
        result.summary = result.search_description
        if model is not None and any(field.name == "introduction" for field in model._meta.fields):
            by_model.setdefault(model, []).append(result.pk)
    parts = []
    for model, pks in by_model.items():
        label_field = getattr(model, "search_label_field", None)
        label = F(label_field) if label_field else Value("", output_field=CharField())
        parts.append(
            model.objects.filter(pk__in=pks)
            .order_by()
            .annotate(search_label=label)
            .values_list("pk", "introduction", "search_label")
        )
    if not parts:
        return results
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    found = {pk: (summary, label) for pk, summary, label in rows}
    for result in results:
        summary, label = found.get(result.pk, ("", ""))
        result.summary = summary or result.summary
        label_field = getattr(result.specific_class, "search_label_field", None)
        if label and label_field:
            choices = dict(result.specific_class._meta.get_field(label_field).flatchoices)
            result.type_label = capfirst(choices.get(label, result.type_label))
    return results


@require_GET
def search(request):
    query = request.GET.get("q", "").replace("\x00", "").strip()[:SEARCH_MAX_QUERY]
    terms, query_cut = plain_terms(query)
    results = Page.objects.none()
    promotions = []
    if query:
        pages = Page.objects.live().public()
        promotions = promoted_results(request, query, pages)
        promoted_pages = [pick["page_id"] for pick in promotions if pick["page_id"]]
        if promoted_pages:
            pages = pages.exclude(pk__in=promoted_pages)
        if terms:
            results = pages.search(" ".join(terms), operator="and")
    paginator = Paginator(results, SEARCH_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("pagina", 1))
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    add_summaries(page.object_list)
    return render(
        request,
        "home/search.html",
        {
            "search_query": query,
            "query_cut": query_cut,
            "results": page,
            "paginator": paginator,
            "promotions": promotions if page.number == 1 else [],
            "layout_key": "search",
        },
    )


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    """Rendered without context processors or database access: the database may be the
    reason we are here. When it is (a connection that failed), the answer is a 503 with
    ``Retry-After``: the site is down for a while, not broken, and Varnish may serve from grace."""
    if isinstance(sys.exc_info()[1], DATABASE_UNREACHABLE):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(settings.RETRY_AFTER_SECONDS)
        add_never_cache_headers(response)
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())
