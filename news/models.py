"""Actueel: news items and project stories, the overview that lists them with filters and paging,
and the RSS/Atom feeds other regions follow."""

import datetime

from django import forms
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.search import index

from home import queries as home_queries
from home.blocks import BaseStreamBlock
from home.models import BasePage, HeroMixin, Person

from .api import PageLinkSerializer, PersonSerializer
from .queries import public_q, related_pages

PER_PAGE = 12
# What a news card shows: a listing loads only these, not each item's body.
NEWS_LISTING_FIELDS = ("title", "slug", "url_path", "path", "depth", "live", "introduction", "date", "kind")
FEED_ITEMS = 20


class NewsIndexPage(RoutablePageMixin, BasePage):
    """Actueel: all news and project stories, newest first, filterable by theme line and kind with
    plain GET parameters (no JavaScript), with RSS and Atom feeds under feed/."""

    content_panels = BasePage.content_panels
    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = _("overzicht actueel")

    def news_items(self):
        """Published, public items under this overview, newest first."""
        return (
            NewsPage.objects.child_of(self)
            .live()
            .filter(public_q())
            .order_by("-date", "-first_published_at", "-pk")
        )

    def theme_options(self):
        """The live, public theme lines, from the cached catalogue (themes.queries)."""
        from themes.queries import catalogue

        return list(catalogue().themes)

    def filter_items(self, items, params, themes):
        """Apply the `thema` and `soort` GET filters; unknown values are ignored."""
        selected = {"thema": None, "soort": ""}
        theme_slug = params.get("thema", "")
        theme = next((t for t in themes if t.slug == theme_slug), None)
        if theme is not None:
            items = items.filter(related_themes=theme.pk)
            selected["thema"] = theme
        kind = params.get("soort", "")
        if kind in NewsPage.Kind.values:
            items = items.filter(kind=kind)
            selected["soort"] = kind
        return items, selected

    filter_labels = {"thema": _("Themalijn"), "soort": _("Soort bericht")}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        themes = self.theme_options()
        items, selected = self.filter_items(self.news_items(), request.GET, themes)
        page_obj = Paginator(items.only(*NEWS_LISTING_FIELDS), PER_PAGE).get_page(request.GET.get("pagina"))
        attach_theme_lists(page_obj.object_list, themes)
        context.update(
            {
                "items": page_obj,
                "page_obj": page_obj,
                "themes": themes,
                "kinds": NewsPage.Kind.choices,
                "selected_theme": selected["thema"],
                "selected_kind": selected["soort"],
                "is_filtered": bool(selected["thema"] or selected["soort"]),
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
        from .feeds import NewsRssFeed

        return NewsRssFeed()(request, index=self)

    @path("feed/atom/", name="atom_feed")
    def atom_feed(self, request):
        from .feeds import NewsAtomFeed

        return NewsAtomFeed()(request, index=self)


class NewsPageTag(TaggedItemBase):
    """Links a news item to its keywords (taggit), so items on one subject can be found together
    and editors keep one spelling per keyword ("Trefwoorden")."""

    content_object = ParentalKey(
        "news.NewsPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsPage(HeroMixin, BasePage):
    """A news item or a project story: what happened, told for residents, linked to the theme
    lines and projects it is about so those pages can show it."""

    class Kind(models.TextChoices):
        NIEUWS = "nieuws", _("Nieuws")
        PROJECTVERHAAL = "projectverhaal", _("Projectverhaal")

    kind = models.CharField(
        _("soort"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.NIEUWS,
        help_text=_(
            "Nieuws: een bericht over wat er gebeurt. Projectverhaal: een verhaal over een project, "
            "het liefst met inwoners of professionals aan het woord."
        ),
    )
    date = models.DateField(
        _("publicatiedatum"),
        default=datetime.date.today,
        help_text=_(
            "De datum die bij het bericht staat. Berichten staan op volgorde van deze datum."
        ),
    )
    author = models.ForeignKey(
        Person,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news_pages",
        help_text=_("Wie schreef dit bericht? Leeg: er staat geen naam bij."),
    )
    body = StreamField(
        BaseStreamBlock(),
        verbose_name=_("tekst"),
        help_text=_("Het bericht zelf: tekst, tussenkopjes, foto's, citaten en meer."),
    )
    related_themes = ParentalManyToManyField(
        "themes.ThemePage",
        verbose_name=_("themalijnen"),
        blank=True,
        related_name="news_pages",
        help_text=_(
            "Over welke themalijnen gaat dit bericht? Het bericht verschijnt dan op die pagina's."
        ),
    )
    related_projects = ParentalManyToManyField(
        "themes.ProjectPage",
        verbose_name=_("projecten"),
        blank=True,
        related_name="news_pages",
        help_text=_(
            "Over welke projecten gaat dit bericht? Het bericht verschijnt dan op die projectpagina's."
        ),
    )
    tags = ClusterTaggableManager(
        through=NewsPageTag,
        blank=True,
        verbose_name=_("trefwoorden"),
        help_text=_(
            "Een paar trefwoorden, gescheiden door komma's. Bijvoorbeeld: schulden, jongeren."
        ),
    )

    route_select_related = ("hero_image", "author__organisation")
    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("kind"), FieldPanel("date")]), FieldPanel("author")],
            heading=_("Over dit bericht"),
        ),
        *HeroMixin.panels,
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("related_themes", widget=forms.CheckboxSelectMultiple),
                FieldPanel("related_projects"),
                FieldPanel("tags"),
            ],
            heading=_("Waar gaat het over?"),
        ),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("body"),
        index.FilterField("kind"),
        index.FilterField("date"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    api_fields = [
        APIField("introduction"),
        APIField("kind"),
        APIField("date"),
        APIField("author", serializer=PersonSerializer()),
        APIField("hero_image"),
        APIField(
            "hero_image_thumbnail",
            serializer=ImageRenditionField("fill-640x420", source="hero_image"),
        ),
        APIField("body"),
        APIField("related_themes", serializer=PageLinkSerializer(many=True)),
        APIField("related_projects", serializer=PageLinkSerializer(many=True)),
        APIField("tags"),
    ]
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("nieuwsbericht")
        verbose_name_plural = _("nieuwsberichten")

    og_type = "article"
    search_label_field = "kind"

    @property
    def type_label(self):
        return self.get_kind_display()

    @property
    def og_published_time(self):
        return self.published_at

    @cached_property
    def published_at(self):
        """The publication date as an aware datetime, for feeds: the moment of first publication
        when that fell on the publication date, otherwise the start of that day."""
        first = self.first_published_at
        if first and timezone.localdate(first) == self.date:
            return first
        return timezone.make_aware(datetime.datetime.combine(self.date, datetime.time.min))

    def get_dependent_pages(self):
        """Its theme lines and projects (their latest news) and the news items sharing a theme
        line (their "more news")."""
        themes = list(self.related_themes.all())
        sharing = (
            NewsPage.objects.live().filter(related_themes__in=[t.pk for t in themes]).exclude(pk=self.pk)
            if themes
            else []
        )
        return [*themes, *self.related_projects.all(), *sharing]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        related = related_pages(themes=self.related_themes, projects=self.related_projects)
        context["related_themes"] = related["themes"]
        context["related_projects"] = related["projects"]
        context["tag_list"] = list(self.tags.all())
        more = NewsPage.objects.live().filter(public_q()).exclude(pk=self.pk)
        if context["related_themes"]:
            more = more.filter(related_themes__in=context["related_themes"]).distinct()
        context["more_news"] = list(more.only(*NEWS_LISTING_FIELDS).order_by("-date", "-pk")[:3])
        own_url = self.get_full_url(request) or ""
        index_url = own_url[: own_url.rstrip("/").rfind("/") + 1]
        context.update(NewsIndexPage.feed_urls(index_url))
        return context


def attach_theme_lists(items, themes):
    """Set ``theme_list`` on each listed news item (home.queries.attach_theme_lists)."""
    ids = [item.pk for item in items]
    links = NewsPage.related_themes.through.objects.filter(newspage_id__in=ids)
    return home_queries.attach_theme_lists(
        items, themes, links.values_list("newspage_id", "themepage_id") if ids else ()
    )


def latest_news(limit=3, theme=None, project=None):
    """The newest published news items, optionally about one theme line or project: used on the
    home page, theme pages and project pages."""
    items = (
        NewsPage.objects.live()
        .filter(public_q())
        .only(*NEWS_LISTING_FIELDS)
        .order_by("-date", "-first_published_at", "-pk")
    )
    if theme is not None:
        items = items.filter(related_themes=theme)
    if project is not None:
        items = items.filter(related_projects=project)
    return list(items[:limit])
