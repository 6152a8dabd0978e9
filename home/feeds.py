"""The feed mechanics Actueel and Handreikingen share: an index page's RSS 2.0 feed with absolute
links that keeps the overview's filters, and its Atom twin (``AtomFeedMixin``)."""

from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

FILTERS = ("thema", "uitgangspunt", "soort")


class IndexPageFeed(Feed):
    """Subclasses give ``items`` and the item fields that differ per content type."""

    feed_type = Rss201rev2Feed
    route_name = "feed"
    language = "nl"
    item_guid_is_permalink = True

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

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)


class AtomFeedMixin:
    """Makes an ``IndexPageFeed`` subclass its Atom twin, with the overview's introduction as
    subtitle."""

    feed_type = Atom1Feed
    route_name = "atom_feed"

    def subtitle(self, index):
        return index.introduction
