"""Serializers for the public fields news, cases and guides expose through the Wagtail API v2, so
other regions can reuse them: related pages only when published and public, people without their
contact details, rich text with real links."""

from rest_framework import serializers
from wagtail.rich_text import expand_db_html


class PageLinkSerializer(serializers.Field):
    """Related pages (a many-to-many manager) as id, title and address; drafts and pages in a
    private section are left out."""

    def __init__(self, **kwargs):
        kwargs.pop("many", None)
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        pages = value.all() if hasattr(value, "all") else value
        if hasattr(pages, "live"):
            pages = pages.live().public()
        request = self.context.get("request")
        return [
            {"id": page.pk, "title": page.title, "html_url": page.get_full_url(request)}
            for page in pages
        ]


class PersonSerializer(serializers.Field):
    """A person as shown publicly on a page: name, role and organisation."""

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
