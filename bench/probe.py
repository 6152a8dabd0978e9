"""The in-process half of the benchmark: which pages to measure, and how many SQL queries each makes.

Run by bench/run.py as ``python -m bench.probe --out FILE`` in the same environment (settings,
database, media) the bench's gunicorn serves, before gunicorn starts. It

1. discovers one live, public page of every specific page model (the first in tree order) plus the
   extra URLs (search),
2. requests each URL twice with django.test.Client under CaptureQueriesContext and keeps both counts
   (the first request fills per-process caches; the second is what a warm gunicorn worker does),
3. adds ``--grow`` more projects and news items (copies of an existing one, live) inside a
   transaction, counts again, and rolls the transaction back, so the database is left as it was.
"""

import argparse
import json
import os
import re
import sys
import traceback
from collections import Counter

EXTRA_URLS = [("Zoeken (search)", "/zoeken/?q=zorg")]
GROWTH_MODELS = ["themes.ProjectPage", "news.NewsPage", "guides.GuidePage", "guides.CasePage"]
SQL_PREVIEW = 400
BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROJECT_DIRS = tuple(
    os.path.join(BASE_DIR, name) + os.sep
    for name in ("config", "home", "themes", "news", "guides", "newsletter")
)
LIBRARY_INTERNALS = ("/django/db/", "/django/test/", "/django/utils/", "/bench/probe.py", "<frozen")


def normalise_sql(sql):
    """SQL with its literals replaced by ?, so the same query with other values groups together."""
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"(?<![\w.])-?\d+(?:\.\d+)?\b", "?", sql)
    sql = re.sub(r"\(\s*\?(?:\s*,\s*\?)+\s*\)", "(?, ...)", sql)
    return re.sub(r"\s+", " ", sql).strip()


def discover():
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, Site, get_page_models

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise SystemExit("No default Wagtail site: did load_demo_content run?")
    pages, unmeasured = [], []
    for model in get_page_models():
        if model is Page:
            continue
        label = f"{model._meta.app_label}.{model.__name__}"
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        candidates = (
            Page.objects.live()
            .public()
            .descendant_of(site.root_page, inclusive=True)
            .filter(content_type=content_type)
            .order_by("path")
        )
        page = candidates.first()
        url = page.get_url() if page else None
        if not url:
            unmeasured.append(
                {"label": label, "reason": "no live public page" if page is None else "no URL"}
            )
            continue
        pages.append(
            {
                "label": label,
                "name": str(model._meta.verbose_name),
                "url": url,
                "page_id": page.pk,
                "instances": candidates.count(),
            }
        )
    pages.sort(key=lambda item: (item["url"].count("/"), item["url"]))
    for name, url in EXTRA_URLS:
        pages.append({"label": name, "name": name, "url": url, "page_id": None, "instances": None})
    return pages, unmeasured


def short_sql(sql):
    """The normalised SQL with a long column list elided, so the FROM and WHERE parts show."""
    match = re.match(r"SELECT (.*?) FROM (.*)$", sql, re.S)
    if match and len(match.group(1)) > 40:
        sql = "SELECT … FROM " + match.group(2)  # noqa: S608 - display only, never executed
    return sql[:SQL_PREVIEW]


def query_origin():
    """Where a query comes from: the nearest project file or template line, and the library
    function that ran it (e.g. Wagtail's routing)."""
    frame = sys._getframe(2)
    library = None
    while frame is not None:
        code = frame.f_code
        filename = code.co_filename
        if filename.startswith(PROJECT_DIRS) and not filename.endswith("middleware.py"):
            place = f"{os.path.relpath(filename, BASE_DIR)}:{frame.f_lineno} {code.co_name}()"
            return place + (f" via {library}" if library else "")
        if code.co_name == "render_annotated":
            node = frame.f_locals.get("self")
            origin = getattr(node, "origin", None)
            if origin is not None and getattr(origin, "template_name", None):
                token = getattr(node, "token", None)
                return f"{origin.template_name}:{getattr(token, 'lineno', '?')}"
        if library is None and not any(part in filename for part in LIBRARY_INTERNALS):
            package = filename.split("site-packages/")[-1].replace(BASE_DIR + os.sep, "")
            library = f"{package}:{frame.f_lineno} {code.co_name}()"
        frame = frame.f_back
    return library or "unknown"


def count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    origins = []

    def record_origin(execute, sql, params, many, context):
        origins.append(query_origin())
        return execute(sql, params, many, context)

    with CaptureQueriesContext(connection) as cold:
        first = client.get(url)
    with CaptureQueriesContext(connection) as warm, connection.execute_wrapper(record_origin):
        response = client.get(url)
    sqls = [normalise_sql(query["sql"]) for query in warm.captured_queries]
    repeated = [
        {"count": n, "sql": short_sql(sql)} for sql, n in Counter(sqls).most_common() if n > 1
    ]
    return {
        "status": response.status_code,
        "first_status": first.status_code,
        "queries_cold": len(cold.captured_queries),
        "queries": len(warm.captured_queries),
        "repeated": repeated,
        "sql": [
            {"sql": short_sql(sql), "origin": origin}
            for sql, origin in zip(sqls, origins, strict=False)
        ],
    }


def safe_count(client, url):
    try:
        return count_queries(client, url)
    except Exception:  # noqa: BLE001 - a broken page is a finding, not a crash of the bench
        return {"status": None, "error": traceback.format_exc(limit=4)}


def grow(pages, client, extra):
    """Copy one live page of each growth model ``extra`` times, count again, roll back."""
    from django.apps import apps
    from django.core.cache import cache
    from django.db import transaction

    added, errors, after = {}, [], {}
    with transaction.atomic():
        for label in GROWTH_MODELS:
            try:
                model = apps.get_model(label)
            except (LookupError, ValueError):
                continue
            measured = [p["page_id"] for p in pages if p["label"] == label]
            sample = (
                model.objects.filter(pk__in=measured).first()
                or model.objects.live().public().order_by("path").first()
            )
            if sample is None:
                continue
            parent_url = sample.get_parent().get_url()
            try:
                for number in range(1, extra + 1):
                    sample.copy(
                        update_attrs={
                            "slug": f"{sample.slug}-bench-{number}",
                            "title": f"{sample.title} ({number})",
                        },
                        copy_revisions=False,
                        keep_live=True,
                        log_action=None,
                    )
                added[label] = {"count": extra, "parent": parent_url}
            except Exception as exc:  # noqa: BLE001 - reported, the rest of the bench goes on
                errors.append(f"{label}: {type(exc).__name__}: {exc}")
        cache.clear()
        for item in pages:
            after[item["url"]] = safe_count(client, item["url"])
        transaction.set_rollback(True)
    cache.clear()
    return {"added": added, "errors": errors, "after": after}


def main(argv=None):
    parser = argparse.ArgumentParser(description="In-process query counts for bench/run.py")
    parser.add_argument("--out", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--grow", type=int, default=50)
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
    import django

    django.setup()
    from django.test import Client

    client = Client(HTTP_HOST=args.host, raise_request_exception=True)
    pages, unmeasured = discover()
    report = {"pages": pages, "unmeasured": unmeasured, "queries": {}, "errors": []}
    for item in pages:
        report["queries"][item["url"]] = safe_count(client, item["url"])
    if args.grow:
        try:
            report["growth"] = grow(pages, client, args.grow)
        except Exception:  # noqa: BLE001
            report["errors"].append(f"growth: {traceback.format_exc(limit=5)}")
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(report, handle, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
