"""``BasePage.route`` finds the same page (and routable sub-URL) as Wagtail's own routing, level
by level, in two queries at any depth, and every page request goes through it."""

import re
from types import SimpleNamespace

import pytest
from django.http import Http404
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

from tests.factories import ContentPageFactory
from tests.news.factories import NewsIndexPageFactory, NewsPageFactory
from tests.themes.factories import ProjectPageFactory, ThemeIndexPageFactory, ThemePageFactory

PATHS = [
    "/",
    "/contact/",
    "/actueel/",
    "/actueel/bericht/",
    "/actueel/feed/",
    "/actueel/feed/atom/",
    "/actueel/bericht/meer/",
    "/actueel/bestaat-niet/",
    "/themalijnen/",
    "/themalijnen/geldzorgen/",
    "/themalijnen/geldzorgen/schuldhulp/",
    "/themalijnen/geldzorgen/concept/",
    "/themalijnen/concept-thema/project-onder-concept/",
    "/themalijnen/geldzorgen/schuldhulp/extra/",
    "/bestaat-niet/",
    "/bestaat-niet/ook-niet/",
]


@pytest.fixture
def tree(site_root):
    s = SimpleNamespace(home=site_root)
    s.contact = ContentPageFactory(parent=site_root, slug="contact")
    s.news = NewsIndexPageFactory(parent=site_root)
    s.item = NewsPageFactory(parent=s.news, slug="bericht")
    s.themes = ThemeIndexPageFactory(parent=site_root)
    s.theme = ThemePageFactory(parent=s.themes, slug="geldzorgen")
    s.project = ProjectPageFactory(parent=s.theme, slug="schuldhulp")
    s.draft_project = ProjectPageFactory(parent=s.theme, slug="concept", live=False)
    s.draft_theme = ThemePageFactory(parent=s.themes, slug="concept-thema", live=False)
    s.under_draft = ProjectPageFactory(parent=s.draft_theme, slug="project-onder-concept")
    return s


def outcome(route):
    """What a route result means: the page (by id and type) and, for a routable page, the view
    and its arguments; None for a 404."""
    if route is None:
        return None
    page, args, kwargs = route
    if args:
        view, view_args, view_kwargs = args
        args = (view.__func__, tuple(view_args), dict(view_kwargs))
    return (page.pk, type(page), args, kwargs)


def wagtail_walk(page, components):
    """Wagtail's routing as its ``Page.route`` and ``RoutablePageMixin.route`` do it: a routable,
    live page claims its own sub-URLs first, then each level looks up its child by slug."""
    page = page.specific
    if isinstance(page, RoutablePageMixin) and page.live:
        try:
            view, args, kwargs = page.resolve_subpage("/" + "".join(f"{c}/" for c in components))
            return RouteResult(page, args=(view, args, kwargs))
        except Http404:
            pass
    if components:
        try:
            child = page.get_children().get(slug=components[0])
        except Page.DoesNotExist as error:
            raise Http404 from error
        return wagtail_walk(child, components[1:])
    if page.live:
        return RouteResult(page)
    raise Http404


def wagtail_outcome(rf, path):
    request = rf.get(path)
    site = Site.find_for_request(request)
    try:
        return outcome(wagtail_walk(site.root_page, [c for c in path.split("/") if c]))
    except Http404:
        return None


def our_outcome(rf, path):
    request = rf.get(path)
    site = Site.find_for_request(request)
    try:
        return outcome(site.root_page.specific.route(request, [c for c in path.split("/") if c]))
    except Http404:
        return None


def test_every_path_routes_as_wagtail_routes_it(tree, rf):
    for path in PATHS:
        assert our_outcome(rf, path) == wagtail_outcome(rf, path), path


def test_outcomes_are_what_a_visitor_expects(tree, rf):
    assert our_outcome(rf, "/themalijnen/geldzorgen/schuldhulp/")[0] == tree.project.pk
    # A draft page is a 404; a live page under a draft page is served, as Wagtail does.
    assert our_outcome(rf, "/themalijnen/geldzorgen/concept/") is None
    assert our_outcome(rf, "/themalijnen/concept-thema/project-onder-concept/")[0] == tree.under_draft.pk
    feed = our_outcome(rf, "/actueel/feed/")
    assert feed[0] == tree.news.pk and feed[2][0].__name__ == "rss_feed"
    assert our_outcome(rf, "/bestaat-niet/") is None


def test_a_routable_sub_url_wins_over_a_child_with_the_same_slug(tree, rf):
    NewsPageFactory(parent=tree.news, slug="feed")
    assert our_outcome(rf, "/actueel/feed/") == wagtail_outcome(rf, "/actueel/feed/")
    assert our_outcome(rf, "/actueel/feed/")[0] == tree.news.pk


def test_a_moved_page_routes_at_its_new_address(tree, rf):
    tree.project.move(tree.draft_theme, pos="last-child")
    assert our_outcome(rf, "/themalijnen/geldzorgen/schuldhulp/") is None
    moved = our_outcome(rf, "/themalijnen/concept-thema/schuldhulp/")
    assert moved == wagtail_outcome(rf, "/themalijnen/concept-thema/schuldhulp/")
    assert moved[0] == tree.project.pk


def test_a_deep_page_is_routed_in_two_queries(tree, rf, django_assert_num_queries):
    request = rf.get("/themalijnen/geldzorgen/schuldhulp/")
    root = Site.find_for_request(request).root_page.specific
    with django_assert_num_queries(2):
        route = root.route(request, ["themalijnen", "geldzorgen", "schuldhulp"])
    with django_assert_num_queries(0):
        assert route.page.contact is None or route.page.contact.organisation_id is not None
        route.page.hero_image  # noqa: B018


def test_a_routed_page_is_kept_until_the_content_changes(tree, rf, django_assert_num_queries):
    path = ["themalijnen", "geldzorgen", "schuldhulp"]
    request = rf.get("/themalijnen/geldzorgen/schuldhulp/")
    root = Site.find_for_request(request).root_page.specific
    root.route(request, path)
    with django_assert_num_queries(0):
        assert root.route(rf.get("/"), path).page.pk == tree.project.pk
    tree.project.title = "Schuldhulp dichtbij"
    tree.project.save_revision().publish()
    assert root.route(rf.get("/"), path).page.title == "Schuldhulp dichtbij"


def test_page_requests_use_it(tree, client):
    response = client.get("/themalijnen/geldzorgen/schuldhulp/")
    assert response.status_code == 200
    assert response.context["page"].pk == tree.project.pk
    assert client.get("/themalijnen/geldzorgen/concept/").status_code == 404
    assert client.get("/actueel/feed/")["Content-Type"].startswith("application/rss+xml")


def test_a_page_whose_type_is_gone_is_passed_through_as_wagtail_does(tree, rf):
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    gone = ContentType.objects.create(app_label="weg", model="verdwenenpagina")
    Page.objects.filter(pk=tree.themes.pk).update(content_type=gone)
    path = "/themalijnen/geldzorgen/schuldhulp/"
    assert our_outcome(rf, path) == wagtail_outcome(rf, path)
    assert our_outcome(rf, path)[0] == tree.project.pk


def test_breadcrumbs_start_at_the_site_root(tree, client, settings):
    """A second site whose root is the theme overview shows no crumbs above its own root."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "thema.example.org"]
    Site.objects.create(hostname="thema.example.org", port=80, root_page=tree.themes)
    response = client.get("/geldzorgen/schuldhulp/", HTTP_HOST="thema.example.org")
    assert response.status_code == 200
    crumbs = response.content.decode().split('class="breadcrumbs container"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r"<a href=\"([^\"]+)\">([^<]+)</a>", crumbs) == [
        ("/", tree.themes.title),
        ("/geldzorgen/", tree.theme.title),
    ]
