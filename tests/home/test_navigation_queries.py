"""The main menu and breadcrumbs stay correct for private sections, cost at most one query each
when the cache is cold and none when it is warm."""

import pytest
from django.test import RequestFactory
from wagtail.models import Page, PageViewRestriction, Site

from home.templatetags.navigation_tags import breadcrumbs, main_menu
from tests.factories import ContentPageFactory

pytestmark = pytest.mark.django_db


def request_for_site():
    """A request whose site (and root page) is already looked up, as the page's serve() does,
    with Wagtail's cached site root paths (for page URLs) filled, as on a running server."""
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    Site.find_for_request(request)
    Site.get_site_root_paths()
    return request


def menu_titles(context):
    return [item["link"].title for item in main_menu(context)["menu_items"]]


def test_menu_leaves_out_private_sections_in_one_query_then_none(
    site_root, django_assert_num_queries
):
    ContentPageFactory(parent=site_root, title="Open", show_in_menus=True)
    private = ContentPageFactory(parent=site_root, title="Besloten", show_in_menus=True)
    ContentPageFactory(parent=site_root, title="Niet in menu", show_in_menus=False)
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )

    request = request_for_site()

    with django_assert_num_queries(1):
        titles = menu_titles({"request": request})
    next_request = request_for_site()
    with django_assert_num_queries(0):
        again = menu_titles({"request": next_request})

    assert titles == again == ["Open"]


def test_menu_is_empty_when_the_whole_site_is_private(site_root):
    ContentPageFactory(parent=site_root, title="Open", show_in_menus=True)
    PageViewRestriction.objects.create(
        page=site_root, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )

    assert menu_titles({"request": request_for_site()}) == []


def test_breadcrumbs_of_a_top_level_page_need_no_query(site_root, django_assert_num_queries):
    page = ContentPageFactory(parent=site_root, title="Contact")
    request = request_for_site()

    with django_assert_num_queries(0):
        crumbs = breadcrumbs({"request": request, "page": page})

    assert [ancestor.pk for ancestor in crumbs["ancestors"]] == [site_root.pk]


def test_breadcrumbs_of_a_deeper_page_list_every_live_ancestor(
    site_root, django_assert_num_queries
):
    parent = ContentPageFactory(parent=site_root, title="Over ons")
    # Loaded afresh, as a page found without routing through its parents.
    child = Page.objects.get(pk=ContentPageFactory(parent=parent, title="Team").pk)
    sibling = Page.objects.get(pk=ContentPageFactory(parent=parent, title="Bestuur").pk)

    request, next_request = request_for_site(), request_for_site()
    with django_assert_num_queries(1):
        crumbs = breadcrumbs({"request": request, "page": child})
    # Pages with the same parent share the cached ancestors.
    with django_assert_num_queries(0):
        sibling_crumbs = breadcrumbs({"request": next_request, "page": sibling})

    assert [ancestor.pk for ancestor in crumbs["ancestors"]] == [site_root.pk, parent.pk]
    assert sibling_crumbs["ancestors"] == crumbs["ancestors"]
    assert crumbs["ancestors"][1].url == f"/{parent.slug}/"


def test_breadcrumbs_of_a_routed_page_leave_out_draft_ancestors_and_come_from_the_cache(
    site_root, django_assert_num_queries
):
    section = ContentPageFactory(parent=site_root, title="Over ons", slug="over-ons")
    draft = ContentPageFactory(parent=section, title="Concept", slug="concept")
    draft.unpublish()
    leaf = ContentPageFactory(parent=draft, title="Team", slug="team")
    request = request_for_site()
    routed = Page.route_for_request(request, "/over-ons/concept/team/").page
    assert routed.pk == leaf.pk

    with django_assert_num_queries(1):
        crumbs = breadcrumbs({"request": request, "page": routed})
    with django_assert_num_queries(0):
        again = breadcrumbs({"request": request, "page": routed})

    assert [ancestor.pk for ancestor in crumbs["ancestors"]] == [site_root.pk, section.pk]
    assert again["ancestors"] == crumbs["ancestors"]
