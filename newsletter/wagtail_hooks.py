"""Admin registration of the newsletter: one "Nieuwsbrief" menu for subscribers and the monthly update."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup

from .admin_views import SubscriberViewSet
from .campaigns import admin_hooks  # noqa: F401 (registers the sending hooks)


class NewsletterViewSetGroup(ViewSetGroup):
    menu_label = _("Nieuwsbrief")
    menu_icon = "mail"
    menu_order = 250
    items = (SubscriberViewSet,)


@hooks.register("register_admin_viewset")
def register_newsletter_viewsets():
    return NewsletterViewSetGroup()
