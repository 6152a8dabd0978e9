"""The monthly update as Wagtail pages: the newsletter page at /nieuwsbrief/ with the public archive
of sent issues, and one page per issue that is previewed, tested and sent as an e-mail."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.models import BasePage

from ..blocks import NewsletterStreamBlock
from ..campaigns.panels import CampaignPanel

ARCHIVE_PER_PAGE = 12
SUBJECT_MAX_LENGTH = 150
PREVIEW_TEXT_MAX_LENGTH = 150

# A strict policy for the e-mail preview: the mail's own inline CSS (it has to be inline for mail
# programs) and images from anywhere, but no script, no form and no plugin, in a sandbox.
EMAIL_PREVIEW_CSP = (
    "default-src 'none'; img-src * data:; style-src 'unsafe-inline'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox allow-popups"
)


class NewsletterIndexPage(BasePage):
    """The newsletter page at /nieuwsbrief/: why to sign up, the sign-up form and the archive of
    every issue that was sent, newest first."""

    content_panels = BasePage.content_panels
    parent_page_types = ["home.HomePage"]
    subpage_types = ["newsletter.NewsletterPage"]
    max_count = 1

    class Meta:
        verbose_name = _("nieuwsbriefpagina")

    def archive(self):
        """Sent issues under this page that the public may see, newest first."""
        return (
            NewsletterPage.objects.child_of(self)
            .live()
            .public()
            .filter(Q(campaign__state__in=("sending", "sent")))
            .select_related("campaign")
            .order_by("-campaign__sent_at", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(self.archive(), ARCHIVE_PER_PAGE)
        page_obj = paginator.get_page(request.GET.get("pagina"))
        context.update({"issues": page_obj, "page_obj": page_obj})
        return context


class NewsletterPage(BasePage):
    """One monthly update. Composed from e-mail-safe blocks, previewed as the exact e-mail, sent
    once to the audience (Mailchimp campaign or the site's own delivery) and afterwards kept as a
    web page in the public archive."""

    subject = models.CharField(
        _("onderwerpregel"),
        max_length=SUBJECT_MAX_LENGTH,
        help_text=_(
            "Wat ontvangers in hun inbox zien. Kort en concreet, bijvoorbeeld: 'Twentse Koers in "
            "oktober: een jaar na de RUB'. Hoogstens 150 tekens."
        ),
    )
    preview_text = models.CharField(
        _("voorbeeldtekst"),
        max_length=PREVIEW_TEXT_MAX_LENGTH,
        blank=True,
        help_text=_(
            "De regel die veel mailprogramma's na het onderwerp tonen. Vul aan, herhaal het "
            "onderwerp niet. Hoogstens 150 tekens."
        ),
    )
    introduction = models.TextField(
        _("inleiding"),
        max_length=1000,
        help_text=_(
            "De eerste alinea van de nieuwsbrief: wat staat erin? Twee tot vier korte zinnen "
            "(taalniveau B1). Staat ook in het archief."
        ),
    )
    issue_month = models.DateField(
        _("maand"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("De maand van deze nieuwsbrief (de eerste dag van de maand)."),
    )
    body = StreamField(
        NewsletterStreamBlock(),
        blank=True,
        verbose_name=_("inhoud"),
        help_text=_(
            "Berichten, tekst, een knop, een uitgelicht project, de agenda en cijfers. Blokken met "
            "'alleen website' of 'alleen e-mail' staan maar op één plek."
        ),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("subject"), FieldPanel("preview_text"), FieldPanel("issue_month")],
            heading=_("E-mail"),
        ),
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("subject"),
        index.SearchField("introduction"),
        index.SearchField("body"),
        index.FilterField("issue_month"),
    ]
    parent_page_types = ["newsletter.NewsletterIndexPage"]
    subpage_types = []

    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Inhoud")),
            ObjectList(BasePage.promote_panels, heading=_("Promoten")),
            ObjectList(Page.settings_panels, heading=_("Instellingen")),
            ObjectList([CampaignPanel(heading=_("Verzending"))], heading=_("Verzending")),
        ]
    )

    preview_modes = [
        ("", _("Webpagina")),
        ("email", _("Voorbeeld als e-mail")),
        ("text", _("Voorbeeld als platte tekst")),
    ]

    class Meta:
        verbose_name = _("nieuwsbrief")
        verbose_name_plural = _("nieuwsbrieven")

    def get_meta_description(self):
        return self.search_description or self.preview_text or self.introduction[:300]

    @property
    def sent_campaign(self):
        """The send record when this issue went out (or is going out), else None."""
        campaign = getattr(self, "campaign", None) if self.pk else None
        return campaign if campaign is not None and campaign.state in ("sending", "sent") else None

    def serve_preview(self, request, mode_name):
        if mode_name in ("email", "text"):
            from ..email import render_for_preview

            rendered = render_for_preview(self)
            if mode_name == "text":
                return HttpResponse(rendered.text, content_type="text/plain; charset=utf-8")
            response = HttpResponse(rendered.html)
            response.headers["Content-Security-Policy"] = EMAIL_PREVIEW_CSP
            return response
        return super().serve_preview(request, mode_name)
