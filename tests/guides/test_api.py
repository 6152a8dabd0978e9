"""The Wagtail API v2 for guides, cases and documents: published, public items only."""

import pytest
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from guides.models import CaseResult, GuideReuse

pytestmark = pytest.mark.django_db


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
    assert data["downloads"][0]["value"]["document"] == document.pk
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
