"""The programme's owners for the footer, cached because they change a few times a year.

The cache is cleared when an organisation or an image changes (home.signals), so a new logo
or name shows on the next request."""

from django import template
from django.core.cache import cache

from home.models import Organisation

register = template.Library()

CACHE_KEY = "home:owners:v2"
CACHE_SECONDS = 24 * 60 * 60
LOGO_FILTER = "max-240x80"


def owners_data():
    """Plain data for the footer: the owners other than the municipalities (with their logo
    rendition when set) and how many municipalities own the programme."""
    owners = list(
        Organisation.objects.filter(role=Organisation.Role.EIGENAAR)
        .select_related("logo")
        .prefetch_related("logo__renditions")
        .order_by("name")
    )
    organisations = []
    for org in owners:
        if org.kind == Organisation.Kind.GEMEENTE:
            continue
        logo = None
        if org.logo is not None:
            rendition = org.logo.get_rendition(LOGO_FILTER)
            logo = {"url": rendition.url, "width": rendition.width, "height": rendition.height}
        organisations.append({"name": org.name, "website": org.website, "logo": logo})
    municipalities = sum(1 for org in owners if org.kind == Organisation.Kind.GEMEENTE)
    return {"organisations": organisations, "municipalities": municipalities}


@register.simple_tag
def owners():
    data = cache.get(CACHE_KEY)
    if data is None:
        data = owners_data()
        cache.set(CACHE_KEY, data, CACHE_SECONDS)
    return data


def clear_owners_cache(**kwargs):
    cache.delete(CACHE_KEY)
