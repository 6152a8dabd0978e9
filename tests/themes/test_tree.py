"""Where each page type may live, and that editors can edit and preview every one of them."""

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from home.models import AboutPage, ContentPage, HomePage
from tests.factories import HomePageFactory
from tests.themes.programme import build_programme
from themes.models import (
    PrinciplesPage,
    ProjectFinderPage,
    ProjectPage,
    ResultsPage,
    ThemeIndexPage,
    ThemePage,
)

OVERVIEWS = [ThemeIndexPage, PrinciplesPage, ProjectFinderPage, ResultsPage]


class PageTreeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        Page.objects.filter(depth=2).delete()
        home = HomePageFactory(parent=Page.get_first_root_node(), slug="home")
        Site.objects.create(root_page=home, is_default_site=True, hostname="localhost", port=80)
        cls.p = build_programme(home)

    def setUp(self):
        cache.clear()

    def test_overview_pages_live_under_the_home_page_only(self):
        for model in OVERVIEWS:
            self.assertAllowedParentPageTypes(model, {HomePage})
            self.assertCanCreateAt(HomePage, model)
            self.assertCanNotCreateAt(ContentPage, model)
            self.assertEqual(model.max_count, 1)

    def test_overview_pages_exist_once(self):
        for model in OVERVIEWS:
            self.assertFalse(model.can_create_at(self.p.home), model.__name__)

    def test_theme_lines_live_under_the_theme_index_and_hold_projects(self):
        self.assertAllowedSubpageTypes(ThemeIndexPage, {ThemePage})
        self.assertAllowedParentPageTypes(ThemePage, {ThemeIndexPage})
        self.assertAllowedSubpageTypes(ThemePage, {ProjectPage})
        self.assertAllowedParentPageTypes(ProjectPage, {ThemePage})
        self.assertAllowedSubpageTypes(ProjectPage, set())
        self.assertCanNotCreateAt(HomePage, ThemePage)
        self.assertCanNotCreateAt(HomePage, ProjectPage)
        self.assertCanNotCreateAt(ThemeIndexPage, ProjectPage)
        self.assertCanNotCreateAt(AboutPage, ThemePage)

    def test_overview_pages_have_no_children(self):
        for model in (PrinciplesPage, ProjectFinderPage, ResultsPage):
            self.assertAllowedSubpageTypes(model, set())

    def pages(self):
        return [
            self.p.index,
            self.p.money,
            self.p.debt,
            self.p.principles_page,
            self.p.finder,
            self.p.results_page,
        ]

    def edit_form_data(self, page):
        """The page's edit form as the admin renders it (StreamFields are built by JavaScript,
        so their empty count is added by hand)."""
        html = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content
        data = querydict_from_html(html.decode(), form_id="page-edit-form")
        if "body" in {field.name for field in page._meta.fields}:
            data["body-count"] = "0"
        return data

    def test_every_page_type_is_edited_and_published_in_the_admin(self):
        user = self.login()
        for page in self.pages():
            self.assertPageIsEditable(page, post_data=self.edit_form_data(page))
            self.client.force_login(user)
            data = self.edit_form_data(page)
            data["title"] = f"{page.title} (bijgewerkt)"
            data["action-publish"] = "action-publish"
            response = self.client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
            self.assertEqual(response.status_code, 302, type(page).__name__)
            page.refresh_from_db()
            self.assertTrue(page.title.endswith("(bijgewerkt)"), type(page).__name__)

    def test_every_page_type_is_previewable(self):
        user = self.login()
        for page in self.pages():
            self.client.force_login(user)
            self.assertPageIsPreviewable(page, post_data=self.edit_form_data(page))

    def test_a_project_preview_shows_unsaved_facts(self):
        self.login()
        page = self.p.carers
        data = self.edit_form_data(page)
        data.setlist("principles", [str(self.p.equal.pk)])
        data["resident_notices"] = rich_text("<p>Nieuw: een vast aanspreekpunt.</p>")
        preview = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
        self.assertJSONEqual(
            self.client.post(preview, data).content, {"is_valid": True, "is_available": True}
        )
        html = self.client.get(preview).content.decode()
        self.assertIn(self.p.equal.name, html)
        self.assertIn("Nieuw: een vast aanspreekpunt.", html)
        self.assertFalse(ProjectPage.objects.get(pk=page.pk).principles.exists())

    def test_editors_create_a_theme_line_and_a_project(self):
        self.login()
        data = nested_form_data(
            {
                "title": "Gezond opgroeien",
                "introduction": "Kinderen groeien gezond op.",
                "goals": rich_text("<ul><li>Meer bewegen.</li></ul>"),
                "body": streamfield([]),
                "contact": self.p.person.pk,
            }
        )
        data["principles"] = [self.p.together.pk]
        self.assertCanCreate(self.p.index, ThemePage, data)
        theme = ThemePage.objects.get(slug="gezond-opgroeien")
        data = nested_form_data(
            {
                "title": "Kansrijke start",
                "introduction": "Hulp voor ouders voor en na de geboorte.",
                "why": rich_text("<p>Een goede start telt.</p>"),
                "goals": rich_text("<p>Gezonde baby's.</p>"),
                "approach": rich_text("<p>Samen met de verloskundigen.</p>"),
                "resident_notices": rich_text("<p>Je krijgt eerder hulp.</p>"),
                "updates": inline_formset(
                    [{"year": 2026, "date": "2026-03-01", "text": rich_text("<p>Gestart.</p>")}]
                ),
                "results": inline_formset(
                    [
                        {
                            "label": "Gezinnen geholpen",
                            "baseline": "0",
                            "target": "100",
                            "current": "40",
                            "unit": "gezinnen",
                            "source": "GGD Twente",
                            "date": "2026-06-30",
                        }
                    ]
                ),
                "body": streamfield([]),
                "status": "lopend",
                "start_year": "2025",
                "end_year": "2028",
                "lead_organisation": self.p.ggd.pk,
                "contact": self.p.person.pk,
            }
        )
        data.update(
            target_groups=[self.p.youth.pk],
            organisations=[self.p.ggd.pk, self.p.menzis.pk],
            municipalities=[self.p.almelo.pk],
            principles=[self.p.equal.pk],
        )
        self.assertCanCreate(theme, ProjectPage, data)
        project = ProjectPage.objects.get(slug="kansrijke-start")
        self.assertTrue(project.live)
        self.assertEqual(project.get_parent().pk, theme.pk)
        self.assertEqual(list(project.municipalities.all()), [self.p.almelo])
        self.assertEqual(project.organisations.count(), 2)
        self.assertEqual(list(project.principles.all()), [self.p.equal])
        self.assertEqual(list(theme.principles.all()), [self.p.together])
        self.assertEqual(project.updates.get().year, 2026)
        self.assertEqual(str(project.results.get().current), "40.00")

    def test_the_admin_refuses_a_municipality_that_is_no_municipality(self):
        self.login()
        data = self.edit_form_data(self.p.debt)
        data.setlist("municipalities", [str(self.p.menzis.pk)])
        data["action-publish"] = "action-publish"
        response = self.client.post(reverse("wagtailadmin_pages:edit", args=[self.p.debt.pk]), data)
        self.assertEqual(response.status_code, 200)
        self.assertIn("municipalities", response.context["form"].errors)

    def test_every_page_type_is_routable_and_renderable(self):
        for page in self.pages():
            self.assertPageIsRoutable(page)
            self.assertPageIsRenderable(page)

    def test_end_year_before_start_year_is_refused(self):
        project = ProjectPage.objects.get(pk=self.p.debt.pk)
        project.start_year, project.end_year = 2025, 2020
        with self.assertRaises(ValidationError) as caught:
            project.full_clean()
        self.assertIn("end_year", caught.exception.message_dict)
