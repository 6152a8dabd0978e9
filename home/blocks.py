"""The shared design-system blocks every content area builds its pages from."""

from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from home.figures import COUNT_CHOICES, PROJECTS

RICH_TEXT_FEATURES = ["bold", "italic", "h3", "h4", "ol", "ul", "link", "document-link"]

TEXT = _("Tekst")
MEDIA = _("Media")
CALLS = _("Oproepen")
FIGURES = _("Cijfers")


class LinkStructValue(blocks.StructValue):
    def url(self):
        page = self.get("page")
        return page.url if page else self.get("url")

    def text(self):
        page = self.get("page")
        return self.get("label") or (page.title if page else self.get("url"))


class LinkBlock(blocks.StructBlock):
    """One link to a page on this site or to an outside address, never both."""

    page = blocks.PageChooserBlock(
        required=False, label=_("pagina"), help_text=_("Kies een pagina op deze site, of ...")
    )
    url = blocks.URLBlock(
        required=False, label=_("webadres"), help_text=_("... vul een webadres elders in.")
    )
    label = blocks.CharBlock(
        required=False,
        max_length=80,
        label=_("linktekst"),
        help_text=_("Zeg waar de link heen gaat. Leeg: de titel van de pagina."),
    )

    class Meta:
        icon = "link"
        label = _("Link")
        group = CALLS
        template = "components/link.html"
        description = _("Een link naar een pagina of een webadres.")
        value_class = LinkStructValue
        preview_value = {"url": "https://www.twentsekoers.nl", "label": "Twentse Koers"}

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            message = _("Kies een pagina of vul een webadres in, niet allebei.")
            raise StructBlockValidationError(
                block_errors={"page": ValidationError(message), "url": ValidationError(message)}
            )
        return value


class HeadingBlock(blocks.StructBlock):
    """A section heading, so long pages can be scanned and navigated by screen readers."""

    text = blocks.CharBlock(max_length=120, label=_("kop"), help_text=_("Kort en duidelijk."))
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Kop 2")), ("h3", _("Kop 3"))],
        default="h2",
        label=_("niveau"),
        help_text=_("Kop 2 voor een hoofdstuk, kop 3 voor een onderdeel daarvan."),
    )

    class Meta:
        icon = "title"
        label = _("Kop")
        group = TEXT
        template = "components/heading.html"
        description = _("Een tussenkop die de pagina in stukken verdeelt.")
        preview_value = {"text": "Wat merk je ervan?", "level": "h2"}


class CaptionedImageBlock(blocks.StructBlock):
    """An image with required alt text (or marked decorative) and an optional caption."""

    image = ImageBlock(label=_("afbeelding"))
    caption = blocks.CharBlock(
        required=False,
        max_length=255,
        label=_("bijschrift"),
        help_text=_("Korte uitleg onder de afbeelding."),
    )

    class Meta:
        icon = "image"
        label = _("Afbeelding")
        group = MEDIA
        template = "components/image.html"
        description = _("Een afbeelding met alt-tekst en bijschrift.")
        preview_value = {"caption": "Een bijschrift"}


class QuoteBlock(blocks.StructBlock):
    """A quote from a resident or professional, to give the work a human voice."""

    text = blocks.TextBlock(max_length=500, label=_("citaat"), help_text=_("De woorden zelf."))
    author = blocks.CharBlock(
        required=False, max_length=120, label=_("wie zegt het"), help_text=_("Naam en rol.")
    )

    class Meta:
        icon = "openquote"
        label = _("Citaat")
        group = TEXT
        template = "components/quote.html"
        description = _("Een uitspraak van een inwoner of professional.")
        preview_value = {"text": "Eindelijk weer rust in mijn hoofd.", "author": "Marieke, Almelo"}


class CallToActionBlock(blocks.StructBlock):
    """A prominent invitation to take one next step."""

    title = blocks.CharBlock(max_length=120, label=_("kop"), help_text=_("Wat kan de lezer doen?"))
    text = blocks.TextBlock(
        required=False, max_length=300, label=_("tekst"), help_text=_("Eén of twee zinnen.")
    )
    link = LinkBlock(label=_("knop"))

    class Meta:
        icon = "pick"
        label = _("Oproep")
        group = CALLS
        template = "components/call_to_action.html"
        description = _("Een opvallend blok met één knop.")
        preview_value = {
            "title": "Doe mee",
            "text": "Meld je aan voor de nieuwsbrief.",
            "link": {"url": "https://www.twentsekoers.nl", "label": "Aanmelden"},
        }


class KeyFigureBlock(blocks.StructBlock):
    """One figure with what it counts, e.g. '1.200' and 'inwoners uit de schulden'."""

    figure = blocks.CharBlock(max_length=20, label=_("cijfer"), help_text=_("Bijvoorbeeld 1.200."))
    label = blocks.CharBlock(
        max_length=80, label=_("omschrijving"), help_text=_("Wat het cijfer telt.")
    )
    link = blocks.PageChooserBlock(
        required=False,
        label=_("meer informatie"),
        help_text=_("Optioneel: de pagina met de bron, bijvoorbeeld Resultaten."),
    )

    class Meta:
        icon = "table"
        label = _("Kerncijfer")
        group = TEXT
        template = "components/key_figure.html"
        description = _("Eén cijfer met uitleg.")
        preview_value = {"figure": "1.200", "label": "inwoners uit de schulden"}


class KeyFiguresBlock(blocks.StructBlock):
    """A row of key figures, to show results at a glance."""

    title = blocks.CharBlock(
        required=False,
        max_length=120,
        label=_("kop"),
        help_text=_("Optionele kop boven de cijfers."),
    )
    figures = blocks.ListBlock(KeyFigureBlock(), min_num=1, max_num=6, label=_("cijfers"))

    class Meta:
        icon = "table"
        label = _("Kerncijfers")
        group = TEXT
        template = "components/key_figures.html"
        description = _("Twee tot zes cijfers naast elkaar.")
        preview_value = {
            "title": "In cijfers",
            "figures": [
                {"figure": "14", "label": "gemeenten"},
                {"figure": "1.200", "label": "inwoners uit de schulden"},
            ],
        }


class FigureBlockMixin:
    """Renders a home page key figure from the figure catalogue (home/figures.py). The home page
    resolves all its figures at once and passes each one in as ``figure``; elsewhere (the block
    preview in the admin) the block looks its figure up itself."""

    def figure(self, value, data):
        raise NotImplementedError

    def get_context(self, value, parent_context=None):
        from home import figures

        context = super().get_context(value, parent_context=parent_context)
        if "figure" not in context:
            context["figure"] = self.figure(value, figures.catalogue())
        return context


def result_choices():
    from home.figures import result_choices

    return result_choices()


class ResultChoiceBlock(blocks.ChoiceBlock):
    """A project result by id, chosen from the list of results when the form is shown and
    checked against it when saved. Reading keeps the stored id as it is: Wagtail's ChoiceBlock
    would look it up in the list, a query per figure."""

    def to_python(self, value):
        return None if value in (None, "") else str(value)

    def normalize(self, value):
        return self.to_python(value)


class ResultFigureBlock(FigureBlockMixin, blocks.StructBlock):
    """A key figure taken from a project's result figures: the number is entered once, on the
    project page, and the home page always shows its current value."""

    result = ResultChoiceBlock(
        choices=result_choices,
        search_index=False,
        label=_("resultaat"),
        help_text=_(
            "Kies een resultaat van een project. Het cijfer komt van de projectpagina: pas je het "
            "daar aan, dan verandert het hier mee."
        ),
    )
    label = blocks.CharBlock(
        required=False,
        max_length=80,
        label=_("omschrijving"),
        help_text=_("Wat het cijfer telt, kort. Leeg: de omschrijving bij het project."),
    )

    class Meta:
        icon = "table"
        label = _("Cijfer uit een project")
        group = FIGURES
        template = "components/result_figure.html"
        description = _("Een resultaat van een project, met een link naar dat project.")
        preview_value = {"label": "inwoners uit de schulden"}

    def figure(self, value, data):
        return data.result_figure(value)


class CountFigureBlock(FigureBlockMixin, blocks.StructBlock):
    """A key figure the site counts itself when the page is shown (projects, theme lines,
    municipalities, partner organisations), so it never goes out of date."""

    count = blocks.ChoiceBlock(
        choices=COUNT_CHOICES,
        label=_("wat tellen we"),
        help_text=_(
            "De site telt dit zelf: de gepubliceerde projecten of themalijnen, of de gemeenten "
            "en partnerorganisaties onder Fragmenten > Organisaties."
        ),
    )
    label = blocks.CharBlock(
        required=False,
        max_length=80,
        label=_("omschrijving"),
        help_text=_("Wat het cijfer telt, kort. Leeg: bijvoorbeeld 'projecten' of 'gemeenten'."),
    )

    class Meta:
        icon = "list-ol"
        label = _("Geteld cijfer")
        group = FIGURES
        template = "components/count_figure.html"
        description = _("Een aantal dat de site zelf telt, zoals het aantal projecten.")
        preview_value = {"count": PROJECTS, "label": "projecten"}

    def figure(self, value, data):
        return data.count_figure(value)


class HomeKeyFiguresBlock(blocks.StreamBlock):
    """The home page's key figures: each one read from a project result or counted by the site,
    never typed in, so the same number cannot differ between pages."""

    result_figure = ResultFigureBlock()
    count_figure = CountFigureBlock()


class AccordionItemBlock(blocks.StructBlock):
    """One question with its answer."""

    question = blocks.CharBlock(max_length=200, label=_("vraag"), help_text=_("De vraag."))
    answer = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, label=_("antwoord"), help_text=_("Het antwoord.")
    )

    class Meta:
        icon = "help"
        label = _("Vraag en antwoord")
        group = TEXT
        template = "components/accordion_item.html"
        description = _("Eén vraag met antwoord.")
        preview_value = {"question": "Wat kost het?", "answer": "<p>Niets.</p>"}


class AccordionBlock(blocks.StructBlock):
    """Frequently asked questions that open and close without JavaScript (details/summary)."""

    title = blocks.CharBlock(
        required=False,
        max_length=120,
        label=_("kop"),
        help_text=_("Bijvoorbeeld: Veelgestelde vragen."),
    )
    items = blocks.ListBlock(AccordionItemBlock(), min_num=1, label=_("vragen"))

    class Meta:
        icon = "list-ul"
        label = _("Veelgestelde vragen")
        group = TEXT
        template = "components/accordion.html"
        description = _("Vragen die openklappen als je erop klikt.")
        preview_value = {
            "title": "Veelgestelde vragen",
            "items": [{"question": "Wat kost het?", "answer": "<p>Niets.</p>"}],
        }


class VideoLinkBlock(blocks.StructBlock):
    """A video shown as a link with a written summary: no third-party player is loaded, so no
    visitor data leaves the site before the visitor chooses to watch."""

    title = blocks.CharBlock(
        max_length=120, label=_("titel"), help_text=_("Waar gaat de video over?")
    )
    url = blocks.URLBlock(
        label=_("link naar de video"), help_text=_("Bijvoorbeeld op YouTube of Vimeo.")
    )
    duration = blocks.CharBlock(
        required=False, max_length=20, label=_("duur"), help_text=_("Bijvoorbeeld 3 minuten.")
    )
    transcript = blocks.TextBlock(
        required=False,
        label=_("uitgeschreven tekst"),
        help_text=_("Wat er in de video gezegd wordt, voor wie niet kan kijken of luisteren."),
    )

    class Meta:
        icon = "media"
        label = _("Video")
        group = MEDIA
        template = "components/video_link.html"
        description = _("Een link naar een video, met uitgeschreven tekst.")
        preview_value = {
            "title": "Zo werkt het",
            "url": "https://www.youtube.com/",
            "duration": "3 minuten",
        }


class DocumentBlock(blocks.StructBlock):
    """A download with its file type and size, so people know what they get on a slow phone."""

    document = DocumentChooserBlock(label=_("document"), help_text=_("Kies of upload een bestand."))
    title = blocks.CharBlock(
        required=False,
        max_length=120,
        label=_("titel"),
        help_text=_("Leeg: de titel van het document."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Download")
        group = MEDIA
        template = "components/document.html"
        description = _("Een bestand om te downloaden, met type en grootte.")
        preview_value = {"title": "Handreiking (PDF)"}

    def get_api_representation(self, value, context=None):
        """What another region needs to reuse the download: its title, absolute address, file
        type, size and version date (the date the document was uploaded), not just its id."""
        from wagtail.api.v2.utils import get_full_url

        document = value.get("document")
        if document is None:
            return None
        request = (context or {}).get("request")
        size = document.file_size
        if size is None:
            try:
                size = document.file.size
            except OSError:
                size = None
        return {
            "document": document.pk,
            "title": value.get("title") or document.title,
            "url": get_full_url(request, document.url) if request else document.url,
            "file_type": document.file_extension.upper(),
            "content_type": document.content_type,
            "file_size": size,
            "date": timezone.localdate(document.created_at).isoformat(),
        }


class ContactPersonBlock(blocks.StructBlock):
    """Who to contact about this subject."""

    person = SnippetChooserBlock(
        "home.Person", label=_("persoon"), help_text=_("Kies een persoon.")
    )
    text = blocks.CharBlock(
        required=False,
        max_length=200,
        label=_("waarvoor"),
        help_text=_("Bijvoorbeeld: Vragen over dit project?"),
    )

    class Meta:
        icon = "user"
        label = _("Contactpersoon")
        group = CALLS
        template = "components/contact_person.html"
        description = _("Een contactpersoon met e-mail en telefoon.")
        preview_value = {"text": "Vragen over dit project?"}

    def bulk_to_python(self, values):
        """Load the organisations of all contact people on a page in one query, not one each."""
        values = super().bulk_to_python(values)
        prefetch_related_objects([value["person"] for value in values if value["person"]], "organisation")
        return values


class SocialLinkBlock(blocks.StructBlock):
    """A link to one of the programme's social media accounts."""

    name = blocks.CharBlock(max_length=40, label=_("naam"), help_text=_("Bijvoorbeeld LinkedIn."))
    url = blocks.URLBlock(label=_("webadres"), help_text=_("Adres van het account."))

    class Meta:
        icon = "link-external"
        label = _("Sociale media")
        group = CALLS
        template = "components/social_link.html"
        description = _("Een link naar een account op sociale media.")
        preview_value = {"name": "LinkedIn", "url": "https://www.linkedin.com/"}


class BaseStreamBlock(blocks.StreamBlock):
    """The blocks every content page may use."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        label=_("Tekst"),
        group=TEXT,
        template="components/paragraph.html",
        description=_("Lopende tekst met opmaak en links."),
        help_text=_(
            "Schrijf op B1-niveau: korte zinnen, gewone woorden. Gebruik kopjes in plaats van "
            "vette tekst en laat een link zeggen waar hij heen gaat."
        ),
        preview_value="<p>Korte zinnen, gewone woorden.</p>",
    )
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    key_figures = KeyFiguresBlock()
    accordion = AccordionBlock()
    video = VideoLinkBlock()
    document = DocumentBlock()
    contact = ContactPersonBlock()
