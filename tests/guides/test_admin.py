"""Editors can create guides and cases through the Wagtail admin forms."""

from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from guides.models import CasePage, GuidePage
from tests.factories import HomePageFactory
from tests.guides.factories import GuideIndexPageFactory
from tests.themes.factories import (
    MunicipalityFactory,
    PrincipleFactory,
    ThemeIndexPageFactory,
    ThemePageFactory,
)


def list_block(items):
    """Form data of a ListBlock, which Wagtail's form_data helpers do not cover."""
    return {
        "count": len(items),
        **{
            str(index): {"value": value, "deleted": "", "order": index, "id": ""}
            for index, value in enumerate(items)
        },
    }


class TestEditorsCreate(WagtailPageTestCase):
    def setUp(self):
        super().setUp()
        root = Page.get_first_root_node()
        Page.objects.filter(depth=2).delete()
        root.refresh_from_db()
        self.home = HomePageFactory(parent=root, slug="home")
        Site.objects.update_or_create(
            is_default_site=True, defaults={"root_page": self.home, "hostname": "localhost"}
        )
        self.index = GuideIndexPageFactory(parent=self.home)
        self.theme = ThemePageFactory(parent=ThemeIndexPageFactory(parent=self.home))
        self.principle = PrincipleFactory()
        self.municipality = MunicipalityFactory()
        self.login()

    def test_create_a_guide(self):
        data = nested_form_data(
            {
                "title": "Inwoners betrekken",
                "slug": "inwoners-betrekken",
                "introduction": "Zo laat je inwoners meedenken.",
                "audience": "Projectleiders",
                "problem": rich_text("<p>Plannen passen niet bij inwoners.</p>"),
                "steps": streamfield(
                    [
                        (
                            "step",
                            {
                                "title": "Ga naar mensen toe",
                                "text": rich_text("<p>In de wijk.</p>"),
                            },
                        )
                    ]
                ),
                "preconditions": rich_text(""),
                "costs": rich_text(""),
                "dos_and_donts": streamfield(
                    [
                        (
                            "dos_and_donts",
                            {
                                "title": "Doen en niet doen",
                                "dos": list_block(["Begin vroeg."]),
                                "donts": list_block(["Vraag niet te laat."]),
                            },
                        )
                    ]
                ),
                "downloads": streamfield([]),
                "licence": "CC BY 4.0",
                "licence_url": "https://creativecommons.org/licenses/by/4.0/deed.nl",
                "reuses": inline_formset([{"region": "Regio Fryslân", "note": "", "url": ""}]),
                "themes": [self.theme.pk],
                "principles": [self.principle.pk],
            }
        )
        self.assertCanCreate(self.index, GuidePage, data)
        guide = GuidePage.objects.get(slug="inwoners-betrekken")
        assert list(guide.dos_and_donts[0].value["dos"]) == ["Begin vroeg."]
        assert [reuse.region for reuse in guide.reuses.all()] == ["Regio Fryslân"]

    def test_create_a_case(self):
        data = nested_form_data(
            {
                "title": "Samen koers houden",
                "slug": "samen-koers-houden",
                "introduction": "Veertien gemeenten werken samen.",
                "case_name": "Twentse Koers",
                "submitted_by": "Programmateam",
                "municipalities": [self.municipality.pk],
                "subjects": "Zorg, Samenwerking",
                "situation": rich_text("<p>Ieder werkte apart.</p>"),
                "approach": rich_text("<p>Eerst doen.</p>"),
                "results": inline_formset(
                    [{"label": "Gemeenten", "value": "14", "unit": "", "source": "Programma"}]
                ),
                "lessons": rich_text("<ul><li>Vertrouwen groeit.</li></ul>"),
                "tips": rich_text(""),
                "themes": [self.theme.pk],
            }
        )
        self.assertCanCreate(self.index, CasePage, data)
        case = CasePage.objects.get(slug="samen-koers-houden")
        assert sorted(case.subjects.names()) == ["Samenwerking", "Zorg"]
        assert case.results.get().value == "14"
