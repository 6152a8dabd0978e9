"""Display helpers for theme and project pages."""

from django import template
from django.utils.formats import number_format

from themes.queries import municipality_label, number

register = template.Library()


@register.filter
def figure(value):
    """A result figure the Dutch way: 1.200 and 72,5, without trailing zeros."""
    value = number(value)
    if value is None:
        return ""
    return number_format(value, force_grouping=True)


@register.filter
def place_name(organisation):
    """'Gemeente Enschede' -> 'Enschede'."""
    return municipality_label(organisation)
