"""The programme's content model: principles, target groups, theme lines, their projects with
progress and result figures, and the pages that bring them together (principles overview, project
finder, results)."""

import csv

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from home.blocks import BaseStreamBlock
from home.models import BasePage, HeroMixin, Organisation, Person

from .queries import (
    catalogue,
    figure_labels,
    find_projects,
    group_by_municipality,
    group_by_theme,
    number,
    principle_projects,
    principles_with_counts,
    project_detail,
    result_rows,
    theme_detail,
    theme_for,
    themes_with_counts,
)

TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link"]
BODY_FEATURES = ["bold", "italic", "h3", "h4", "ol", "ul", "link", "document-link"]


class Principle(index.Indexed, models.Model):
    """An agreement the programme works by. General principles are about how the partners work
    together; content principles are subjects every project takes into account. Themes and projects
    name the principles they serve, and each principle has a page listing those projects."""

    class Kind(models.TextChoices):
        ALGEMEEN = "algemeen", _("Algemeen uitgangspunt")
        INHOUDELIJK = "inhoudelijk", _("Inhoudelijk uitgangspunt")

    name = models.CharField(
        _("naam"), max_length=120, unique=True, help_text=_("Korte naam van het uitgangspunt.")
    )
    slug = models.SlugField(
        _("webadres"),
        max_length=120,
        unique=True,
        help_text=_("Het laatste deel van het webadres, bijvoorbeeld 'samen-leren'."),
    )
    kind = models.CharField(
        _("soort"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.ALGEMEEN,
        help_text=_(
            "Algemeen: over hoe we samenwerken. Inhoudelijk: een onderwerp dat in elk project "
            "terugkomt."
        ),
    )
    summary = models.TextField(
        _("korte tekst"),
        max_length=300,
        help_text=_("Leg in één of twee zinnen uit wat het uitgangspunt betekent (taalniveau B1)."),
    )
    body = RichTextField(
        _("uitleg"),
        blank=True,
        features=BODY_FEATURES,
        help_text=_("Uitgebreidere uitleg op de pagina van het uitgangspunt."),
    )
    sort_order = models.PositiveSmallIntegerField(
        _("volgorde"),
        default=0,
        help_text=_("Lagere nummers staan eerder in de lijst."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("sort_order"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("kind"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("uitgangspunt")
        verbose_name_plural = _("uitgangspunten")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:120]
        super().save(*args, **kwargs)


class TargetGroup(index.Indexed, models.Model):
    """A group of residents a project is for, so residents can find the projects that concern
    them."""

    name = models.CharField(
        _("naam"), max_length=120, unique=True, help_text=_("Bijvoorbeeld: ouderen thuis.")
    )
    slug = models.SlugField(
        _("webadres"),
        max_length=120,
        unique=True,
        help_text=_("Wordt gebruikt in de zoeklinks van de projectenzoeker."),
    )
    description = models.TextField(
        _("omschrijving"),
        max_length=500,
        blank=True,
        help_text=_("Wie horen bij deze doelgroep? Eén of twee zinnen."),
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("doelgroep")
        verbose_name_plural = _("doelgroepen")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:120]
        super().save(*args, **kwargs)


class ThemeIndexPage(BasePage):
    """Themalijnen: the overview of the programme's theme lines."""

    body = StreamField(
        BaseStreamBlock(),
        blank=True,
        verbose_name=_("inhoud"),
        help_text=_("Extra uitleg onder het overzicht van de themalijnen."),
    )

    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["themes.ThemePage"]
    max_count = 1

    class Meta:
        verbose_name = _("overzicht themalijnen")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["themes"] = themes_with_counts(self)
        return context


class ThemePage(HeroMixin, BasePage):
    """One theme line: what it is about, what it wants to achieve and its projects with their
    status."""

    goals = RichTextField(
        _("wat we willen bereiken"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_("De doelen van deze themalijn, het liefst als korte opsomming."),
    )
    body = StreamField(
        BaseStreamBlock(),
        blank=True,
        verbose_name=_("inhoud"),
        help_text=_("Meer uitleg over de themalijn: tekst, kopjes, afbeeldingen en meer."),
    )
    contact = models.ForeignKey(
        Person,
        verbose_name=_("contactpersoon"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Wie kunnen inwoners en partners bellen of mailen over deze themalijn?"),
    )
    principles = ParentalManyToManyField(
        Principle,
        verbose_name=_("uitgangspunten"),
        blank=True,
        related_name="themes",
        help_text=_("Aan welke uitgangspunten werkt deze themalijn?"),
    )

    route_select_related = ("hero_image", "contact__organisation", "contact__photo")
    content_panels = [
        *BasePage.content_panels,
        *HeroMixin.panels,
        FieldPanel("goals"),
        FieldPanel("body"),
        FieldPanel("contact"),
        FieldPanel("principles", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("goals"),
        index.SearchField("body"),
    ]
    parent_page_types = ["themes.ThemeIndexPage"]
    subpage_types = ["themes.ProjectPage"]
    # Theme lines show across the site: filters of the finder, Actueel and Handreikingen, the
    # labels on cards, the breadcrumbs of their projects.
    purge_site_on_publish = True

    class Meta:
        verbose_name = _("themalijn")
        verbose_name_plural = _("themalijnen")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(theme_detail(self, preview=getattr(request, "is_preview", False)))
        context["contact_person"] = self.contact
        from news.models import latest_news

        context["latest_news"] = latest_news(limit=3, theme=self)
        return context


def place_errors(whole_twente, municipalities, *, required=True):
    """Where a project runs: all of Twente or the municipalities listed, never both, and (unless
    a draft is being saved) one of the two. Returns field errors for ValidationError."""
    if whole_twente and municipalities:
        return {
            "municipalities": _(
                "Een project voor heel Twente heeft geen losse gemeenten. Haal het vinkje bij "
                "'heel Twente' weg of vink de gemeenten uit."
            )
        }
    if required and not whole_twente and not municipalities:
        return {
            "whole_twente": _(
                "Vink 'heel Twente' aan of kies de gemeenten waar het project loopt."
            )
        }
    return {}


class ProjectPageForm(WagtailAdminPageForm):
    """The project edit form: the page's own check of where the project runs sees the
    municipalities the editor ticked (a page only takes them over when it is saved), and a
    draft may still leave both empty, as Wagtail allows for required fields."""

    def clean(self):
        cleaned_data = super().clean()
        if "municipalities" in cleaned_data:
            self.instance.municipalities = cleaned_data["municipalities"]
        self.instance.places_required = not self.is_deferred_validation
        return cleaned_data


class ProjectPage(HeroMixin, BasePage):
    """A project as residents and partners read it: in short, why, goals, approach, what a resident
    notices, progress per year, results as figures, and the facts (status, period, target groups,
    organisations, municipalities, principles, contact)."""

    class Status(models.TextChoices):
        VOORBEREIDING = "voorbereiding", _("In voorbereiding")
        LOPEND = "lopend", _("Lopend")
        AFGEROND = "afgerond", _("Afgerond")
        LANGE_TERMIJN = "lange_termijn", _("Lange termijn")

    why = RichTextField(
        _("waarom"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_("Waarom is dit project nodig? Welk probleem lost het op?"),
    )
    goals = RichTextField(
        _("wat we willen bereiken"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_("Wat is er beter als het project klaar is?"),
    )
    approach = RichTextField(
        _("onze aanpak"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_("Hoe pakken we het aan? Wie doet wat?"),
    )
    resident_notices = RichTextField(
        _("wat merk je ervan"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_("Wat merkt een inwoner van dit project? Schrijf in de je-vorm."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.LOPEND,
        help_text=_("Hoe ver is het project?"),
    )
    start_year = models.PositiveSmallIntegerField(
        _("startjaar"), null=True, blank=True, help_text=_("Het jaar waarin het project begon.")
    )
    end_year = models.PositiveSmallIntegerField(
        _("eindjaar"),
        null=True,
        blank=True,
        help_text=_("Het jaar waarin het project stopt. Leeg als dat nog niet bekend is."),
    )
    target_groups = ParentalManyToManyField(
        TargetGroup,
        verbose_name=_("doelgroepen"),
        blank=True,
        related_name="projects",
        help_text=_("Voor wie is dit project?"),
    )
    lead_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("trekker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_projects",
        help_text=_("De organisatie die het project trekt."),
    )
    organisations = ParentalManyToManyField(
        Organisation,
        verbose_name=_("deelnemende organisaties"),
        blank=True,
        related_name="projects",
        help_text=_("Organisaties die meedoen aan het project."),
    )
    municipalities = ParentalManyToManyField(
        Organisation,
        verbose_name=_("gemeenten"),
        blank=True,
        related_name="municipality_projects",
        limit_choices_to={"kind": Organisation.Kind.GEMEENTE},
        help_text=_("In welke gemeenten loopt het project? Laat leeg bij 'heel Twente'."),
    )
    whole_twente = models.BooleanField(
        _("heel Twente"),
        default=False,
        help_text=_("Vink aan als het project in alle 14 Twentse gemeenten loopt."),
    )
    principles = ParentalManyToManyField(
        Principle,
        verbose_name=_("uitgangspunten"),
        blank=True,
        related_name="projects",
        help_text=_("Welke uitgangspunten past dit project toe?"),
    )
    contact = models.ForeignKey(
        Person,
        verbose_name=_("contactpersoon"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Wie kunnen inwoners en partners bellen of mailen over dit project?"),
    )
    body = StreamField(
        BaseStreamBlock(),
        blank=True,
        verbose_name=_("meer over dit project"),
        help_text=_("Extra inhoud onder de vaste onderdelen: verhalen, foto's, documenten."),
    )

    route_select_related = ("hero_image", "lead_organisation", "contact__organisation", "contact__photo")
    content_panels = [
        *BasePage.content_panels,
        *HeroMixin.panels,
        FieldPanel("why"),
        FieldPanel("goals"),
        FieldPanel("approach"),
        FieldPanel("resident_notices"),
        InlinePanel("updates", label=_("voortgang per jaar"), heading=_("Voortgang per jaar")),
        InlinePanel("results", label=_("resultaat in cijfers"), heading=_("Resultaten in cijfers")),
        FieldPanel("body"),
    ]
    facts_panels = [
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldRowPanel([FieldPanel("start_year"), FieldPanel("end_year")]),
            ],
            heading=_("Status en looptijd"),
        ),
        FieldPanel("target_groups", widget=forms.CheckboxSelectMultiple),
        FieldPanel("lead_organisation"),
        FieldPanel("organisations"),
        MultiFieldPanel(
            [
                FieldPanel("whole_twente"),
                FieldPanel("municipalities", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Gemeenten"),
        ),
        FieldPanel("principles", widget=forms.CheckboxSelectMultiple),
        FieldPanel("contact"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Inhoud")),
            ObjectList(facts_panels, heading=_("Feiten")),
            ObjectList(BasePage.promote_panels, heading=_("Promoten")),
            ObjectList(BasePage.settings_panels, heading=_("Instellingen")),
        ]
    )
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("why"),
        index.SearchField("goals"),
        index.SearchField("approach"),
        index.SearchField("resident_notices"),
        index.SearchField("body"),
        index.FilterField("status"),
    ]
    parent_page_types = ["themes.ThemePage"]
    subpage_types = []
    base_form_class = ProjectPageForm

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projecten")

    def clean(self):
        super().clean()
        errors = place_errors(
            self.whole_twente,
            list(self.municipalities.all()),
            required=getattr(self, "places_required", True),
        )
        if self.start_year and self.end_year and self.end_year < self.start_year:
            errors["end_year"] = _("Het eindjaar kan niet voor het startjaar liggen.")
        if errors:
            raise ValidationError(errors)

    @property
    def period_label(self):
        if self.start_year and self.end_year:
            return f"{self.start_year} – {self.end_year}"
        if self.start_year:
            return _("vanaf %(year)s") % {"year": self.start_year}
        if self.end_year:
            return _("tot %(year)s") % {"year": self.end_year}
        return ""

    def get_dependent_pages(self):
        """The finder, the results and the principles pages list every project; news items,
        guides and cases about it show its title."""
        overviews = [
            *ProjectFinderPage.objects.live(),
            *ResultsPage.objects.live(),
            *PrinciplesPage.objects.live(),
        ]
        if not self.pk:
            return overviews
        return [
            *overviews,
            *self.news_pages.live(),
            *self.guides.live(),
            *self.cases.live(),
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            project_detail(
                self,
                theme=theme_for(self, catalogue().themes_by_path()),
                preview=getattr(request, "is_preview", False),
            )
        )
        from news.models import latest_news

        context["stories"] = latest_news(limit=6, project=self)
        return context


class ProjectUpdate(Orderable):
    """One year's progress on a project, so residents see what happened and editors notice a year
    without news."""

    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="updates")
    year = models.PositiveSmallIntegerField(
        _("jaar"), help_text=_("Over welk jaar gaat deze voortgang?")
    )
    date = models.DateField(
        _("datum"), null=True, blank=True, help_text=_("Wanneer is dit bericht geschreven?")
    )
    text = RichTextField(
        _("wat er gebeurde"),
        features=["bold", "italic", "ul", "link"],
        help_text=_("Wat is er dit jaar bereikt of veranderd? Kort en in gewone woorden."),
    )

    panels = [FieldRowPanel([FieldPanel("year"), FieldPanel("date")]), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("voortgang")
        verbose_name_plural = _("voortgang")

    def __str__(self):
        return f"{self.page.title} {self.year}"


class ProjectResult(Orderable):
    """A result figure of a project, entered once and reused on the project page, the results page
    and the CSV/JSON downloads."""

    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="results")
    label = models.CharField(
        _("wat meten we"),
        max_length=200,
        help_text=_("Bijvoorbeeld: inwoners uit de zorgschulden."),
    )
    baseline = models.DecimalField(
        _("beginwaarde"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Waar we begonnen. Leeg als dat niet bekend is."),
    )
    target = models.DecimalField(
        _("doel"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Waar we naartoe willen. Leeg als er geen cijfermatig doel is."),
    )
    current = models.DecimalField(
        _("nu"),
        max_digits=14,
        decimal_places=2,
        help_text=_("De meest recente waarde."),
    )
    unit = models.CharField(
        _("eenheid"),
        max_length=60,
        blank=True,
        help_text=_("Bijvoorbeeld: inwoners, procent, gemeenten."),
    )
    source = models.CharField(
        _("bron"), max_length=255, help_text=_("Waar komt het cijfer vandaan?")
    )
    date = models.DateField(_("peildatum"), help_text=_("Op welke datum gold dit cijfer?"))

    panels = [
        FieldPanel("label"),
        FieldRowPanel([FieldPanel("baseline"), FieldPanel("target"), FieldPanel("current")]),
        FieldPanel("unit"),
        FieldRowPanel([FieldPanel("source"), FieldPanel("date")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("resultaat")
        verbose_name_plural = _("resultaten")

    def __str__(self):
        return self.label

    @property
    def date_iso(self):
        """The date for a <time datetime> attribute, without a template filter per card."""
        return self.date.isoformat() if self.date else ""


class PrinciplesPage(RoutablePageMixin, BasePage):
    """Uitgangspunten: the general and the content principles; each principle has its own sub-page
    (/uitgangspunten/<slug>/) with the themes and projects that serve it."""

    body = StreamField(
        BaseStreamBlock(),
        blank=True,
        verbose_name=_("inhoud"),
        help_text=_("Extra uitleg boven de lijst met uitgangspunten."),
    )

    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("uitgangspunten")

    def get_cached_paths(self):
        return ["/", *(f"/{principle.slug}/" for principle in Principle.objects.all())]

    @path("")
    def index_route(self, request, *args, **kwargs):
        principles = principles_with_counts()
        return self.render(
            request,
            context_overrides={
                "general_principles": [p for p in principles if p.kind == Principle.Kind.ALGEMEEN],
                "content_principles": [
                    p for p in principles if p.kind == Principle.Kind.INHOUDELIJK
                ],
            },
        )

    @path("<slug:slug>/", name="principle")
    def principle_route(self, request, slug):
        principle = get_object_or_404(Principle, slug=slug)
        themes, projects = principle_projects(principle)
        return self.render(
            request,
            template="themes/principle_detail.html",
            context_overrides={
                "principle": principle,
                "principle_themes": themes,
                "projects": projects,
                "canonical_url": self.principle_url(principle, full=True),
            },
        )

    def principle_url(self, principle, full=False):
        base = self.full_url if full else self.url
        return base + self.reverse_subpage("principle", args=[principle.slug])

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        for principle in Principle.objects.only("slug"):
            urls.append(
                {
                    "location": base + self.reverse_subpage("principle", args=[principle.slug]),
                    "lastmod": self.last_published_at or self.latest_revision_created_at,
                }
            )
        return urls


class ProjectFinderPage(BasePage):
    """Projecten: find projects by theme, status, municipality, principle and target group with
    plain GET parameters, no JavaScript needed."""

    per_page = 12

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("projectenzoeker")

    def get_context(self, request, *args, **kwargs):
        from .forms import ProjectFilterForm

        context = super().get_context(request, *args, **kwargs)
        data = catalogue()
        form = ProjectFilterForm(request.GET, catalogue=data)
        filters = form.filters()
        paginator = Paginator(find_projects(filters), self.per_page)
        page_obj = paginator.get_page(request.GET.get("pagina"))
        themes_by_path = data.themes_by_path()
        for project in page_obj:
            project.theme = theme_for(project, themes_by_path)
        context.update(
            {
                "form": form,
                "is_filtered": bool(filters),
                "page_obj": page_obj,
                "projects": page_obj.object_list,
                "result_count": paginator.count,
            }
        )
        return context


def spreadsheet_safe(value):
    """Text a spreadsheet would run as a formula (=, +, -, @) gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


class ResultsPage(RoutablePageMixin, BasePage):
    """Resultaten: every result figure from the project pages, per theme line and per municipality,
    with CSV and JSON downloads. Figures are entered once, on their project."""

    body = StreamField(
        BaseStreamBlock(),
        blank=True,
        verbose_name=_("inhoud"),
        help_text=_("Uitleg bij de cijfers, bijvoorbeeld hoe ze verzameld worden."),
    )

    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    CSV_COLUMNS = [
        ("theme", _("themalijn")),
        ("project", _("project")),
        ("project_url", _("webadres project")),
        ("label", _("wat we meten")),
        ("baseline", _("beginwaarde")),
        ("target", _("doel")),
        ("current", _("nu")),
        ("unit", _("eenheid")),
        ("source", _("bron")),
        ("date", _("peildatum")),
        ("municipalities", _("gemeenten")),
    ]

    class Meta:
        verbose_name = _("resultaten")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["figure_labels"] = figure_labels()
        return context

    def get_cached_paths(self):
        """Also the downloads without their trailing slash, as the site links them."""
        paths = super().get_cached_paths()
        return [*paths, *(path.rstrip("/") for path in paths if path.endswith((".csv/", ".json/")))]

    @path("")
    def index_route(self, request, *args, **kwargs):
        return self.render(
            request,
            context_overrides={"view": "theme", "groups": group_by_theme(result_rows())},
        )

    @path("per-gemeente/", name="by_municipality")
    def by_municipality(self, request):
        return self.render(
            request,
            context_overrides={
                "view": "municipality",
                "groups": group_by_municipality(result_rows()),
                "canonical_url": self.full_url + self.reverse_subpage("by_municipality"),
            },
        )

    @path("cijfers.csv/", name="csv")
    def csv_download(self, request):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="twentse-koers-resultaten.csv"'
        writer = csv.writer(response)
        writer.writerow([str(label) for _key, label in self.CSV_COLUMNS])
        for figure in self.figures(request):
            writer.writerow(
                [
                    spreadsheet_safe(
                        "; ".join(figure[key]) if key == "municipalities" else figure[key]
                    )
                    for key, _label in self.CSV_COLUMNS
                ]
            )
        return response

    @path("cijfers.json/", name="json")
    def json_download(self, request):
        figures = self.figures(request)
        return JsonResponse(
            {
                "title": self.title,
                "url": self.get_full_url(request),
                "count": len(figures),
                "figures": figures,
            },
            json_dumps_params={"ensure_ascii": False, "indent": 1},
        )

    def download_url(self, kind):
        """/resultaten/cijfers.csv: the file name without Wagtail's trailing slash (see urls.py)."""
        return self.url + self.reverse_subpage(kind).rstrip("/")

    @property
    def csv_url(self):
        return self.download_url("csv")

    @property
    def json_url(self):
        return self.download_url("json")

    def figures(self, request):
        """All figures as plain values, for the downloads."""
        return [
            {
                "theme": row.theme.title if row.theme else "",
                "project": row.project.title,
                "project_url": row.project.get_full_url(request),
                "label": row.label,
                "baseline": number(row.baseline),
                "target": number(row.target),
                "current": number(row.current),
                "unit": row.unit,
                "source": row.source,
                "date": row.date.isoformat(),
                "municipalities": [str(name) for name in row.municipality_names],
            }
            for row in result_rows()
        ]

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        urls.append(
            {
                "location": self.get_full_url(request) + self.reverse_subpage("by_municipality"),
                "lastmod": self.last_published_at or self.latest_revision_created_at,
            }
        )
        return urls
