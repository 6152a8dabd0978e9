"""RSS 2.0 and Atom feeds of Actueel: the 20 newest items, with absolute links, optionally
narrowed by the same `thema` and `soort` filters as the overview."""


from home.feeds import AtomFeedMixin, IndexPageFeed

from .models import FEED_ITEMS


class NewsRssFeed(IndexPageFeed):
    def items(self, index):
        themes = index.theme_options()
        items, _selected = index.filter_items(index.news_items(), self.request.GET, themes)
        return items.select_related("author").prefetch_related("tagged_items__tag")[:FEED_ITEMS]

    def item_description(self, item):
        return item.introduction

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.last_published_at or item.published_at

    def item_author_name(self, item):
        return item.author.name if item.author else None

    def item_categories(self, item):
        return [item.get_kind_display(), *(tagged.tag.name for tagged in item.tagged_items.all())]


class NewsAtomFeed(AtomFeedMixin, NewsRssFeed):
    """The same items as an Atom 1.0 feed."""
