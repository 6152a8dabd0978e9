"""Page routing in two queries at any depth.

Wagtail finds a page by asking each page on the path for its child: a query for the child and one
for its specific type at every level. Every page already stores its full address in ``url_path``,
so here the pages on the path (id, type, live) come in one query and the page the request is for,
of its own type and with what its template shows (``route_select_related``), in a second. That
page's own ``route()`` then takes what is left of the path, as in Wagtail.

A routable page on the way that claims the rest of the path as one of its own sub-URLs serves it,
as Wagtail's routing would. The site root itself is one query. Wagtail's own routing still decides
with translations on, when a routable site root claims the path, and when no page matches the
first step of the path (a 404, or a site root renamed since the cached site was read)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

MAX_DEPTH = 10
UNDECIDED = object()


def _model(content_type_id):
    return ContentType.objects.get_for_id(content_type_id).model_class()


def _claims(model, live, remaining):
    """Whether a routable page would serve ``remaining`` as one of its own sub-URLs."""
    if model is None or not (live and issubclass(model, RoutablePageMixin)):
        return False
    try:
        model.get_resolver().resolve("/" + "".join(f"{part}/" for part in remaining))
    except Http404:
        return False
    return True


def find_route(request, path, site):
    """Wagtail's route result for ``path`` on ``site``, or ``UNDECIDED`` to leave it to Wagtail.
    Raises Http404 as Wagtail's routing does."""
    components = [component for component in path.split("/") if component]
    if len(components) > MAX_DEPTH or getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return UNDECIDED
    root = site.root_page
    if not components:
        return _specific_route(request, root.pk, root.content_type_id, [])
    prefixes = [root.url_path + "".join(f"{part}/" for part in components[:n]) for n in range(1, len(components) + 1)]
    rows = {
        url_path: (pk, content_type_id, live)
        for url_path, pk, content_type_id, live in Page.objects.filter(
            url_path__in=prefixes, path__startswith=root.path, depth__gt=root.depth
        ).values_list("url_path", "pk", "content_type_id", "live")
    }
    chain = []
    for prefix in prefixes:
        if prefix not in rows:
            break
        chain.append(rows[prefix])
    if _claims(_model(root.content_type_id), root.live, components):
        return UNDECIDED
    if not chain:
        # Nothing on the first step: a 404, or a site root renamed since the site was cached.
        return UNDECIDED
    # The first routable page on the way that claims the rest of the path serves it, as in Wagtail.
    target = next(
        (
            level
            for level, (_pk, content_type_id, live) in enumerate(chain[:-1])
            if _claims(_model(content_type_id), live, components[level + 1 :])
        ),
        len(chain) - 1,
    )
    pk, content_type_id, _live = chain[target]
    return _specific_route(request, pk, content_type_id, components[target + 1 :])


def _specific_route(request, pk, content_type_id, remaining):
    """The page of its own type, with what its template shows, routing the rest of the path."""
    model = _model(content_type_id)
    if model is None:
        return UNDECIDED
    queryset = model.objects.all()
    related = getattr(model, "route_select_related", ())
    if related:
        queryset = queryset.select_related(*related)
    try:
        # get() leaves out the tree ordering a page manager adds, which costs more than the query.
        page = queryset.get(pk=pk)
    except model.DoesNotExist:
        return UNDECIDED
    return page.route(request, remaining)


def route_request(request, path, site):
    """Leave the route on the request where ``Page.route_for_request`` looks for it first, so
    Wagtail's serve view (and anything else asking for this request's page) uses it."""
    if hasattr(request, "_wagtail_route_for_request"):
        return
    try:
        result = find_route(request, path, site)
    except Http404:
        result = None
    if result is not UNDECIDED:
        request._wagtail_route_for_request = result
