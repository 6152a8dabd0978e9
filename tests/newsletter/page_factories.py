"""Factories and builders for the monthly-update tests: the /nieuwsbrief/ page, issues with every
kind of block, news items with images, and site settings with a sender."""

from __future__ import annotations

import datetime
import io

import factory
import wagtail_factories
from django.core.files.images import ImageFile
from PIL import Image as PILImage

from home.models import SiteImage, SiteSettings
from newsletter.models import NewsletterIndexPage, NewsletterPage
from tests.news.factories import NewsIndexPageFactory, NewsPageFactory


class NewsletterIndexPageFactory(wagtail_factories.PageFactory):
    title = "Nieuwsbrief"
    slug = "nieuwsbrief"
    introduction = "Elke maand het belangrijkste nieuws uit Twentse Koers."

    class Meta:
        model = NewsletterIndexPage


class NewsletterPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Nieuwsbrief {n}")
    slug = factory.Sequence(lambda n: f"nieuwsbrief-{n}")
    subject = factory.Sequence(lambda n: f"Twentse Koers deze maand ({n})")
    preview_text = "Huisbezoek bij geldzorgen en nieuwe cijfers."
    introduction = "In deze nieuwsbrief lees je wat er deze maand gebeurde."
    body = factory.LazyFunction(
        lambda: [{"type": "text", "value": {"heading": "Van de redactie", "text": "<p>Fijne maand!</p>"}}]
    )

    class Meta:
        model = NewsletterPage


def make_image(title="Foto", *, alt="Twee mensen aan de keukentafel", decorative=False, size=(1600, 900)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (0, 102, 94)).save(buffer, format="JPEG")
    image = SiteImage(title=title, description="" if decorative else alt, is_decorative=decorative)
    image.file = ImageFile(buffer, name=f"{title.lower().replace(' ', '-')}.jpg")
    image.save()
    return image


def sender_settings(site, *, from_name="Twentse Koers", reply_to="nieuwsbrief@twentsekoers.nl"):
    site_settings = SiteSettings.for_site(site)
    site_settings.newsletter_from_name = from_name
    site_settings.newsletter_reply_to = reply_to
    site_settings.address = "Postbus 1\n7500 AA Enschede"
    site_settings.save()
    return site_settings


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def news_item(index, *, title="Huisbezoek werkt", date=None, image=None, kind="nieuws", **fields):
    page = NewsPageFactory(
        parent=index,
        title=title,
        date=date or datetime.date.today(),
        kind=kind,
        introduction=fields.pop("introduction", f"Samenvatting van {title}."),
        hero_image=image,
        **fields,
    )
    return publish(page)


def full_body(news, project=None, image=None):
    """A stream with one block of every kind (web-only and e-mail-only included)."""
    body = [
        {"type": "news_item", "value": {"page": news.pk}},
        {
            "type": "news_item",
            "value": {
                "page": news.pk,
                "title": "Eigen titel",
                "text": "Eigen tekst.",
                "link_label": "Lees het hele verhaal",
            },
        },
        {
            "type": "text",
            "value": {
                "heading": "Van de redactie",
                "text": '<p>Lees <a href="/actueel/">al het nieuws</a>.</p>',
            },
        },
        {
            "type": "call_to_action",
            "value": {
                "title": "Doe mee",
                "text": "Vul de enquête in.",
                "link": {"page": None, "url": "https://www.example.org/enquete", "label": "Naar de enquête"},
            },
        },
        {
            "type": "agenda_item",
            "value": {
                "title": "Regiodag",
                "date": "2026-11-12",
                "start_time": "09:30:00",
                "end_time": "12:00:00",
                "location": "Hengelo",
                "description": "Partners delen wat werkt.",
                "link": {"page": None, "url": "", "label": ""},
            },
        },
        {
            "type": "key_figures",
            "value": {
                "title": "In cijfers",
                "figures": [{"figure": "14", "label": "gemeenten", "link": None}],
            },
        },
        {"type": "signup", "value": {"title": "Ook elke maand deze nieuwsbrief?", "text": "Meld je aan."}},
        {"type": "forward", "value": {"text": "Stuur hem door!"}},
    ]
    if project is not None:
        body.append(
            {"type": "featured_project", "value": {"page": project.pk, "image": image.pk if image else None}}
        )
    return body


def newsletter_site(site_root):
    """/nieuwsbrief/ and /actueel/ under the home page, with a sender in the site settings."""
    from wagtail.models import Site

    index = NewsletterIndexPageFactory(parent=site_root)
    news_index = NewsIndexPageFactory(parent=site_root)
    sender_settings(Site.objects.get(is_default_site=True))
    return index, news_index
