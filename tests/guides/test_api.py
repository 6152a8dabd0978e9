"""The Wagtail API v2 for guides, cases and documents: published, public items only, in a number
of queries that does not grow with the number of items or their relations."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from guides.models import CaseResult, GuideReuse
from tests.factories import OrganisationFactory, PersonFactory
from tests.guides.factories import CaseResultFactory, GuideReuseFactory
from tests.home.factories import SiteImageFactory

pytestmark = pytest.mark.django_db

MAX_LISTING_QUERIES = 14
MAX_DETAIL_QUERIES = 16


def test_only_published_public_guides_and_cases(client, make_guide, make_case):
    make_guide(title="Openbare handreiking")
    make_case(title="Openbare casus")
    make_guide(title="Concepthandreiking").unpublish()
    private = make_case(title="Besloten casus")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    guides = client.get("/api/v2/pages/?type=guides.GuidePage").json()
    cases = client.get("/api/v2/pages/?type=guides.CasePage").json()
    assert [item["title"] for item in guides["items"]] == ["Openbare handreiking"]
    assert [item["title"] for item in cases["items"]] == ["Openbare casus"]
    assert client.get(f"/api/v2/pages/{private.pk}/").status_code == 404


def test_guide_fields(client, guide_site, make_guide, make_case, pdf_document):
    document = pdf_document()
    case = make_case(title="Casus")
    guide = make_guide(
        themes=[guide_site.money],
        principles=[guide_site.together],
        contact=guide_site.person,
        downloads=[{"type": "document", "value": {"document": document.pk, "title": ""}}],
    )
    guide.related_cases.set([case])
    guide.save_revision().publish()
    GuideReuse.objects.create(page=guide, region="Regio Achterhoek")
    data = client.get(f"/api/v2/pages/{guide.pk}/").json()
    assert data["meta"]["type"] == "guides.GuidePage"
    assert data["audience"] == "Gemeenten en zorgverzekeraars"
    assert data["problem"] == "<p>Inwoners raken verstrikt in schulden.</p>"
    assert [step["value"]["title"] for step in data["steps"]] == ["Zoek elkaar op", "Begin klein"]
    assert data["dos_and_donts"][0]["value"]["dos"] == ["Begin klein.", "Schrijf eenvoudig."]
    download = data["downloads"][0]["value"]
    assert download["document"] == document.pk
    assert download["title"] == "Handreiking als PDF"
    assert (
        download["url"]
        == client.get(f"/api/v2/documents/{document.pk}/").json()["meta"]["download_url"]
    )
    assert download["url"].startswith("http") and download["url"].endswith(".pdf")
    assert download["file_type"] == "PDF"
    assert download["content_type"] == "application/pdf"
    assert download["file_size"] == document.file.size
    assert download["date"] == timezone.localdate(document.created_at).isoformat()
    assert data["licence"] == "CC BY 4.0"
    assert [r["region"] for r in data["reuses"]] == ["Regio Achterhoek"]
    assert [t["title"] for t in data["themes"]] == ["Geldzorgen"]
    assert data["principles"] == ["Samenwerken"]
    assert [c["html_url"] for c in data["related_cases"]] == [f"http://localhost{case.url}"]
    assert data["contact"] == {
        "name": "Jeroen Oude Vrielink",
        "role": "Projectleider",
        "organisation": guide_site.person.organisation.name,
    }


def test_case_fields(client, guide_site, make_case):
    case = make_case(themes=[guide_site.ageing])
    case.municipalities.set([guide_site.enschede])
    case.organisations.set([guide_site.menzis])
    case.subjects.add("Zorg")
    case.save_revision().publish()
    CaseResult.objects.create(
        page=case, label="Gemeenten", value="14", unit="gemeenten", source="Programma"
    )
    data = client.get(f"/api/v2/pages/{case.pk}/").json()
    assert data["case_name"].startswith("Samen sterker")
    assert data["municipalities"] == ["Gemeente Enschede"]
    assert data["organisations"] == ["Menzis"]
    assert data["subjects"] == ["Zorg"]
    assert data["results"][0]["value"] == "14" and data["results"][0]["unit"] == "gemeenten"
    assert data["lessons"] == "<ul><li>Eerst doen, dan afspreken.</li></ul>"


def test_documents_endpoint_hides_restricted_collections(client, pdf_document):
    public = pdf_document("Openbare handreiking")
    closed = Collection.get_first_root_node().add_child(name="Intern")
    CollectionViewRestriction.objects.create(
        collection=closed, restriction_type=CollectionViewRestriction.LOGIN
    )
    pdf_document("Interne notitie", collection=closed)
    data = client.get("/api/v2/documents/").json()
    assert [item["title"] for item in data["items"]] == ["Openbare handreiking"]
    assert data["items"][0]["meta"]["download_url"].endswith(public.file.name.split("/")[-1])


def api_queries(client, url):
    """Queries for a response once the per-process caches and the renditions exist."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), response.json()


@pytest.fixture
def rich(guide_site, make_guide, make_case, pdf_document):
    """Guides and cases with every kind of related content the API shows."""

    def relations(size):
        return {
            "themes": [guide_site.money, guide_site.ageing][:size],
            "principles": [guide_site.together, guide_site.residents][:size],
            "contact": PersonFactory(organisation=OrganisationFactory()),
            "hero_image": SiteImageFactory(),
        }

    def case(n, size=1):
        page = make_case(title=f"Rijke casus {n}", days_ago=n, **relations(size))
        page.municipalities.set([guide_site.enschede, guide_site.almelo][:size])
        page.organisations.set([guide_site.menzis, OrganisationFactory()][:size])
        page.related_projects.set([guide_site.debt, guide_site.home_care][:size])
        page.subjects.add(*[f"onderwerp {n} {k}" for k in range(size * 2)])
        for _k in range(size * 2):
            CaseResultFactory(page=page)
        page.save_revision().publish()
        return page

    def guide(n, size=1, cases=()):
        downloads = [
            {
                "type": "document",
                "value": {"document": pdf_document(f"PDF {n}.{k}").pk, "title": ""},
            }
            for k in range(size * 2)
        ]
        page = make_guide(
            title=f"Rijke handreiking {n}", days_ago=n, downloads=downloads, **relations(size)
        )
        page.related_cases.set(cases)
        page.related_projects.set([guide_site.debt, guide_site.home_care][:size])
        page.save_revision().publish()
        for _k in range(size * 2):
            GuideReuseFactory(page=page)
        return page

    return {"case": case, "guide": guide}


def test_guide_listing_queries_do_not_grow_with_the_number_of_guides(client, rich):
    cases = [rich["case"](n) for n in range(2)]
    for n in range(20):
        rich["guide"](n, size=2, cases=cases)
    url = "/api/v2/pages/?type=guides.GuidePage&fields=*&limit={limit}"
    few, _data = api_queries(client, url.format(limit=5))
    many, data = api_queries(client, url.format(limit=20))
    assert len(data["items"]) == 20
    assert few == many <= MAX_LISTING_QUERIES
    item = data["items"][0]
    assert len(item["downloads"]) == 4 and item["downloads"][0]["value"]["file_type"] == "PDF"
    assert len(item["related_cases"]) == 2 and len(item["reuses"]) == 4
    assert item["contact"]["organisation"] and item["hero_image_thumbnail"]["url"]


def test_case_listing_queries_do_not_grow_with_the_number_of_cases(client, rich):
    for n in range(20):
        rich["case"](n, size=2)
    url = "/api/v2/pages/?type=guides.CasePage&fields=*&limit={limit}"
    few, _data = api_queries(client, url.format(limit=5))
    many, data = api_queries(client, url.format(limit=20))
    assert len(data["items"]) == 20
    assert few == many <= MAX_LISTING_QUERIES
    item = data["items"][0]
    assert item["municipalities"] == ["Gemeente Almelo", "Gemeente Enschede"]
    assert len(item["subjects"]) == 4 and len(item["results"]) == 4
    assert len(item["related_projects"]) == 2 and item["principles"]


def test_detail_queries_do_not_grow_with_the_relations(client, rich):
    small_case, large_case = rich["case"](1, size=1), rich["case"](2, size=2)
    small = rich["guide"](1, size=1, cases=[small_case])
    large = rich["guide"](2, size=2, cases=[small_case, large_case])
    for few_url, many_url in [
        (f"/api/v2/pages/{small.pk}/", f"/api/v2/pages/{large.pk}/"),
        (f"/api/v2/pages/{small_case.pk}/", f"/api/v2/pages/{large_case.pk}/"),
    ]:
        few, _data = api_queries(client, few_url)
        many, _data = api_queries(client, many_url)
        assert few == many <= MAX_DETAIL_QUERIES


def test_prefetched_relations_leave_out_drafts_and_private_pages(client, guide_site, rich):
    public_case = rich["case"](1)
    draft_case = rich["case"](2)
    private_case = rich["case"](3)
    for n in range(4):
        rich["guide"](n, size=2, cases=[public_case, draft_case, private_case])
    draft_case.unpublish()
    PageViewRestriction.objects.create(
        page=private_case, restriction_type=PageViewRestriction.LOGIN
    )
    guide_site.ageing.unpublish()
    private_guide = rich["guide"](9)
    PageViewRestriction.objects.create(
        page=private_guide, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    guides = client.get("/api/v2/pages/?type=guides.GuidePage&fields=*").json()["items"]
    assert len(guides) == 4 and private_guide.title not in {g["title"] for g in guides}
    for guide in guides:
        assert [c["title"] for c in guide["related_cases"]] == [public_case.title]
        assert [t["title"] for t in guide["themes"]] == ["Geldzorgen"]
    cases = client.get("/api/v2/pages/?type=guides.CasePage&fields=*").json()["items"]
    assert [c["title"] for c in cases] == [public_case.title]
    detail = client.get(f"/api/v2/pages/{guides[0]['id']}/").json()
    assert [c["title"] for c in detail["related_cases"]] == [public_case.title]
    assert client.get(f"/api/v2/pages/{private_guide.pk}/").status_code == 404
    assert client.get(f"/api/v2/pages/{draft_case.pk}/").status_code == 404
