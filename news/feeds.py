"""RSS 2.0 and Atom feeds of Actueel: the 20 newest items, with absolute links, optionally
narrowed by the same `thema` and `soort` filters as the overview."""

from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from .models import FEED_ITEMS

FILTERS = ("thema", "uitgangspunt", "soort")


class NewsRssFeed(Feed):
    feed_type = Rss201rev2Feed
    route_name = "feed"
    language = "nl"

    def get_object(self, request, index):
        self.request = request
        return index

    def title(self, index):
        return _("%(title)s | Twentse Koers") % {"title": index.title}

    def link(self, index):
        return index.get_full_url(self.request)

    def description(self, index):
        return index.introduction

    def feed_url(self, index):
        url = (index.get_full_url(self.request) or "") + index.reverse_subpage(self.route_name)
        params = {key: self.request.GET[key] for key in FILTERS if self.request.GET.get(key)}
        return f"{url}?{urlencode(params)}" if params else url

    def items(self, index):
        themes = index.theme_options()
        items, _selected = index.filter_items(index.news_items(), self.request.GET, themes)
        return items.select_related("author").prefetch_related("tagged_items__tag")[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.introduction

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)

    item_guid_is_permalink = True

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.last_published_at or item.published_at

    def item_author_name(self, item):
        return item.author.name if item.author else None

    def item_categories(self, item):
        return [item.get_kind_display(), *(tagged.tag.name for tagged in item.tagged_items.all())]


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed
    route_name = "atom_feed"

    def subtitle(self, index):
        return index.introduction
