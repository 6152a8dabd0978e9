"""Wagtail hooks for sending (imported by newsletter/wagtail_hooks.py): the admin URLs, the buttons
in a newsletter page's header menu, the audit log actions and the send permission in group admin."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from . import views
from .permissions import can_send, can_test

app_name = "newsletter_campaigns"
urlpatterns = [
    path("<int:page_id>/", views.status, name="status"),
    path("<int:page_id>/voorbeeld/<str:mode>/", views.preview, name="preview"),
    path("<int:page_id>/testmail/", views.send_test, name="send_test"),
    path("<int:page_id>/inplannen/", views.schedule, name="schedule"),
    path("<int:page_id>/inplanning-intrekken/", views.unschedule, name="unschedule"),
    path("<int:page_id>/versturen/", views.send_now, name="send_now"),
    path("<int:page_id>/bijwerken/", views.refresh, name="refresh"),
]


@hooks.register("register_admin_urls")
def register_campaign_urls():
    return [path("nieuwsbrief-verzending/", include((urlpatterns, app_name), namespace=app_name))]


@hooks.register("register_page_header_buttons")
def campaign_header_buttons(page, user, view_name=None, next_url=None):
    from ..models.pages import NewsletterPage

    if not issubclass(page.specific_class or type(page), NewsletterPage):
        return
    yield Button(
        _("Voorbeeld als e-mail"),
        reverse("newsletter_campaigns:preview", args=[page.pk, "html"]),
        icon_name="view",
        priority=31,
        attrs={"target": "_blank", "rel": "noopener"},
    )
    if can_test(user, page):
        yield Button(
            _("Testmail versturen"),
            reverse("newsletter_campaigns:send_test", args=[page.pk]),
            icon_name="mail",
            priority=32,
        )
    if can_send(user):
        yield Button(
            _("Inplannen"), reverse("newsletter_campaigns:schedule", args=[page.pk]), icon_name="time", priority=33
        )
        yield Button(
            _("Nu versturen"),
            reverse("newsletter_campaigns:send_now", args=[page.pk]),
            icon_name="mail",
            priority=34,
        )
    yield Button(
        _("Verzendstatus"),
        reverse("newsletter_campaigns:status", args=[page.pk]),
        icon_name="list-ul",
        priority=35,
    )


@hooks.register("register_log_actions")
def register_campaign_log_actions(actions):
    actions.register_action("newsletter.send_test", _("Nieuwsbrief: testmail"), _("Testmail verstuurd"))
    actions.register_action("newsletter.schedule", _("Nieuwsbrief: inplannen"), _("Nieuwsbrief ingepland"))
    actions.register_action(
        "newsletter.unschedule", _("Nieuwsbrief: inplanning intrekken"), _("Inplanning ingetrokken")
    )
    actions.register_action("newsletter.send", _("Nieuwsbrief: versturen"), _("Nieuwsbrief verstuurd"))
    actions.register_action(
        "newsletter.send_failed", _("Nieuwsbrief: versturen mislukt"), _("Versturen mislukt")
    )


@hooks.register("register_permissions")
def register_send_permission():
    return Permission.objects.filter(content_type__app_label="newsletter", codename="send_newsletter")



@hooks.register("before_delete_page")
def forget_campaigns_of_deleted_pages(request, page):
    """The send record protects the revision that went out (so purge_revisions keeps it); when an
    editor deletes the newsletter page itself (or /nieuwsbrief/ with its issues), its records go
    first so the deletion can proceed."""
    from ..models.campaigns import NewsletterCampaign

    if request.method == "POST":
        NewsletterCampaign.objects.filter(page__path__startswith=page.path).delete()
