"""RSS 2.0 and Atom feeds of Handreikingen: the 20 newest guides and cases, with absolute links,
optionally narrowed by the same filters as the overview."""

from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from .models import FEED_ITEMS

FILTERS = ("thema", "uitgangspunt", "soort")


class GuidesRssFeed(Feed):
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
        themes, principles = index.filter_options()
        items, _selected = index.knowledge_items(self.request.GET, themes, principles)
        return list(items[:FEED_ITEMS])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.listing_intro

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)

    item_guid_is_permalink = True

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at or item.first_published_at

    def item_categories(self, item):
        return [_("Handreiking") if item.is_guide else _("Casus")]


class GuidesAtomFeed(GuidesRssFeed):
    feed_type = Atom1Feed
    route_name = "atom_feed"

    def subtitle(self, index):
        return index.introduction
