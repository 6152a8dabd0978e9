"""Factories for the guides app."""

import factory
import wagtail_factories

from guides.models import CasePage, CaseResult, GuideIndexPage, GuidePage, GuideReuse


class GuideIndexPageFactory(wagtail_factories.PageFactory):
    title = "Handreikingen"
    slug = "handreikingen"
    introduction = "Onze aanpak stap voor stap, vrij te gebruiken."

    class Meta:
        model = GuideIndexPage


class CasePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Casus {n}")
    slug = factory.Sequence(lambda n: f"casus-{n}")
    introduction = "Hoe het hier ging, in het kort."
    case_name = factory.Sequence(lambda n: f"Samen sterker {n}")
    submitted_by = "Programmateam Twentse Koers"
    situation = "<p>Iedereen werkte langs elkaar heen.</p>"
    approach = "<p>We begonnen klein.</p>"
    lessons = "<ul><li>Eerst doen, dan afspreken.</li></ul>"
    tips = "<ul><li>Begin gewoon.</li></ul>"

    class Meta:
        model = CasePage


class CaseResultFactory(factory.django.DjangoModelFactory):
    label = factory.Sequence(lambda n: f"Resultaat {n}")
    value = "1.200"
    unit = "inwoners"
    source = "Programmateam (test)"

    class Meta:
        model = CaseResult


class GuidePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Handreiking {n}")
    slug = factory.Sequence(lambda n: f"handreiking-{n}")
    introduction = "Zo pak je het aan, in het kort."
    audience = "Gemeenten en zorgverzekeraars"
    problem = "<p>Inwoners raken verstrikt in schulden.</p>"
    steps = factory.LazyFunction(
        lambda: [
            {"type": "step", "value": {"title": "Zoek elkaar op", "text": "<p>Praat samen.</p>"}},
            {"type": "step", "value": {"title": "Begin klein", "text": "<p>Met een proef.</p>"}},
        ]
    )
    preconditions = "<ul><li>Een verzekeraar die meedoet.</li></ul>"
    costs = "<p>Vooral tijd.</p>"
    dos_and_donts = factory.LazyFunction(
        lambda: [
            {
                "type": "dos_and_donts",
                "value": {
                    "title": "Doen en niet doen",
                    "dos": ["Begin klein.", "Schrijf eenvoudig."],
                    "donts": ["Wacht niet op contracten.", "Maak geen apart loket."],
                },
            }
        ]
    )

    class Meta:
        model = GuidePage


class GuideReuseFactory(factory.django.DjangoModelFactory):
    region = factory.Sequence(lambda n: f"Regio {n}")
    note = "Nam de aanpak over in 2025."

    class Meta:
        model = GuideReuse
