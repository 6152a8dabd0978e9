"""The home app's page types: where they may live, what they require, and the shared blocks."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.blocks import StreamValue, StructBlockValidationError
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from home.blocks import BaseStreamBlock, LinkBlock
from home.models import AboutPage, ContentPage, HomePage
from tests.factories import ContentPageFactory
from tests.home.factories import AboutPageFactory


class TestPageTree(WagtailPageTestCase):
    def test_home_page_lives_at_the_root_only(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertEqual(HomePage.max_count, 1)

    def test_content_page_parents_and_children(self):
        self.assertAllowedParentPageTypes(ContentPage, {HomePage, AboutPage, ContentPage})
        self.assertAllowedSubpageTypes(ContentPage, {ContentPage})

    def test_about_page_is_a_single_child_of_home(self):
        self.assertAllowedParentPageTypes(AboutPage, {HomePage})
        self.assertAllowedSubpageTypes(AboutPage, {ContentPage})
        self.assertEqual(AboutPage.max_count, 1)

    def test_home_takes_only_the_sections_of_the_site(self):
        from guides.models import GuideIndexPage
        from news.models import NewsIndexPage
        from newsletter.models import NewsletterIndexPage
        from themes.models import PrinciplesPage, ProjectFinderPage, ResultsPage, ThemeIndexPage

        self.assertAllowedSubpageTypes(
            HomePage,
            {
                ContentPage,
                AboutPage,
                ThemeIndexPage,
                PrinciplesPage,
                ProjectFinderPage,
                ResultsPage,
                NewsIndexPage,
                GuideIndexPage,
                NewsletterIndexPage,
            },
        )

    def test_home_accepts_content_and_about_pages(self):
        self.assertCanCreateAt(HomePage, ContentPage)
        self.assertCanCreateAt(HomePage, AboutPage)
        self.assertCanNotCreateAt(ContentPage, AboutPage)
        self.assertCanNotCreateAt(ContentPage, HomePage)


@pytest.mark.django_db
def test_introduction_is_required(site_root):
    page = ContentPage(title="Zonder samenvatting", slug="zonder")
    with pytest.raises(ValidationError) as error:
        site_root.add_child(instance=page)
    assert "introduction" in error.value.message_dict


@pytest.mark.django_db
def test_introduction_is_at_most_300_characters_in_the_editor(admin_client_nl, site_root):
    url = reverse("wagtailadmin_pages:add", args=["home", "contentpage", site_root.pk])
    data = nested_form_data(
        {
            "title": "Te lang",
            "slug": "te-lang",
            "introduction": "woord " * 60,
            "body": streamfield([]),
            "comments": inline_formset([]),
        }
    )
    response = admin_client_nl.post(url, data)
    assert response.status_code == 200
    assert "introduction" in response.context["form"].errors
    data["introduction"] = "Kort en duidelijk."
    assert admin_client_nl.post(url, data).status_code == 302
    assert ContentPage.objects.filter(slug="te-lang").exists()


@pytest.mark.django_db
def test_meta_description_and_type_label(site_root):
    page = ContentPageFactory(parent=site_root, introduction="Samenvatting.")
    assert page.get_meta_description() == "Samenvatting."
    page.search_description = "Voor zoekmachines."
    assert page.get_meta_description() == "Voor zoekmachines."
    assert str(page.type_label) == "inhoudspagina"
    assert str(AboutPageFactory(parent=site_root).type_label) == "over het programma"


@pytest.mark.django_db
def test_link_block_takes_a_page_or_an_address_never_both(site_root):
    block = LinkBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"page": None, "url": "", "label": ""}))
    with pytest.raises(StructBlockValidationError):
        block.clean(
            block.to_python({"page": site_root.pk, "url": "https://example.org", "label": ""})
        )
    value = block.clean(block.to_python({"page": site_root.pk, "url": "", "label": ""}))
    assert value.url() == "/" and value.text() == site_root.title
    value = block.clean(
        block.to_python({"page": None, "url": "https://example.org/", "label": "Elders"})
    )
    assert (value.url(), value.text()) == ("https://example.org/", "Elders")


def test_every_shared_block_declares_its_meta():
    for name, block in BaseStreamBlock().child_blocks.items():
        meta = block.meta
        for attribute in ("icon", "label", "group", "template", "description"):
            assert getattr(meta, attribute, None), f"{name} lacks {attribute}"
        assert meta.template.startswith("components/"), name


@pytest.mark.django_db
def test_every_shared_block_renders_its_preview_without_inline_code(site_root):
    from tests.home.crawl import parse

    stream_block = BaseStreamBlock()
    rendered = 0
    for name, block in stream_block.child_blocks.items():
        preview = block.get_preview_value()
        if preview is None or name in {"image", "document", "contact"}:
            continue  # these need a chosen object; rendered with real data in other tests
        html = StreamValue(stream_block, [(name, preview)]).render_as_block()
        document = parse(str(html))
        assert str(html).strip(), name
        assert not document.inline_scripts and not document.style_attributes, name
        rendered += 1
    assert rendered >= 7
