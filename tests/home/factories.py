"""Factories for the home app beyond the shared ones in tests/factories.py."""

import factory
import wagtail_factories
from wagtail.models import Collection

from home.models import AboutPage, SiteImage


class SiteImageFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Afbeelding {n}")
    description = "Twee mensen praten aan een keukentafel."
    collection = factory.LazyFunction(Collection.get_first_root_node)
    file = factory.django.ImageField(width=64, height=48, color="teal")

    class Meta:
        model = SiteImage


class AboutPageFactory(wagtail_factories.PageFactory):
    title = "Over Twentse Koers"
    slug = "over-twentse-koers"
    introduction = "Veertien gemeenten, Menzis, GGD Twente en de provincie werken samen."

    class Meta:
        model = AboutPage
