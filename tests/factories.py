"""Factories for the shared models; each app adds its own in tests/<app>/factories.py."""

import factory
import wagtail_factories

from home.models import ContentPage, HomePage, Organisation, Person


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Twentse Koers"
    hero_title = "Samen werken aan een gezond Twente"
    introduction = "Veertien gemeenten en hun partners werken samen aan gezondheid en zorg."

    class Meta:
        model = HomePage


class ContentPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Pagina {n}")
    introduction = "Een korte samenvatting in gewone woorden."

    class Meta:
        model = ContentPage


class OrganisationFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = Organisation.Kind.PARTNER
    role = Organisation.Role.PARTNER

    class Meta:
        model = Organisation


class PersonFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Persoon {n}")
    role = "Projectleider"
    email = factory.Sequence(lambda n: f"persoon{n}@example.org")
    organisation = factory.SubFactory(OrganisationFactory)

    class Meta:
        model = Person
