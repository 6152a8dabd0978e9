"""The main menu and breadcrumbs stay correct for private sections and cost at most one query each."""

import pytest
from django.test import RequestFactory
from wagtail.models import Page, PageViewRestriction, Site

from home.templatetags.navigation_tags import breadcrumbs, main_menu
from tests.factories import ContentPageFactory

pytestmark = pytest.mark.django_db


def request_for_site():
    """A request whose site (and root page) is already looked up, as the page's serve() does."""
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    Site.find_for_request(request)
    return request


def menu_titles(context):
    return [item["page"].title for item in main_menu(context)["menu_items"]]


def test_menu_leaves_out_private_sections_in_one_query(site_root, django_assert_num_queries):
    ContentPageFactory(parent=site_root, title="Open", show_in_menus=True)
    private = ContentPageFactory(parent=site_root, title="Besloten", show_in_menus=True)
    ContentPageFactory(parent=site_root, title="Niet in menu", show_in_menus=False)
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )

    request = request_for_site()

    with django_assert_num_queries(1):
        titles = menu_titles({"request": request})

    assert titles == ["Open"]


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


def test_breadcrumbs_of_a_deeper_page_list_every_live_ancestor(site_root):
    parent = ContentPageFactory(parent=site_root, title="Over ons")
    child = ContentPageFactory(parent=parent, title="Team")

    crumbs = breadcrumbs({"request": request_for_site(), "page": child})

    assert [ancestor.pk for ancestor in crumbs["ancestors"]] == [site_root.pk, parent.pk]


def test_breadcrumbs_of_a_routed_page_reuse_the_pages_routing_loaded(
    site_root, django_assert_num_queries
):
    section = ContentPageFactory(parent=site_root, title="Over ons", slug="over-ons")
    draft = ContentPageFactory(parent=section, title="Concept", slug="concept")
    draft.unpublish()
    leaf = ContentPageFactory(parent=draft, title="Team", slug="team")
    request = request_for_site()
    routed = Page.route_for_request(request, "/over-ons/concept/team/").page
    assert routed.pk == leaf.pk

    with django_assert_num_queries(0):
        crumbs = breadcrumbs({"request": request, "page": routed})

    assert [ancestor.pk for ancestor in crumbs["ancestors"]] == [site_root.pk, section.pk]
