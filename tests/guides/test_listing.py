"""Handreikingen: page tree rules, both kinds in one list, filters, paging and empty states."""

import re

import pytest
from wagtail.models import PageViewRestriction
from wagtail.test.utils import WagtailPageTestCase

from guides.models import CasePage, GuideIndexPage, GuidePage
from home.models import ContentPage, HomePage

pytestmark = pytest.mark.django_db


def titles(response):
    return [item.title for item in response.context["items"]]


class TestPageTree(WagtailPageTestCase):
    def test_index_under_home_holds_guides_and_cases(self):
        self.assertAllowedParentPageTypes(GuideIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(GuideIndexPage, {GuidePage, CasePage})
        self.assertAllowedParentPageTypes(GuidePage, {GuideIndexPage})
        self.assertAllowedParentPageTypes(CasePage, {GuideIndexPage})
        self.assertAllowedSubpageTypes(GuidePage, set())
        self.assertAllowedSubpageTypes(CasePage, set())
        self.assertCanNotCreateAt(ContentPage, GuidePage)


def test_only_one_guide_index(guide_site):
    assert GuideIndexPage.max_count == 1
    assert not GuideIndexPage.can_create_at(guide_site.home)


def test_lists_guides_and_cases_newest_first(client, make_guide, make_case):
    make_guide(title="Oude handreiking", days_ago=30)
    make_case(title="Nieuwe casus", days_ago=1)
    make_guide(title="Middelste handreiking", days_ago=10)
    response = client.get("/handreikingen/")
    assert response.status_code == 200
    assert titles(response) == ["Nieuwe casus", "Middelste handreiking", "Oude handreiking"]
    html = response.content.decode()
    card = re.search(r'<li class="card knowledge-card">.*?</li>', html, re.S).group(0)
    assert "Nieuwe casus" in card and ">Casus</span>" in card
    assert "Hoe het hier ging, in het kort." in card
    assert "3 resultaten" in html


def test_filter_by_kind(client, make_guide, make_case):
    make_guide(title="Handreiking A")
    make_case(title="Casus B")
    assert titles(client.get("/handreikingen/?soort=handreiking")) == ["Handreiking A"]
    assert titles(client.get("/handreikingen/?soort=casus")) == ["Casus B"]


def test_filter_by_theme_and_principle(client, guide_site, make_guide, make_case):
    s = guide_site
    make_guide(title="Geld samen", themes=[s.money], principles=[s.together])
    make_case(title="Geld inwoners", themes=[s.money], principles=[s.residents])
    make_case(title="Ouderen samen", themes=[s.ageing], principles=[s.together])
    assert set(titles(client.get("/handreikingen/?thema=geldzorgen"))) == {
        "Geld samen",
        "Geld inwoners",
    }
    assert set(titles(client.get("/handreikingen/?uitgangspunt=samenwerken"))) == {
        "Geld samen",
        "Ouderen samen",
    }
    response = client.get(
        "/handreikingen/?thema=geldzorgen&uitgangspunt=samenwerken&soort=handreiking"
    )
    assert titles(response) == ["Geld samen"]
    html = response.content.decode()
    assert '<option value="geldzorgen" selected>' in html
    assert '<option value="samenwerken" selected>' in html
    assert '<option value="handreiking" selected>' in html
    assert "1 resultaat" in html and "Alles tonen" in html


def test_unknown_filter_values_are_ignored(client, make_guide, make_case):
    make_guide()
    make_case()
    response = client.get("/handreikingen/?thema=x&uitgangspunt=y&soort=z")
    assert len(titles(response)) == 2
    assert not response.context["is_filtered"]
    assert (
        "Een keuze uit de link bestaat niet (meer). Die hebben we weggelaten: Soort, Themalijn, Uitgangspunt."
        in response.content.decode()
    )


def test_only_the_unknown_filter_is_named(client, make_guide, make_case):
    make_guide(title="Handreiking A")
    make_case(title="Casus B")
    response = client.get("/handreikingen/?soort=casus&uitgangspunt=bestaat-niet")
    assert titles(response) == ["Casus B"]
    assert "Die hebben we weggelaten: Uitgangspunt." in response.content.decode()
    assert "weggelaten" not in client.get("/handreikingen/?soort=casus").content.decode()


def test_cards_show_published_theme_lines(client, guide_site, make_guide):
    guide_site.ageing.unpublish()
    make_guide(title="Met thema's", themes=[guide_site.money, guide_site.ageing])
    response = client.get("/handreikingen/")
    (item,) = response.context["items"]
    assert [theme.title for theme in item.theme_list] == ["Geldzorgen"]
    assert '<span class="tag">Geldzorgen</span>' in response.content.decode()


def test_twelve_per_page(client, make_guide, make_case):
    for n in range(8):
        make_guide(title=f"Handreiking {n:02d}", days_ago=2 * n)
        make_case(title=f"Casus {n:02d}", days_ago=2 * n + 1)
    first = client.get("/handreikingen/")
    assert len(first.context["items"]) == 12
    second = client.get("/handreikingen/?pagina=2")
    assert titles(second) == ["Handreiking 06", "Casus 06", "Handreiking 07", "Casus 07"]
    assert "Pagina 2 van 2" in second.content.decode()
    html = client.get("/handreikingen/?soort=casus").content.decode()
    assert "8 resultaten" in html and "pagina=2" not in html


def test_empty_states(client, guide_site, make_guide):
    html = client.get("/handreikingen/").content.decode()
    assert "Er staan nog geen handreikingen of casussen online." in html
    make_guide(title="Alleen geld", themes=[guide_site.money])
    html = client.get("/handreikingen/?thema=ouder-worden").content.decode()
    assert "Er zijn geen handreikingen of casussen die bij je keuze passen." in html
    assert "Alleen geld" not in html


def test_drafts_and_private_pages_are_not_listed(client, make_guide, make_case):
    make_guide(title="Openbaar")
    make_case(title="Concept").unpublish()
    private = make_guide(title="Besloten")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    assert titles(client.get("/handreikingen/")) == ["Openbaar"]


def test_filter_form_is_plain_get(client, guide_site):
    html = client.get("/handreikingen/").content.decode()
    form = re.search(r'<form class="listing-filters" method="get".*?</form>', html, re.S).group(0)
    for name in ("soort", "thema", "uitgangspunt"):
        assert f'name="{name}"' in form
    assert "csrfmiddlewaretoken" not in html
