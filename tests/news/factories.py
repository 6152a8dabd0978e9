"""Factories for the news app."""

import datetime

import factory
import wagtail_factories

from news.models import NewsIndexPage, NewsPage


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = "Actueel"
    slug = "actueel"
    introduction = "Nieuws uit de projecten en verhalen van inwoners."

    class Meta:
        model = NewsIndexPage


class NewsPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Bericht {n}")
    slug = factory.Sequence(lambda n: f"bericht-{n}")
    introduction = "Wat er gebeurde, in het kort."
    kind = NewsPage.Kind.NIEUWS
    date = factory.LazyFunction(datetime.date.today)
    body = factory.LazyFunction(
        lambda: [{"type": "paragraph", "value": "<p>Het bericht zelf.</p>"}]
    )

    class Meta:
        model = NewsPage
