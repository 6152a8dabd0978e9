"""E-mail-safe blocks for the monthly update.

Every block renders three ways: on the web archive (``Meta.template``, under templates/components/),
inside the e-mail (``Meta.email_template``, a table row under templates/newsletter/email/blocks/) and
as plain text (``Meta.text_template``). ``Meta.channels`` says where a block appears at all: a sign-up
form belongs on the web only, a "forward this mail" call only in the mail. Rendering dispatches on
the block object itself (``render_email`` / ``render_text``), never on the block's name.
"""

import datetime

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock

from home.blocks import CallToActionBlock, KeyFiguresBlock, LinkBlock, LinkStructValue

WEB = "web"
EMAIL = "email"
BOTH = (WEB, EMAIL)

EMAIL_RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]

CONTENT = _("Inhoud")
CALLS = _("Oproepen")
FIGURES = _("Cijfers en agenda")


class ChannelBlockMixin:
    """Renders a block for the e-mail (HTML table row) and as plain text, when its channels allow."""

    def shows_in(self, channel):
        return channel in getattr(self.meta, "channels", BOTH)

    def _render_channel(self, channel, template_attr, value, context):
        template = getattr(self.meta, template_attr, None)
        if not template or not self.shows_in(EMAIL):
            return ""
        new_context = self.get_context(value, parent_context=dict(context or {}))
        new_context["channel"] = channel
        return mark_safe(render_to_string(template, new_context))  # noqa: S308 (template output)

    def render_email(self, value, context=None):
        return self._render_channel(EMAIL, "email_template", value, context)

    def render_text(self, value, context=None):
        return self._render_channel("text", "text_template", value, context)


class OptionalLinkBlock(LinkBlock):
    """A link that may be left empty, but is never a page and an address at once."""

    class Meta:
        required = False
        icon = "link"
        label = _("Link")
        group = CALLS
        template = "components/link.html"
        description = _("Een optionele link naar een pagina of een webadres.")
        value_class = LinkStructValue
        preview_value = {"url": "https://www.twentsekoers.nl", "label": "Meer informatie"}

    def clean(self, value):
        if not value.get("page") and not value.get("url"):
            return blocks.StructBlock.clean(self, value)
        return super().clean(value)


class PageTeaserValue(blocks.StructValue):
    """Title, text, image and address of a chosen page, each overridable by the editor. (The
    methods have names of their own: in templates a dict key would win over a method.)"""

    @cached_property
    def target(self):
        page = self.get("page")
        return page.specific if page is not None else None

    def shown_title(self):
        target = self.target
        return self.get("title") or (target.title if target else "")

    def shown_text(self):
        target = self.target
        if self.get("text"):
            return self.get("text")
        if target is None:
            return ""
        return getattr(target, "introduction", "") or target.search_description or ""

    def shown_image(self):
        target = self.target
        return self.get("image") or (getattr(target, "hero_image", None) if target else None)

    def url(self):
        target = self.target
        return target.url if target and target.live else ""

    def full_url(self):
        target = self.target
        return (target.get_full_url() or "") if target and target.live else ""

    def link_text(self):
        return self.get("link_label") or _("Lees verder")


class PageTeaserBlock(ChannelBlockMixin, blocks.StructBlock):
    """A chosen page shown as a teaser; every field the page provides can be overridden."""

    title = blocks.CharBlock(
        required=False,
        max_length=120,
        label=_("eigen titel"),
        help_text=_("Leeg: de titel van de gekozen pagina."),
    )
    text = blocks.TextBlock(
        required=False,
        max_length=400,
        label=_("eigen tekst"),
        help_text=_("Leeg: de samenvatting ('In het kort') van de gekozen pagina."),
    )
    image = ImageChooserBlock(
        required=False,
        label=_("eigen afbeelding"),
        help_text=_("Leeg: de hoofdafbeelding van de gekozen pagina. Geen tekst in afbeeldingen."),
    )
    link_label = blocks.CharBlock(
        required=False,
        max_length=60,
        label=_("linktekst"),
        help_text=_("Leeg: 'Lees verder'. Zeg liever waar de link heen gaat."),
    )

    class Meta:
        value_class = PageTeaserValue


class NewsItemBlock(PageTeaserBlock):
    """A news item or project story from the site, so the mail points readers to the full story."""

    page = blocks.PageChooserBlock(
        page_type="news.NewsPage",
        label=_("bericht"),
        help_text=_(
            "Kies een nieuwsbericht of projectverhaal. Titel, tekst en afbeelding komen er vanzelf bij."
        ),
    )

    class Meta:
        icon = "doc-full"
        label = _("Nieuwsbericht")
        group = CONTENT
        template = "components/newsletter_news_item.html"
        email_template = "newsletter/email/blocks/news_item.html"
        text_template = "newsletter/email/blocks/news_item.txt"
        description = _("Een bericht van de site, met titel, tekst, afbeelding en link.")
        preview_value = {
            "title": "Huisbezoek bij geldzorgen werkt",
            "text": "Acht gemeenten bellen vaker aan bij inwoners met een betaalachterstand.",
        }
        form_layout = ["page", "title", "text", "image", "link_label"]


class FeaturedProjectBlock(PageTeaserBlock):
    """One project put in the spotlight, to show what the programme does close to residents."""

    page = blocks.PageChooserBlock(
        page_type="themes.ProjectPage",
        label=_("project"),
        help_text=_("Kies een project. Titel, tekst en afbeelding komen er vanzelf bij."),
    )

    class Meta:
        icon = "pick"
        label = _("Uitgelicht project")
        group = CONTENT
        template = "components/newsletter_project.html"
        email_template = "newsletter/email/blocks/project.html"
        text_template = "newsletter/email/blocks/project.txt"
        description = _("Een project in de schijnwerpers.")
        preview_value = {
            "title": "Samen gezond in de wijk",
            "text": "Wijkteams en huisartsen werken samen aan een gezonde leefstijl.",
        }
        form_layout = ["page", "title", "text", "image", "link_label"]


class EmailTextBlock(ChannelBlockMixin, blocks.StructBlock):
    """Running text with an optional heading; only formatting that every mail program shows."""

    heading = blocks.CharBlock(
        required=False, max_length=120, label=_("kop"), help_text=_("Optioneel. Kort en duidelijk.")
    )
    text = blocks.RichTextBlock(
        features=EMAIL_RICH_TEXT_FEATURES,
        label=_("tekst"),
        help_text=_("Korte zinnen, gewone woorden. Vet, cursief, lijstjes en links."),
    )

    class Meta:
        icon = "pilcrow"
        label = _("Tekst")
        group = CONTENT
        template = "components/newsletter_text.html"
        email_template = "newsletter/email/blocks/text.html"
        text_template = "newsletter/email/blocks/text.txt"
        description = _("Lopende tekst met een optionele kop.")
        preview_value = {
            "heading": "Van de programmamanager",
            "text": "<p>Deze maand kijken we terug op een druk najaar.</p>",
        }


class EmailCallToActionBlock(ChannelBlockMixin, CallToActionBlock):
    """One clear button, as a real link (no image), so it works with images switched off."""

    class Meta:
        icon = "pick"
        label = _("Knop")
        group = CALLS
        template = "components/call_to_action.html"
        email_template = "newsletter/email/blocks/call_to_action.html"
        text_template = "newsletter/email/blocks/call_to_action.txt"
        description = _("Een opvallend blok met één knop.")
        preview_value = {
            "title": "Doe mee met de enquête",
            "text": "Vertel ons in vijf minuten wat je van de nieuwsbrief vindt.",
            "link": {"url": "https://www.twentsekoers.nl", "label": "Naar de enquête"},
        }


class AgendaItemBlock(ChannelBlockMixin, blocks.StructBlock):
    """A meeting or event readers can attend: what, when, where."""

    title = blocks.CharBlock(
        max_length=120, label=_("wat"), help_text=_("Naam van de bijeenkomst.")
    )
    date = blocks.DateBlock(label=_("datum"), help_text=_("De dag van de bijeenkomst."))
    start_time = blocks.TimeBlock(required=False, label=_("begintijd"), help_text=_("Optioneel."))
    end_time = blocks.TimeBlock(required=False, label=_("eindtijd"), help_text=_("Optioneel."))
    location = blocks.CharBlock(
        required=False,
        max_length=160,
        label=_("waar"),
        help_text=_("Adres en plaats, of 'online'."),
    )
    description = blocks.TextBlock(
        required=False, max_length=400, label=_("omschrijving"), help_text=_("Eén of twee zinnen.")
    )
    link = OptionalLinkBlock(label=_("meer informatie of aanmelden"))

    class Meta:
        icon = "date"
        label = _("Agendapunt")
        group = FIGURES
        template = "components/newsletter_agenda_item.html"
        email_template = "newsletter/email/blocks/agenda_item.html"
        text_template = "newsletter/email/blocks/agenda_item.txt"
        description = _("Een bijeenkomst met datum, tijd en plaats.")
        preview_value = {
            "title": "Regiodag Twentse Koers",
            "date": datetime.date(2026, 11, 12),
            "location": "Hengelo",
            "description": "Partners delen wat werkt.",
        }

    def clean(self, value):
        value = super().clean(value)
        start, end = value.get("start_time"), value.get("end_time")
        if start and end and end <= start:
            raise StructBlockValidationError(
                block_errors={
                    "end_time": ValidationError(_("De eindtijd moet na de begintijd liggen."))
                }
            )
        if end and not start:
            raise StructBlockValidationError(
                block_errors={"start_time": ValidationError(_("Vul ook een begintijd in."))}
            )
        return value


class EmailKeyFiguresBlock(ChannelBlockMixin, KeyFiguresBlock):
    """A few results as figures, written out as text (never as an image)."""

    class Meta:
        icon = "table"
        label = _("Kerncijfers")
        group = FIGURES
        template = "components/key_figures.html"
        email_template = "newsletter/email/blocks/key_figures.html"
        text_template = "newsletter/email/blocks/key_figures.txt"
        description = _("Twee tot zes cijfers met uitleg.")
        preview_value = {
            "title": "In cijfers",
            "figures": [
                {"figure": "14", "label": "gemeenten"},
                {"figure": "1.200", "label": "inwoners uit de schulden"},
            ],
        }


class SignupBlock(ChannelBlockMixin, blocks.StructBlock):
    """The sign-up form, for the web archive only: inside the mail the reader is already signed up."""

    title = blocks.CharBlock(
        max_length=120,
        default="Ook elke maand deze nieuwsbrief?",
        label=_("kop"),
        help_text=_("Kop boven het aanmeldformulier."),
    )
    text = blocks.TextBlock(
        required=False, max_length=300, label=_("tekst"), help_text=_("Eén of twee zinnen.")
    )

    class Meta:
        icon = "mail"
        label = _("Aanmelden (alleen website)")
        group = CALLS
        template = "components/newsletter_signup.html"
        description = _(
            "Het aanmeldformulier. Staat alleen in het archief op de website, niet in de e-mail."
        )
        preview_value = {"title": "Ook elke maand deze nieuwsbrief?", "text": "Meld je hier aan."}
        channels = (WEB,)


class ForwardBlock(ChannelBlockMixin, blocks.StructBlock):
    """An invitation to forward the mail, with a link to the sign-up page; in the mail only."""

    text = blocks.CharBlock(
        max_length=200,
        default="Ken je iemand voor wie deze nieuwsbrief interessant is? Stuur hem door!",
        label=_("tekst"),
        help_text=_("Eén zin. De link naar de aanmeldpagina komt er vanzelf achter."),
    )

    class Meta:
        icon = "redirect"
        label = _("Doorsturen (alleen e-mail)")
        group = CALLS
        template = "components/newsletter_forward.html"
        email_template = "newsletter/email/blocks/forward.html"
        text_template = "newsletter/email/blocks/forward.txt"
        description = _("Vraag lezers de nieuwsbrief door te sturen. Staat alleen in de e-mail.")
        preview_value = {
            "text": "Ken je iemand voor wie deze nieuwsbrief interessant is? Stuur hem door!"
        }
        channels = (EMAIL,)


class NewsletterStreamBlock(blocks.StreamBlock):
    """The blocks a monthly update is made of; each one renders safely in mail programs."""

    news_item = NewsItemBlock()
    text = EmailTextBlock()
    call_to_action = EmailCallToActionBlock()
    featured_project = FeaturedProjectBlock()
    agenda_item = AgendaItemBlock()
    key_figures = EmailKeyFiguresBlock()
    signup = SignupBlock()
    forward = ForwardBlock()


def blocks_for(stream_value, channel):
    """The blocks of a stream value that appear in this channel ("web" or "email")."""
    return [
        child
        for child in stream_value
        if getattr(child.block, "shows_in", lambda _channel: True)(channel)
    ]
