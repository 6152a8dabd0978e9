"""RSS 2.0 and Atom feeds of Handreikingen: the 20 newest guides and cases, with absolute links,
optionally narrowed by the same filters as the overview."""

from django.utils.translation import gettext as _

from home.feeds import AtomFeedMixin, IndexPageFeed

from .models import FEED_ITEMS


class GuidesRssFeed(IndexPageFeed):
    def items(self, index):
        themes, principles = index.filter_options()
        items, _selected = index.knowledge_items(self.request.GET, themes, principles)
        return list(items[:FEED_ITEMS])

    def item_description(self, item):
        return item.listing_intro

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at or item.first_published_at

    def item_categories(self, item):
        return [_("Handreiking") if item.is_guide else _("Casus")]


class GuidesAtomFeed(AtomFeedMixin, GuidesRssFeed):
    """The same items as an Atom 1.0 feed."""
