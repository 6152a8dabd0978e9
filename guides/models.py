"""Handreikingen: shared knowledge for other regions. Guides explain how to adopt an approach step
by step; cases tell how the approach worked out here. The overview lists both with filters and
feeds, and everything is free to reuse (CC BY 4.0 by default)."""

from django import forms
from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Orderable
from wagtail.search import index

from home import queries as home_queries
from home.blocks import DocumentBlock
from home.models import BasePage, HeroMixin, Organisation, Person
from news.api import NamesSerializer, PageLinkSerializer, PersonSerializer, RichTextSerializer
from news.queries import related_pages

from .blocks import DosAndDontsBlock, StepBlock
from .queries import attach_theme_lists, case_facts, knowledge_listing

PER_PAGE = 12
FEED_ITEMS = 20
TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]
DEFAULT_LICENCE = "CC BY 4.0"
DEFAULT_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.nl"


class GuideIndexPage(RoutablePageMixin, BasePage):
    """Handreikingen: all guides and cases, filterable by theme line, principle and kind with plain
    GET parameters (no JavaScript), with RSS and Atom feeds under feed/."""

    class Kind(models.TextChoices):
        HANDREIKING = "handreiking", _("Handreikingen")
        CASUS = "casus", _("Casussen")

    content_panels = BasePage.content_panels
    parent_page_types = ["home.HomePage"]
    subpage_types = ["guides.GuidePage", "guides.CasePage"]
    max_count = 1

    class Meta:
        verbose_name = _("overzicht handreikingen")

    def filter_options(self):
        """The live, public theme lines and the principles, from the cached catalogue."""
        from themes.queries import catalogue

        data = catalogue()
        return list(data.themes), list(data.principles)

    def knowledge_items(self, params, themes, principles):
        """The guides and cases matching the `thema`, `uitgangspunt` and `soort` GET filters
        (unknown values are ignored), and the filters that were applied."""
        selected = {
            "thema": next((t for t in themes if t.slug == params.get("thema")), None),
            "uitgangspunt": next(
                (p for p in principles if p.slug == params.get("uitgangspunt")), None
            ),
            "soort": params.get("soort", "") if params.get("soort") in self.Kind.values else "",
        }
        items = knowledge_listing(
            self,
            theme=selected["thema"],
            principle=selected["uitgangspunt"],
            kind=selected["soort"],
        )
        return items, selected

    filter_labels = {"soort": _("Soort"), "thema": _("Themalijn"), "uitgangspunt": _("Uitgangspunt")}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        themes, principles = self.filter_options()
        items, selected = self.knowledge_items(request.GET, themes, principles)
        page_obj = Paginator(items, PER_PAGE).get_page(request.GET.get("pagina"))
        attach_theme_lists(page_obj.object_list, themes)
        context.update(
            {
                "items": page_obj,
                "page_obj": page_obj,
                "themes": themes,
                "principles": principles,
                "kinds": self.Kind.choices,
                "selected_theme": selected["thema"],
                "selected_principle": selected["uitgangspunt"],
                "selected_kind": selected["soort"],
                "is_filtered": any(selected.values()),
                "unknown_filters": home_queries.unknown_filters(self.filter_labels, request.GET, selected),
                **self.feed_urls(self.get_full_url(request) or ""),
            }
        )
        return context

    @classmethod
    def feed_urls(cls, index_url):
        """Absolute addresses of both feeds, given the overview's absolute address."""
        resolver = cls.get_resolver()
        return {
            "rss_feed_url": index_url + resolver.reverse("feed"),
            "atom_feed_url": index_url + resolver.reverse("atom_feed"),
        }

    @path("feed/", name="feed")
    def rss_feed(self, request):
        from .feeds import GuidesRssFeed

        return GuidesRssFeed()(request, index=self)

    @path("feed/atom/", name="atom_feed")
    def atom_feed(self, request):
        from .feeds import GuidesAtomFeed

        return GuidesAtomFeed()(request, index=self)


class KnowledgePage(HeroMixin, BasePage):
    """What guides and cases share: the theme lines and principles they belong to, the projects
    they come from and a contact person."""

    contact = models.ForeignKey(
        Person,
        verbose_name=_("contactpersoon"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Wie kunnen andere regio's bellen of mailen met vragen?"),
    )

    route_select_related = ("hero_image", "contact__organisation")

    class Meta:
        abstract = True

    def feed_urls(self, request):
        own_url = self.get_full_url(request) or ""
        return GuideIndexPage.feed_urls(own_url[: own_url.rstrip("/").rfind("/") + 1])

    def related_context(self, **groups):
        """The published, public theme lines and other related pages (one query), and the
        contact person (loaded with the page when it was routed to)."""
        related = related_pages(theme_list=self.themes, **groups)
        return {**related, "contact": self.contact}


class CaseSubject(TaggedItemBase):
    """Links a case to its subjects (taggit keywords shared with news), so other regions can find
    cases on the subject they are working on."""

    content_object = ParentalKey(
        "guides.CasePage", on_delete=models.CASCADE, related_name="tagged_subjects"
    )


class CasePage(KnowledgePage):
    """A case ("casus"): how an approach worked out here, with a structured summary, the situation,
    the approach, results in figures, lessons and tips, for regions weighing the same step."""

    case_name = models.CharField(
        _("naam van de casus"),
        max_length=200,
        help_text=_(
            "Korte naam waaronder de casus bekend is, bijvoorbeeld: Samen sterker in Twente."
        ),
    )
    submitted_by = models.CharField(
        _("ingediend door"),
        max_length=200,
        help_text=_("Wie heeft de casus beschreven? Naam van de organisatie of het team."),
    )
    municipalities = ParentalManyToManyField(
        Organisation,
        verbose_name=_("betrokken gemeenten"),
        blank=True,
        related_name="cases_as_municipality",
        limit_choices_to={"kind": Organisation.Kind.GEMEENTE},
        help_text=_("Welke gemeenten deden mee?"),
    )
    organisations = ParentalManyToManyField(
        Organisation,
        verbose_name=_("betrokken organisaties"),
        blank=True,
        related_name="cases",
        help_text=_("Welke andere organisaties deden mee, zoals zorgverzekeraar, GGD en partners?"),
    )
    subjects = ClusterTaggableManager(
        through=CaseSubject,
        blank=True,
        verbose_name=_("onderwerpen"),
        help_text=_("Waar gaat de casus over? Een paar woorden, gescheiden door komma's."),
    )
    situation = RichTextField(
        _("de situatie"),
        features=TEXT_FEATURES,
        help_text=_("Hoe was het voordat jullie begonnen? Welk probleem speelde er?"),
    )
    approach = RichTextField(
        _("de aanpak"),
        features=TEXT_FEATURES,
        help_text=_("Wat hebben jullie gedaan, met wie en in welke volgorde?"),
    )
    lessons = RichTextField(
        _("lessen"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_("Wat hebben jullie geleerd? Het liefst als korte opsomming."),
    )
    tips = RichTextField(
        _("tips"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_("Wat raden jullie een andere regio aan? Het liefst als korte opsomming."),
    )
    themes = ParentalManyToManyField(
        "themes.ThemePage",
        verbose_name=_("themalijnen"),
        blank=True,
        related_name="cases",
        help_text=_("Bij welke themalijnen hoort deze casus?"),
    )
    principles = ParentalManyToManyField(
        "themes.Principle",
        verbose_name=_("uitgangspunten"),
        blank=True,
        related_name="cases",
        help_text=_("Welke uitgangspunten laat deze casus zien?"),
    )
    related_projects = ParentalManyToManyField(
        "themes.ProjectPage",
        verbose_name=_("projecten"),
        blank=True,
        related_name="cases",
        help_text=_("Uit welke projecten komt deze casus voort?"),
    )

    summary_panels = [
        FieldPanel("case_name"),
        FieldPanel("submitted_by"),
        FieldPanel("municipalities", widget=forms.CheckboxSelectMultiple),
        FieldPanel("organisations"),
        FieldPanel("subjects"),
    ]
    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(summary_panels, heading=_("Samenvatting")),
        *HeroMixin.panels,
        FieldPanel("situation"),
        FieldPanel("approach"),
        InlinePanel("results", label=_("resultaat in cijfers"), heading=_("Resultaten in cijfers")),
        FieldPanel("lessons"),
        FieldPanel("tips"),
        FieldPanel("contact"),
    ]
    links_panels = [
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("principles", widget=forms.CheckboxSelectMultiple),
        FieldPanel("related_projects"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Inhoud")),
            ObjectList(links_panels, heading=_("Verbanden")),
            ObjectList(BasePage.promote_panels, heading=_("Promoten")),
            ObjectList(BasePage.settings_panels, heading=_("Instellingen")),
        ]
    )
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("case_name"),
        index.SearchField("submitted_by"),
        index.SearchField("situation"),
        index.SearchField("approach"),
        index.SearchField("lessons"),
        index.SearchField("tips"),
        index.RelatedFields("subjects", [index.SearchField("name")]),
    ]
    api_fields = [
        APIField("introduction"),
        APIField("case_name"),
        APIField("submitted_by"),
        APIField("municipalities", serializer=NamesSerializer()),
        APIField("organisations", serializer=NamesSerializer()),
        APIField("subjects"),
        APIField("situation", serializer=RichTextSerializer()),
        APIField("approach", serializer=RichTextSerializer()),
        APIField("results"),
        APIField("lessons", serializer=RichTextSerializer()),
        APIField("tips", serializer=RichTextSerializer()),
        APIField("contact", serializer=PersonSerializer()),
        APIField("themes", serializer=PageLinkSerializer()),
        APIField("principles", serializer=NamesSerializer()),
        APIField("related_projects", serializer=PageLinkSerializer()),
        APIField("hero_image"),
        APIField(
            "hero_image_thumbnail",
            serializer=ImageRenditionField("fill-640x420", source="hero_image"),
        ),
    ]
    parent_page_types = ["guides.GuideIndexPage"]
    subpage_types = []

    kind_slug = GuideIndexPage.Kind.CASUS

    class Meta:
        verbose_name = _("casus")
        verbose_name_plural = _("casussen")

    def get_dependent_pages(self):
        """The guides that name this case among their related cases."""
        return list(self.guides.live()) if self.pk else []

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        groups = {"project_list": self.related_projects}
        if self.pk:
            groups["guide_list"] = self.guides
        context.update({"guide_list": [], **self.related_context(**groups)})
        context.update(case_facts(self))
        context["result_list"] = list(self.results.all())
        context.update(self.feed_urls(request))
        return context


class CaseResult(Orderable):
    """A result of a case in figures, with its source, so other regions can weigh the effect."""

    page = ParentalKey(CasePage, on_delete=models.CASCADE, related_name="results")
    label = models.CharField(
        _("wat is er bereikt"),
        max_length=200,
        help_text=_("Bijvoorbeeld: inwoners van hun zorgschuld af."),
    )
    value = models.CharField(
        _("cijfer"), max_length=40, help_text=_("Het cijfer zelf, bijvoorbeeld 1.200 of 85.")
    )
    unit = models.CharField(
        _("eenheid"),
        max_length=60,
        blank=True,
        help_text=_("Bijvoorbeeld: inwoners, procent, gemeenten."),
    )
    source = models.CharField(
        _("bron"), max_length=255, blank=True, help_text=_("Waar komt het cijfer vandaan?")
    )

    panels = [
        FieldPanel("label"),
        FieldRowPanel([FieldPanel("value"), FieldPanel("unit")]),
        FieldPanel("source"),
    ]
    api_fields = [APIField("label"), APIField("value"), APIField("unit"), APIField("source")]

    class Meta(Orderable.Meta):
        verbose_name = _("resultaat")
        verbose_name_plural = _("resultaten")

    def __str__(self):
        return f"{self.value} {self.unit} {self.label}".strip()


class GuidePage(KnowledgePage):
    """A guide ("handreiking") for a region that wants to adopt an approach: for whom, the problem
    it helps with, the steps, preconditions, costs, do's and don'ts, downloads, the licence and who
    reused it already."""

    audience = models.TextField(
        _("voor wie"),
        max_length=500,
        help_text=_("Voor wie is deze handreiking? Bijvoorbeeld: beleidsadviseurs van gemeenten."),
    )
    problem = RichTextField(
        _("het probleem"),
        features=TEXT_FEATURES,
        help_text=_(
            "Bij welk probleem helpt deze aanpak? Beschrijf het zoals de lezer het herkent."
        ),
    )
    steps = StreamField(
        [("step", StepBlock())],
        verbose_name=_("de aanpak in stappen"),
        help_text=_("De aanpak in de volgorde waarin je hem uitvoert. Eén blok per stap."),
    )
    preconditions = RichTextField(
        _("randvoorwaarden"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_(
            "Wat moet geregeld zijn voordat je begint? Denk aan afspraken, mensen en gegevens."
        ),
    )
    costs = RichTextField(
        _("kosten en financiering"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_("Wat kost het ongeveer, en wie betaalt wat? Noem ook subsidies of regelingen."),
    )
    dos_and_donts = StreamField(
        [("dos_and_donts", DosAndDontsBlock())],
        blank=True,
        max_num=1,
        verbose_name=_("doen en niet doen"),
        help_text=_("Wat werkt en wat kun je beter vermijden?"),
    )
    downloads = StreamField(
        [("document", DocumentBlock())],
        blank=True,
        verbose_name=_("downloads"),
        help_text=_(
            "Bestanden bij deze handreiking, zoals de handreiking als PDF. Upload bij een nieuwe "
            "versie een nieuw document: de datum van het document is de versiedatum."
        ),
    )
    licence = models.CharField(
        _("licentie"),
        max_length=60,
        default=DEFAULT_LICENCE,
        help_text=_("Onder welke licentie mogen anderen dit gebruiken? Standaard CC BY 4.0."),
    )
    licence_url = models.URLField(
        _("link naar de licentie"),
        blank=True,
        default=DEFAULT_LICENCE_URL,
        help_text=_("Webadres met de tekst van de licentie."),
    )
    themes = ParentalManyToManyField(
        "themes.ThemePage",
        verbose_name=_("themalijnen"),
        blank=True,
        related_name="guides",
        help_text=_("Bij welke themalijnen hoort deze handreiking?"),
    )
    principles = ParentalManyToManyField(
        "themes.Principle",
        verbose_name=_("uitgangspunten"),
        blank=True,
        related_name="guides",
        help_text=_("Welke uitgangspunten past deze aanpak toe?"),
    )
    related_cases = ParentalManyToManyField(
        CasePage,
        verbose_name=_("casussen"),
        blank=True,
        related_name="guides",
        help_text=_("Casussen die laten zien hoe deze aanpak uitpakte."),
    )
    related_projects = ParentalManyToManyField(
        "themes.ProjectPage",
        verbose_name=_("projecten"),
        blank=True,
        related_name="guides",
        help_text=_("Projecten waarin deze aanpak gebruikt wordt."),
    )

    content_panels = [
        *BasePage.content_panels,
        *HeroMixin.panels,
        FieldPanel("audience"),
        FieldPanel("problem"),
        FieldPanel("steps"),
        FieldPanel("preconditions"),
        FieldPanel("costs"),
        FieldPanel("dos_and_donts"),
        FieldPanel("downloads"),
        FieldPanel("contact"),
    ]
    reuse_panels = [
        FieldRowPanel([FieldPanel("licence"), FieldPanel("licence_url")], heading=_("Licentie")),
        InlinePanel("reuses", label=_("regio"), heading=_("Regio's die de aanpak overnamen")),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("principles", widget=forms.CheckboxSelectMultiple),
        FieldPanel("related_cases", widget=forms.CheckboxSelectMultiple),
        FieldPanel("related_projects"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Inhoud")),
            ObjectList(reuse_panels, heading=_("Hergebruik en verbanden")),
            ObjectList(BasePage.promote_panels, heading=_("Promoten")),
            ObjectList(BasePage.settings_panels, heading=_("Instellingen")),
        ]
    )
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("audience"),
        index.SearchField("problem"),
        index.SearchField("steps"),
        index.SearchField("preconditions"),
        index.SearchField("costs"),
        index.SearchField("dos_and_donts"),
    ]
    api_fields = [
        APIField("introduction"),
        APIField("audience"),
        APIField("problem", serializer=RichTextSerializer()),
        APIField("steps"),
        APIField("preconditions", serializer=RichTextSerializer()),
        APIField("costs", serializer=RichTextSerializer()),
        APIField("dos_and_donts"),
        APIField("downloads"),
        APIField("licence"),
        APIField("licence_url"),
        APIField("reuses"),
        APIField("contact", serializer=PersonSerializer()),
        APIField("themes", serializer=PageLinkSerializer()),
        APIField("principles", serializer=NamesSerializer()),
        APIField("related_cases", serializer=PageLinkSerializer()),
        APIField("related_projects", serializer=PageLinkSerializer()),
        APIField("hero_image"),
        APIField(
            "hero_image_thumbnail",
            serializer=ImageRenditionField("fill-640x420", source="hero_image"),
        ),
    ]
    parent_page_types = ["guides.GuideIndexPage"]
    subpage_types = []

    kind_slug = GuideIndexPage.Kind.HANDREIKING

    class Meta:
        verbose_name = _("handreiking")
        verbose_name_plural = _("handreikingen")

    def get_dependent_pages(self):
        """The cases it names, which list the guides that relate to them."""
        return list(self.related_cases.all())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            self.related_context(case_list=self.related_cases, project_list=self.related_projects)
        )
        context["principle_list"] = list(self.principles.all())
        context["reuse_list"] = list(self.reuses.all())
        context.update(self.feed_urls(request))
        return context


class GuideReuse(Orderable):
    """A region that took over the approach of a guide: proof for the next region that it travels."""

    page = ParentalKey(GuidePage, on_delete=models.CASCADE, related_name="reuses")
    region = models.CharField(
        _("regio of organisatie"),
        max_length=200,
        help_text=_("Wie heeft de aanpak overgenomen? Bijvoorbeeld: Regio Achterhoek."),
    )
    note = models.CharField(
        _("toelichting"),
        max_length=300,
        blank=True,
        help_text=_("Optioneel: wat namen zij over, en sinds wanneer?"),
    )
    url = models.URLField(
        _("webadres"), blank=True, help_text=_("Optioneel: een pagina waar je er meer over leest.")
    )

    panels = [FieldPanel("region"), FieldPanel("note"), FieldPanel("url")]
    api_fields = [APIField("region"), APIField("note"), APIField("url")]

    class Meta(Orderable.Meta):
        verbose_name = _("hergebruik")
        verbose_name_plural = _("hergebruik")

    def __str__(self):
        return self.region
