"""Serializers for the public fields news, cases and guides expose through the Wagtail API v2, so
other regions can reuse them: related pages only when published and public, people without their
contact details, rich text with real links.

The pages endpoint (config/api.py) loads what these fields read for a whole listing at once, so
each field reads from what was loaded (``.all()``) instead of asking the database per item."""

from collections import defaultdict

from django.db.models import QuerySet
from rest_framework import serializers
from wagtail.blocks import StreamValue
from wagtail.rich_text import expand_db_html

from .queries import public_q


def is_loaded(queryset):
    """True when the related objects were prefetched (or are kept in memory for a preview)."""
    return not isinstance(queryset, QuerySet) or queryset._result_cache is not None


class PageLinkSerializer(serializers.Field):
    """Related pages (a many-to-many manager) as id, title and address; drafts and pages in a
    private section are left out. The API endpoint prefetches them already filtered that way;
    anywhere else they are filtered here."""

    def __init__(self, **kwargs):
        kwargs.pop("many", None)
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        pages = value.all() if hasattr(value, "all") else value
        if not is_loaded(pages):
            pages = pages.live().filter(public_q())
        request = self.context.get("request")
        return [
            {"id": page.pk, "title": page.title, "html_url": page.get_full_url(request)}
            for page in pages
        ]


class PersonSerializer(serializers.Field):
    """A person as shown publicly on a page: name, role and organisation."""

    related_lookups = ("organisation",)

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return {
            "name": value.name,
            "role": value.role,
            "organisation": value.organisation.name if value.organisation_id else "",
        }


class NamesSerializer(serializers.Field):
    """A many-to-many of snippets (organisations, principles) as a list of names."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return [str(item) if not hasattr(item, "name") else item.name for item in value.all()]


class RichTextSerializer(serializers.Field):
    """Rich text as HTML with internal links turned into real addresses."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return expand_db_html(value)


class TagNamesField(serializers.Field):
    """Tags as a sorted list of names, like Wagtail's TagsField, but read from the prefetched
    tags instead of a query of its own per item."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return sorted(tag.name for tag in value.all())


def prefetch_streams(objects, field_names):
    """Turn the raw blocks of the named StreamFields of many objects into values at once: one
    ``bulk_to_python`` per block type over all objects, so the images, documents, pages and
    people the blocks choose cost one query per type for a whole listing, not one per item."""
    pending = defaultdict(list)
    for obj in objects:
        for name in field_names:
            stream = getattr(obj, name, None)
            if not isinstance(stream, StreamValue):
                continue
            for index, raw in enumerate(stream.raw_data):
                child_block = stream.stream_block.child_blocks.get(raw.get("type"))
                if child_block is not None:
                    pending[id(child_block)].append((child_block, stream, index, raw))
    for entries in pending.values():
        child_block = entries[0][0]
        values = child_block.bulk_to_python([raw["value"] for _block, _s, _i, raw in entries])
        for (_block, stream, index, raw), value in zip(entries, values, strict=True):
            stream[index] = StreamValue.StreamChild(child_block, value, id=raw.get("id"))
