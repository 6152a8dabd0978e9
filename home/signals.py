"""Site-wide snippets and settings: a change to one of them shows on every page."""

from core.purging import ban_site_on_change


def connect():
    from home.models import Organisation, Person, SiteSettings

    ban_site_on_change(Organisation, Person, SiteSettings)
