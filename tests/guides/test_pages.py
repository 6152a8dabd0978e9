"""Guide and case pages: every section, the do's and don'ts, downloads, licence and links."""

import re

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from guides.blocks import DosAndDontsBlock, StepBlock
from guides.models import (
    DEFAULT_LICENCE,
    DEFAULT_LICENCE_URL,
    CasePage,
    CaseResult,
    GuideIndexPage,
    GuidePage,
    GuideReuse,
)
from tests.guides.factories import (
    CasePageFactory,
    CaseResultFactory,
    GuidePageFactory,
    GuideReuseFactory,
)

pytestmark = pytest.mark.django_db


def test_guide_page_shows_all_its_sections(client, guide_site, make_guide, make_case, pdf_document):
    s = guide_site
    case = make_case(title="Casus RUB")
    document = pdf_document("Handreiking zorgschulden (PDF)")
    guide = make_guide(
        title="Zorgschulden oplossen",
        themes=[s.money],
        principles=[s.together],
        contact=s.person,
        downloads=[{"type": "document", "value": {"document": document.pk, "title": ""}}],
    )
    guide.related_cases.set([case])
    guide.related_projects.set([s.debt])
    guide.save_revision().publish()
    GuideReuseFactory(page=guide, region="Regio Achterhoek", note="Sinds 2025.")

    response = client.get(guide.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Zorgschulden oplossen</h1>" in html
    assert "Gemeenten en zorgverzekeraars" in html  # for whom
    assert "Inwoners raken verstrikt in schulden." in html  # the problem
    steps = re.search(r'<ol class="guide-steps">(.*?)</ol>', html, re.S).group(1)
    assert steps.index("Zoek elkaar op") < steps.index("Begin klein")
    assert "Een verzekeraar die meedoet." in html  # preconditions
    assert "Vooral tijd." in html  # costs
    assert "Samenwerken" in html  # principle
    assert 'href="/themalijnen/geldzorgen/"' in html
    assert "Regio Achterhoek" in html and "Sinds 2025." in html
    assert 'href="/handreikingen/' + case.slug + '/"' in html
    assert 'href="/themalijnen/geldzorgen/schuldhulp/"' in html
    assert "Jeroen Oude Vrielink" in html


def test_dos_and_donts_are_told_apart_by_text_labels(client, make_guide):
    html = client.get(make_guide().url).content.decode()
    block = re.search(r'<section class="dos-donts">.*?</section>', html, re.S).group(0)
    do, dont = re.findall(r'<div class="dos-donts__col[^"]*">(.*?)</div>', block, re.S)
    assert re.search(
        r"<h3 class=\"dos-donts__label\"><svg[^>]*aria-hidden=\"true\".*?</svg>Doen</h3>", do, re.S
    )
    assert re.search(r"</svg>Niet doen</h3>", dont)
    assert "Begin klein." in do and "Schrijf eenvoudig." in do
    assert "Wacht niet op contracten." in dont and "Maak geen apart loket." in dont


def test_downloads_show_type_size_and_version_date(client, make_guide, pdf_document):
    document = pdf_document("Handreiking als PDF")
    guide = make_guide(
        downloads=[{"type": "document", "value": {"document": document.pk, "title": ""}}]
    )
    html = client.get(guide.url).content.decode()
    download = re.search(r'<p class="download">.*?</p>', html, re.S).group(0)
    assert f'href="{document.url}"' in download
    assert "Handreiking als PDF" in download
    assert "PDF," in download
    assert re.search(r"\d(,\d)?\s?KB", download)
    assert f"versie van {timezone.localdate(document.created_at).day} " in download
    assert client.get(document.url).status_code == 200


def test_licence_defaults_to_cc_by_with_link(client, make_guide):
    guide = make_guide()
    assert guide.licence == DEFAULT_LICENCE == "CC BY 4.0"
    assert guide.licence_url == DEFAULT_LICENCE_URL
    html = client.get(guide.url).content.decode()
    assert f'<a href="{DEFAULT_LICENCE_URL}" rel="license">CC BY 4.0</a>' in html


def test_guide_hides_unpublished_and_private_related_pages(
    client, guide_site, make_guide, make_case
):
    public_case = make_case(title="Openbare casus")
    draft_case = make_case(title="Conceptcasus")
    draft_case.unpublish()
    private_case = make_case(title="Besloten casus")
    PageViewRestriction.objects.create(
        page=private_case, restriction_type=PageViewRestriction.LOGIN
    )
    guide = make_guide()
    guide.related_cases.set([public_case, draft_case, private_case])
    guide.save_revision().publish()
    html = client.get(guide.url).content.decode()
    assert "Openbare casus" in html
    assert "Conceptcasus" not in html and "Besloten casus" not in html


def test_case_page_shows_its_structured_summary(client, guide_site, make_case, make_guide):
    s = guide_site
    case = make_case(
        title="Samen koers houden",
        case_name="Twentse Koers",
        submitted_by="Programmateam Twentse Koers",
        themes=[s.money],
        principles=[s.together, s.residents],
        contact=s.person,
    )
    case.municipalities.set([s.enschede, s.almelo])
    case.organisations.set([s.menzis])
    case.related_projects.set([s.debt])
    case.subjects.add("Zorg", "Regionale samenwerking")
    case.save_revision().publish()
    CaseResultFactory(
        page=case, label="inwoners uit de zorgschulden", value="1.200", unit="inwoners"
    )
    guide = make_guide(title="Handreiking die ernaar verwijst")
    guide.related_cases.set([case])
    guide.save_revision().publish()

    html = client.get(case.url).content.decode()
    summary = re.search(r'<dl class="knowledge-facts">.*?</dl>', html, re.S).group(0)
    assert "<dd>Twentse Koers</dd>" in summary
    assert "<dd>Programmateam Twentse Koers</dd>" in summary
    assert "<dd>Gemeente Almelo, Gemeente Enschede</dd>" in summary
    assert "<dd>Menzis</dd>" in summary
    assert "Regionale samenwerking" in summary and "Zorg" in summary
    assert "Samenwerken" in summary and "Inwonersparticipatie" in summary
    assert "Iedereen werkte langs elkaar heen." in html  # situation
    assert "We begonnen klein." in html  # approach
    assert (
        "1.200" in html
        and "inwoners uit de zorgschulden" in html
        and "Bron: Programmateam (test)" in html
    )
    assert "Eerst doen, dan afspreken." in html  # lessons
    assert "Begin gewoon." in html  # tips
    assert "Handreiking die ernaar verwijst" in html
    assert "Schuldhulp dichtbij" in html
    assert "Jeroen Oude Vrielink" in html


def test_case_with_all_fourteen_municipalities_says_so(client, guide_site, make_case):
    from tests.themes.factories import MunicipalityFactory

    case = make_case()
    case.municipalities.set([MunicipalityFactory() for _ in range(14)])
    case.save_revision().publish()
    assert "Alle 14 Twentse gemeenten" in client.get(case.url).content.decode()


def test_print_version_names_the_page_address(client, make_guide, make_case):
    for page in (make_guide(), make_case()):
        html = client.get(page.url).content.decode()
        assert (
            f'class="print-only print-source">Deze pagina staat online op http://localhost{page.url}'
            in html
        )


def test_previews_of_unsaved_pages_render(rf, guide_site):
    for factory in (GuidePageFactory, CasePageFactory):
        page = factory.build()
        page.path = guide_site.index.path + "9999"
        page.depth = guide_site.index.depth + 1
        page.themes = [guide_site.money]
        page.principles = [guide_site.together]
        page.related_projects = [guide_site.debt]
        if isinstance(page, CasePage):
            page.municipalities = [guide_site.enschede]
            page.results = [CaseResult(label="Gemeenten", value="14")]
        else:
            page.reuses = [GuideReuse(region="Regio Fryslân")]
        response = page.make_preview_request(rf.get("/"))
        assert response.status_code == 200
        html = (
            response.render().content.decode()
            if hasattr(response, "render")
            else response.content.decode()
        )
        assert "Geldzorgen" in html and "Schuldhulp dichtbij" in html


def test_blocks_follow_the_house_pattern():
    for block in (StepBlock(), DosAndDontsBlock()):
        meta = block.meta
        assert meta.icon and meta.label and meta.group and meta.description
        assert meta.template.startswith("components/")
        assert meta.preview_value
        assert block.__doc__


def test_every_editor_field_has_dutch_help_text():
    for model in (GuideIndexPage, GuidePage, CasePage, CaseResult, GuideReuse):
        for field in model._meta.get_fields():
            if field.model is not model or not getattr(field, "editable", False):
                continue
            if field.name in {"id", "page", "sort_order"} or field.name.endswith("_ptr"):
                continue
            assert field.help_text, f"{model.__name__}.{field.name}"
