"""A small site for the guides tests: Handreikingen, two theme lines with a project each, two
principles and a contact person."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone
from wagtail.models import Page

from tests.factories import OrganisationFactory, PersonFactory
from tests.guides.factories import CasePageFactory, GuideIndexPageFactory, GuidePageFactory
from tests.themes.factories import (
    MunicipalityFactory,
    PrincipleFactory,
    ProjectPageFactory,
    ThemeIndexPageFactory,
    ThemePageFactory,
)


def publish(page, days_ago=0, *, themes=(), principles=(), **relations):
    """Link a guide or case, publish it and date its first publication `days_ago` days back."""
    page.themes.set(themes)
    page.principles.set(principles)
    for name, values in relations.items():
        getattr(page, name).set(values)
    page.save_revision().publish()
    moment = timezone.now() - datetime.timedelta(days=days_ago)
    Page.objects.filter(pk=page.pk).update(first_published_at=moment, last_published_at=moment)
    page.refresh_from_db()
    return page


@pytest.fixture
def guide_site(site_root):
    s = SimpleNamespace(home=site_root)
    s.person = PersonFactory(name="Jeroen Oude Vrielink", role="Projectleider")
    s.index = GuideIndexPageFactory(parent=site_root)
    s.theme_index = ThemeIndexPageFactory(parent=site_root)
    s.money = ThemePageFactory(parent=s.theme_index, title="Geldzorgen", slug="geldzorgen")
    s.ageing = ThemePageFactory(parent=s.theme_index, title="Ouder worden", slug="ouder-worden")
    s.debt = ProjectPageFactory(parent=s.money, title="Schuldhulp dichtbij", slug="schuldhulp")
    s.home_care = ProjectPageFactory(parent=s.ageing, title="Langer thuis", slug="langer-thuis")
    s.together = PrincipleFactory(name="Samenwerken", slug="samenwerken")
    s.residents = PrincipleFactory(name="Inwonersparticipatie", slug="inwonersparticipatie")
    s.enschede = MunicipalityFactory(name="Gemeente Enschede")
    s.almelo = MunicipalityFactory(name="Gemeente Almelo")
    s.menzis = OrganisationFactory(name="Menzis")
    return s


@pytest.fixture
def make_guide(guide_site):
    def factory(days_ago=0, themes=(), principles=(), **fields):
        page = GuidePageFactory(parent=guide_site.index, **fields)
        return publish(page, days_ago, themes=themes, principles=principles)

    return factory


@pytest.fixture
def make_case(guide_site):
    def factory(days_ago=0, themes=(), principles=(), **fields):
        page = CasePageFactory(parent=guide_site.index, **fields)
        return publish(page, days_ago, themes=themes, principles=principles)

    return factory


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def pdf_document(media):
    """A Wagtail document holding a small generated PDF."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from guides.pdf import build_pdf

    def factory(title="Handreiking als PDF", collection=None):
        data = build_pdf(title, [("paragraph", "Zo pak je het aan.")])
        document = get_document_model()(title=title, file_size=len(data))
        if collection is not None:
            document.collection = collection
        document.file = ContentFile(data, name="handreiking.pdf")
        document.save()
        return document

    return factory
