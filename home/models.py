"""Shared foundations: the image model, the abstract BasePage with its mixins, the people and
organisations every content area refers to, site-wide settings, and the home, content and
about pages."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Orderable, Page, Site
from wagtail.search import index

from core import fragments

from . import figures
from .blocks import BaseStreamBlock, HomeKeyFiguresBlock, SocialLinkBlock
from .queries import public_q


class SiteImage(AbstractImage):
    """An image with required alt text unless an editor marks it as purely decorative."""

    is_decorative = models.BooleanField(
        _("decoratief"),
        default=False,
        help_text=_(
            "Vink aan als de afbeelding alleen sfeer geeft en niets vertelt. Dan is geen "
            "alt-tekst nodig."
        ),
    )
    credit = models.CharField(
        _("fotograaf of bron"),
        max_length=255,
        blank=True,
        help_text=_("Wie de foto maakte of waar hij vandaan komt."),
    )

    admin_form_fields = (*Image.admin_form_fields, "is_decorative", "credit")

    class Meta(AbstractImage.Meta):
        verbose_name = _("afbeelding")
        verbose_name_plural = _("afbeeldingen")

    def clean(self):
        super().clean()
        if not self.is_decorative and not (self.description or "").strip():
            raise ValidationError(
                {
                    "description": _(
                        "Beschrijf wat er op de afbeelding staat (alt-tekst), of vink "
                        "'decoratief' aan."
                    )
                }
            )

    @property
    def default_alt_text(self):
        return "" if self.is_decorative else (self.description or self.title)


class SiteRendition(AbstractRendition):
    """A resized copy of a SiteImage (Wagtail's rendition model for the custom image model),
    stored once per size and format so pages never resize an image twice."""

    image = models.ForeignKey(SiteImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class SocialMixin(models.Model):
    """Open Graph image for link previews when a page is shared."""

    social_image = models.ForeignKey(
        SiteImage,
        verbose_name=_("deelafbeelding"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Afbeelding die sociale media tonen als iemand deze pagina deelt. Leeg: de "
            "hoofdafbeelding."
        ),
    )

    panels = [FieldPanel("social_image")]

    class Meta:
        abstract = True


class HeroMixin(models.Model):
    """A large image at the top of a page."""

    hero_image = models.ForeignKey(
        SiteImage,
        verbose_name=_("hoofdafbeelding"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Grote afbeelding bovenaan de pagina. Zorg voor een goede alt-tekst."),
    )

    panels = [FieldPanel("hero_image")]
    route_select_related = ("hero_image",)

    class Meta:
        abstract = True


class BasePage(SocialMixin, Page):
    """Every content page has a plain-language summary ("In het kort") shown at the top and used in
    listings, search results and the description meta."""

    introduction = models.TextField(
        _("in het kort"),
        max_length=300,
        help_text=_(
            "Vat de pagina samen in twee of drie korte zinnen (taalniveau B1). Staat bovenaan, "
            "in overzichten, in zoekresultaten en in Google."
        ),
    )

    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    promote_panels = [*Page.promote_panels, *SocialMixin.panels]

    # Open Graph: pages that are articles say so and give their publication moment.
    og_type = "website"
    og_published_time = None
    # What ``route()`` loads together with the page a request is for (foreign keys its template
    # shows).
    route_select_related = ()

    class Meta:
        abstract = True

    # core.purging: a page type whose every publish shows across the site (filters, cards,
    # breadcrumbs) purges the whole site instead of a list of pages.
    purge_site_on_publish = False

    def get_meta_description(self):
        return self.search_description or self.introduction

    def get_cached_paths(self):
        """Wagtail's frontend-cache hook: the page's own address and, for a routable page, every
        sub-URL without parameters (feeds, downloads), purged together when the page changes."""
        paths = ["/"]
        if isinstance(self, RoutablePageMixin):
            for pattern in self.get_subpage_urls():
                route = str(pattern.pattern)
                if route and "<" not in route:
                    paths.append("/" + route)
        return paths

    def get_dependent_pages(self):
        """Pages that show this one besides its ancestors and the pages that link to it
        (core.purging purges them too when it changes). Page types override this."""
        return []

    def get_social_image(self):
        return self.social_image or getattr(self, "hero_image", None)

    @property
    def type_label(self):
        return self._meta.verbose_name

    def route(self, request, path_components):
        """Find the page for the rest of the path in two queries at any depth, instead of two per
        level as Wagtail's ``route()`` does: every page stores its full address (``url_path``),
        so the pages on the path come in one query and the page the request is for, of its own
        type and with what its template shows (``route_select_related``), in a second. Both are
        kept as fragments until the content changes. That page's own ``route()`` takes what is
        left, so a routable page on the way still claims its sub-URLs first, as in Wagtail.
        Anything unusual (a page whose model is gone) is left to Wagtail's own walk."""
        if not path_components or len(path_components) > MAX_ROUTE_DEPTH:
            return super().route(request, path_components)
        prefixes = [
            self.url_path + "".join(f"{part}/" for part in path_components[: n + 1])
            for n in range(len(path_components))
        ]
        chain = fragments.cached(
            f"route:{self.pk}:{'/'.join(path_components)}",
            lambda: self.route_chain(prefixes),
            if_true=True,
        )
        if not chain:
            raise Http404
        models = [ContentType.objects.get_for_id(row[1]).model_class() for row in chain]
        if None in models:
            return super().route(request, path_components)
        target = next(
            (
                level
                for level, (model, (_pk, _ct, live)) in enumerate(
                    zip(models[:-1], chain[:-1], strict=True)
                )
                if claims(model, live, path_components[level + 1 :])
            ),
            len(chain) - 1,
        )
        page = fragments.cached(
            f"routed-page:{chain[target][0]}",
            lambda: routed_page(models[target], chain[target][0]),
            if_true=True,
        )
        if page is None:
            return super().route(request, path_components)
        return page.route(request, path_components[target + 1 :])

    def route_chain(self, prefixes):
        """``(pk, content_type_id, live)`` of the pages at ``prefixes`` (url_paths below this
        page), as far as they exist without a gap."""
        rows = {
            url_path: (pk, content_type_id, live)
            for url_path, pk, content_type_id, live in Page.objects.filter(
                url_path__in=prefixes, path__startswith=self.path, depth__gt=self.depth
            ).values_list("url_path", "pk", "content_type_id", "live")
        }
        chain = []
        for prefix in prefixes:
            if prefix not in rows:
                break
            chain.append(rows[prefix])
        return chain


MAX_ROUTE_DEPTH = 10


def routed_page(model, pk):
    """The page a request is for, of its own type and with what its template shows
    (``route_select_related``), or None when it is gone."""
    queryset = model.objects.all()
    related = getattr(model, "route_select_related", ())
    if related:
        queryset = queryset.select_related(*related)
    try:
        # get() leaves out the tree ordering a page manager adds, which costs more than the query.
        return queryset.get(pk=pk)
    except model.DoesNotExist:
        return None


def claims(model, live, remaining):
    """Whether a page of ``model`` would serve ``remaining`` as one of its own sub-URLs (a routable
    page claims its routes before its children, and only when live)."""
    if not (live and issubclass(model, RoutablePageMixin)):
        return False
    try:
        model.get_resolver().resolve("/" + "".join(f"{part}/" for part in remaining))
    except Http404:
        return False
    return True


class Organisation(index.Indexed, models.Model):
    """An owner or partner of the programme: municipalities, health insurer, GGD, province and the
    partner organisations projects name as lead or participant."""

    class Kind(models.TextChoices):
        GEMEENTE = "gemeente", _("Gemeente")
        ZORGVERZEKERAAR = "zorgverzekeraar", _("Zorgverzekeraar")
        GGD = "ggd", _("GGD")
        PROVINCIE = "provincie", _("Provincie")
        PARTNER = "partner", _("Partner")

    class Role(models.TextChoices):
        EIGENAAR = "eigenaar", _("Eigenaar")
        PARTNER = "partner", _("Partner")

    name = models.CharField(_("naam"), max_length=255, unique=True, help_text=_("Officiële naam."))
    kind = models.CharField(
        _("soort"), max_length=20, choices=Kind.choices, help_text=_("Wat voor organisatie het is.")
    )
    role = models.CharField(
        _("rol"),
        max_length=20,
        choices=Role.choices,
        default=Role.PARTNER,
        help_text=_("Eigenaren sturen het programma; partners doen mee in projecten."),
    )
    website = models.URLField(_("website"), blank=True, help_text=_("Adres van de website."))
    description = models.TextField(
        _("omschrijving"), blank=True, max_length=500, help_text=_("Eén of twee zinnen.")
    )
    logo = models.ForeignKey(
        SiteImage,
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Logo voor de voettekst en de pagina Over Twentse Koers."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("role"),
        FieldPanel("website"),
        FieldPanel("description"),
        FieldPanel("logo"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self):
        return self.name


class Person(index.Indexed, models.Model):
    """A contact person shown on projects, themes, guides and news, and in the programme team."""

    class Team(models.TextChoices):
        PROGRAMMATEAM = "programmateam", _("Programmateam")
        AO = "ao", _("Ambtelijk Overleg (AO)")
        BO = "bo", _("Bestuurlijk Overleg (BO)")

    name = models.CharField(_("naam"), max_length=255, help_text=_("Voor- en achternaam."))
    role = models.CharField(
        _("functie"), max_length=255, blank=True, help_text=_("Bijvoorbeeld: projectleider.")
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
        help_text=_("Waar deze persoon werkt."),
    )
    email = models.EmailField(_("e-mailadres"), blank=True, help_text=_("Zakelijk e-mailadres."))
    phone = models.CharField(
        _("telefoon"), max_length=30, blank=True, help_text=_("Zakelijk telefoonnummer.")
    )
    photo = models.ForeignKey(
        SiteImage,
        verbose_name=_("foto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Portretfoto, vierkant werkt het best."),
    )
    team = models.CharField(
        _("team"),
        max_length=20,
        choices=Team.choices,
        blank=True,
        help_text=_("Vul in als deze persoon in het programmateam, het AO of het BO zit."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("organisation"),
        FieldPanel("email"),
        FieldPanel("phone"),
        FieldPanel("photo"),
        FieldPanel("team"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")

    def __str__(self):
        return f"{self.name} ({self.organisation})" if self.organisation_id else self.name


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Contact details, social links and sender details used in the footer and e-mails."""

    organisation_name = models.CharField(
        _("naam organisatie"),
        max_length=255,
        default="Twentse Koers",
        help_text=_("Staat in de voettekst en als afzender."),
    )
    address = models.TextField(
        _("adres"), blank=True, max_length=500, help_text=_("Postadres, één regel per regel.")
    )
    email = models.EmailField(_("e-mailadres"), blank=True, help_text=_("Algemeen e-mailadres."))
    phone = models.CharField(
        _("telefoon"), max_length=30, blank=True, help_text=_("Algemeen telefoonnummer.")
    )
    social_links = StreamField(
        [("link", SocialLinkBlock())],
        blank=True,
        verbose_name=_("sociale media"),
        help_text=_("Links naar de accounts van het programma."),
    )
    newsletter_from_name = models.CharField(
        _("afzendernaam nieuwsbrief"),
        max_length=100,
        default="Twentse Koers",
        help_text=_("Naam die ontvangers als afzender zien."),
    )
    newsletter_reply_to = models.EmailField(
        _("antwoordadres nieuwsbrief"),
        blank=True,
        help_text=_("Hier komen antwoorden op de nieuwsbrief binnen."),
    )
    newsletter_consent_text = models.TextField(
        _("toestemmingstekst aanmelding"),
        max_length=500,
        default=(
            "Ik wil de maandelijkse nieuwsbrief van Twentse Koers ontvangen. Afmelden kan altijd "
            "met de link onder elke nieuwsbrief."
        ),
        help_text=_(
            "Deze tekst staat bij het aanmeldformulier en wordt per aanmelding bewaard als bewijs "
            "van toestemming."
        ),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation_name"),
                FieldPanel("address"),
                FieldPanel("email"),
                FieldPanel("phone"),
            ],
            heading=_("Contact"),
        ),
        FieldPanel("social_links"),
        MultiFieldPanel(
            [
                FieldPanel("newsletter_from_name"),
                FieldPanel("newsletter_reply_to"),
                FieldPanel("newsletter_consent_text"),
            ],
            heading=_("Nieuwsbrief"),
        ),
    ]

    class Meta:
        verbose_name = _("site-instellingen")

    @classmethod
    def for_request(cls, request):
        """The settings of the request's site from the fragment cache, so the footer and the
        sign-up form cost no query. Editing goes through ``for_site``."""
        site = Site.find_for_request(request)
        if site is None:
            return super().for_request(request)
        return fragments.cached(f"sitesettings:{site.pk}", lambda: cls.for_site(site))


class HomePage(HeroMixin, BasePage):
    """The front door: what the programme is, its figures, its theme lines and the latest news."""

    hero_title = models.CharField(
        _("kop"), max_length=120, help_text=_("De grote kop bovenaan. Kort en duidelijk.")
    )
    key_figures = StreamField(
        HomeKeyFiguresBlock(),
        blank=True,
        max_num=6,
        verbose_name=_("kerncijfers"),
        help_text=_(
            "Het programma in cijfers. Kies een resultaat van een project of een aantal dat de "
            "site zelf telt, zodat een cijfer maar op één plek staat."
        ),
    )
    newsletter_title = models.CharField(
        _("kop nieuwsbriefblok"),
        max_length=120,
        default="Blijf op de hoogte",
        help_text=_("Kop boven de oproep om je aan te melden voor de nieuwsbrief."),
    )
    newsletter_text = models.TextField(
        _("tekst nieuwsbriefblok"),
        max_length=300,
        blank=True,
        help_text=_("Eén of twee zinnen waarom de nieuwsbrief de moeite waard is."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("hero_title"),
        FieldPanel("introduction"),
        *HeroMixin.panels,
        FieldPanel("key_figures"),
        InlinePanel("featured_themes", label=_("uitgelichte themalijnen"), max_num=6),
        MultiFieldPanel(
            [FieldPanel("newsletter_title"), FieldPanel("newsletter_text")],
            heading=_("Nieuwsbrief"),
        ),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("hero_title")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.ContentPage",
        "home.AboutPage",
        "themes.ThemeIndexPage",
        "themes.PrinciplesPage",
        "themes.ProjectFinderPage",
        "themes.ResultsPage",
        "news.NewsIndexPage",
        "guides.GuideIndexPage",
        "newsletter.NewsletterIndexPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("homepagina")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["featured_themes"] = self.featured_theme_pages()
        context["key_figures"] = figures.resolve(self.key_figures)
        from news.models import latest_news

        context["latest_news"] = latest_news(limit=3)
        return context

    def featured_theme_pages(self):
        """The featured theme lines that are live and public, in the editor's order, in one query
        however many there are (a card shows the title and "In het kort")."""
        from themes.models import ThemePage

        items = self.featured_themes.all()
        pages = (
            ThemePage.objects.live()
            .filter(public_q())
            .only("title", "url_path", "path", "depth", "introduction")
        )
        if isinstance(items, models.QuerySet):
            order = Subquery(items.filter(theme=OuterRef("pk")).values("sort_order")[:1])
            return list(
                pages.filter(pk__in=items.values("theme_id"))
                .annotate(featured_order=order)
                .order_by("featured_order")
            )
        # A preview keeps the chosen pages in memory, in order.
        order = [item.theme_id for item in items]
        found = {page.pk: page for page in pages.filter(pk__in=order)}
        return [found[pk] for pk in order if pk in found]


class HomePageFeaturedTheme(Orderable):
    """A theme line the home page features, in the editor's order. Only theme line pages can be
    chosen, so the "Themalijnen" cards never point at a news item or a contact page."""

    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_themes")
    theme = models.ForeignKey(
        "themes.ThemePage",
        verbose_name=_("themalijn"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Kies een themalijn om op de homepagina te tonen."),
    )

    panels = [FieldPanel("theme", heading=_("themalijn"))]


class ContentPage(HeroMixin, BasePage):
    """A general page (contact, privacy statement, accessibility statement, colofon) built from the
    shared blocks."""

    body = StreamField(
        BaseStreamBlock(),
        blank=True,
        verbose_name=_("inhoud"),
        help_text=_("Bouw de pagina op met blokken: tekst, kopjes, afbeeldingen en meer."),
    )

    content_panels = [*BasePage.content_panels, *HeroMixin.panels, FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]
    parent_page_types = ["home.HomePage", "home.AboutPage", "home.ContentPage"]
    subpage_types = ["home.ContentPage"]

    class Meta:
        verbose_name = _("inhoudspagina")
        verbose_name_plural = _("inhoudspagina's")


class AboutPage(BasePage):
    """Over Twentse Koers: who owns the programme, who takes part, how it is governed and who the
    programme team is."""

    body = StreamField(
        BaseStreamBlock(),
        blank=True,
        verbose_name=_("inhoud"),
        help_text=_("Uitleg over het programma."),
    )
    governance = StreamField(
        BaseStreamBlock(),
        blank=True,
        verbose_name=_("organisatie en overleg"),
        help_text=_("Hoe het programma bestuurd wordt: het AO, het BO en het programmateam."),
    )

    content_panels = [*BasePage.content_panels, FieldPanel("body"), FieldPanel("governance")]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("body"),
        index.SearchField("governance"),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.ContentPage"]
    max_count = 1

    class Meta:
        verbose_name = _("over het programma")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        organisations = list(Organisation.objects.select_related("logo"))
        context["owners"] = [org for org in organisations if org.role == Organisation.Role.EIGENAAR]
        context["partners"] = [
            org for org in organisations if org.role == Organisation.Role.PARTNER
        ]
        context["teams"] = self.teams()
        return context

    @staticmethod
    def teams():
        """The programme team, the AO and the BO with their members, in that order, in one query;
        a body without members is left out."""
        members = {}
        for person in Person.objects.exclude(team="").select_related("organisation", "photo"):
            members.setdefault(person.team, []).append(person)
        return [
            {"key": value, "label": label, "people": members[value]}
            for value, label in Person.Team.choices
            if value in members
        ]
