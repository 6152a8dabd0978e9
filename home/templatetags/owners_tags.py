"""The programme's owners for the footer, cached because they change a few times a year."""

from django import template
from django.core.cache import cache

from home.models import Organisation

register = template.Library()

CACHE_KEY = "home:owners:v1"


@register.simple_tag
def owners():
    names = cache.get(CACHE_KEY)
    if names is None:
        names = list(
            Organisation.objects.filter(role=Organisation.Role.EIGENAAR)
            .exclude(kind=Organisation.Kind.GEMEENTE)
            .values("name", "website")
        )
        cache.set(CACHE_KEY, names, 300)
    return names
