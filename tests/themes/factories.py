"""Factories for the themes app: principles, target groups, theme and project pages."""

import datetime
from decimal import Decimal

import factory
import wagtail_factories

from home.models import Organisation
from tests.factories import OrganisationFactory
from themes.models import (
    Principle,
    PrinciplesPage,
    ProjectFinderPage,
    ProjectPage,
    ProjectResult,
    ProjectUpdate,
    ResultsPage,
    TargetGroup,
    ThemeIndexPage,
    ThemePage,
)


class PrincipleFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Uitgangspunt {n}")
    slug = factory.Sequence(lambda n: f"uitgangspunt-{n}")
    kind = Principle.Kind.ALGEMEEN
    summary = "Zo werken we samen."
    body = "<p>Uitleg over dit uitgangspunt.</p>"

    class Meta:
        model = Principle


class TargetGroupFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Doelgroep {n}")
    slug = factory.Sequence(lambda n: f"doelgroep-{n}")
    description = "Inwoners voor wie dit project is."

    class Meta:
        model = TargetGroup


class MunicipalityFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Gemeente Plaats{n}")
    kind = Organisation.Kind.GEMEENTE
    role = Organisation.Role.EIGENAAR


class ThemeIndexPageFactory(wagtail_factories.PageFactory):
    title = "Themalijnen"
    slug = "themalijnen"
    introduction = "We werken in vijf themalijnen."

    class Meta:
        model = ThemeIndexPage


class ThemePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Themalijn {n}")
    slug = factory.Sequence(lambda n: f"themalijn-{n}")
    introduction = "Waar deze themalijn over gaat."
    goals = "<ul><li>Minder geldzorgen.</li></ul>"

    class Meta:
        model = ThemePage


class ProjectPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Project {n}")
    slug = factory.Sequence(lambda n: f"project-{n}")
    introduction = "Wat dit project doet, in het kort."
    why = "<p>Omdat het nodig is.</p>"
    goals = "<p>Dat inwoners gezonder zijn.</p>"
    approach = "<p>We werken samen.</p>"
    resident_notices = "<p>Je merkt dat hulp dichterbij is.</p>"
    status = ProjectPage.Status.LOPEND
    start_year = 2022
    municipalities = ()
    # A project runs in all of Twente or in the municipalities given, never both, never neither.
    whole_twente = factory.LazyAttribute(lambda project: not project.municipalities)

    class Meta:
        model = ProjectPage


class ProjectUpdateFactory(factory.django.DjangoModelFactory):
    year = factory.LazyFunction(lambda: datetime.date.today().year)
    date = factory.LazyFunction(datetime.date.today)
    text = "<p>Er is veel gebeurd.</p>"

    class Meta:
        model = ProjectUpdate


class ProjectResultFactory(factory.django.DjangoModelFactory):
    label = factory.Sequence(lambda n: f"Cijfer {n}")
    baseline = Decimal("0")
    target = Decimal("100")
    current = Decimal("60")
    unit = "inwoners"
    source = "Programmateam (test)"
    date = datetime.date(2026, 6, 30)

    class Meta:
        model = ProjectResult


class PrinciplesPageFactory(wagtail_factories.PageFactory):
    title = "Uitgangspunten"
    slug = "uitgangspunten"
    introduction = "Onze afspraken."

    class Meta:
        model = PrinciplesPage


class ProjectFinderPageFactory(wagtail_factories.PageFactory):
    title = "Projecten"
    slug = "projecten"
    introduction = "Zoek een project."

    class Meta:
        model = ProjectFinderPage


class ResultsPageFactory(wagtail_factories.PageFactory):
    title = "Resultaten"
    slug = "resultaten"
    introduction = "Wat we bereikten."

    class Meta:
        model = ResultsPage
