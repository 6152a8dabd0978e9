"""The programme's owners for the footer, kept as a fragment (``core.fragments``) because they
change a few times a year; a new logo or name shows on the next request after it is saved."""

from django import template

from core import fragments
from home.models import Organisation

register = template.Library()

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
    return fragments.cached("owners", owners_data)
