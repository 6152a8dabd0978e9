"""Staff screens for subscribers: listing with counts per status and sync state, CSV export,
re-sync, unsubscribe and AVG erasure (Wagtail ModelViewSet with a few extra actions)."""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton, MenuItem
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy

from . import services
from .backends import get_backend
from .models import Subscriber, SubscriberStatus, SyncState

SYNC_STATES = (
    ("synced", _("Gesynchroniseerd")),
    ("queued", _("In de wachtrij")),
    ("retrying", _("Wordt opnieuw geprobeerd")),
    ("failed", _("Geweigerd door Mailchimp")),
)


class SubscriberPermissionPolicy(ModelPermissionPolicy):
    """Nobody adds subscribers by hand: every subscriber opts in themselves (double opt-in)."""

    def user_has_permission(self, user, action):
        if action == "add":
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class SubscriberFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=SubscriberStatus.choices)
    sync = django_filters.ChoiceFilter(
        label=_("Synchronisatie"), choices=SYNC_STATES, method="filter_sync"
    )
    consented_at = django_filters.DateFromToRangeFilter(
        label=_("Aangemeld tussen"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Subscriber
        fields = ["status"]

    def filter_sync(self, queryset, name, value):
        if value == "synced":
            return queryset.filter(needs_push=False)
        if value == "failed":
            return queryset.filter(needs_push=True, sync_failed=True)
        if value == "retrying":
            return queryset.filter(needs_push=True, sync_failed=False, sync_attempts__gt=0)
        if value == "queued":
            return queryset.filter(needs_push=True, sync_failed=False, sync_attempts=0)
        return queryset


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """Text a spreadsheet would run as a formula gets a leading apostrophe (CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SubscriberIndexView(generic.IndexView):
    template_name = "newsletter/admin/subscriber_index.html"

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: spreadsheet_safe(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        counts = Subscriber.objects.status_counts()
        context["status_counts"] = [
            (label, counts[value], value) for value, label in SubscriberStatus.choices
        ]
        context["failed_count"] = Subscriber.objects.filter(
            needs_push=True, sync_failed=True
        ).count()
        context["sync_state"] = SyncState.objects.filter(key="mailchimp").first()
        context["backend"] = get_backend()
        return context

    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.request.user.has_perm("newsletter.change_subscriber"):
            buttons.append(
                HeaderButton(
                    _("Nu synchroniseren met Mailchimp"),
                    url=reverse("newsletter_subscriber:sync_now"),
                    icon_name="resubmit",
                )
            )
        return buttons

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        for button in buttons:
            if getattr(button, "icon_name", "") == "bin":
                button.label = _("Wissen (AVG)")
        if self.request.user.has_perm("newsletter.change_subscriber"):
            buttons.append(
                MenuItem(
                    _("Opnieuw synchroniseren"),
                    url=reverse("newsletter_subscriber:resync", args=[instance.pk]),
                    icon_name="resubmit",
                    priority=25,
                )
            )
            if instance.status in (SubscriberStatus.PENDING, SubscriberStatus.SUBSCRIBED):
                buttons.append(
                    MenuItem(
                        _("Afmelden"),
                        url=reverse("newsletter_subscriber:unsubscribe", args=[instance.pk]),
                        icon_name="cross",
                        priority=26,
                    )
                )
        return buttons


class SubscriberEditView(generic.EditView):
    def save_instance(self):
        instance = self.form.save(commit=False)
        instance.mark_changed(push=True)
        instance.save()
        backend = get_backend()
        from django.db import transaction

        transaction.on_commit(lambda: backend.after_change(instance))
        return instance


class SubscriberEraseView(generic.DeleteView):
    """The delete action is an AVG erasure: gone here and in Mailchimp, an anonymous tombstone kept."""

    page_title = _("Wissen (AVG)")
    success_message = _("%(model_name)s '%(object)s' is gewist, hier en in Mailchimp.")
    template_name = "newsletter/admin/confirm_erase.html"

    @property
    def confirmation_message(self):
        return _(
            "Weet je zeker dat je dit adres wilt wissen? Alle gegevens, ook het bewijs van toestemming, "
            "worden hier verwijderd en in Mailchimp definitief gewist. Dat kan niet ongedaan worden. "
            "Wil de persoon alleen geen nieuwsbrief meer? Kies dan 'Afmelden'."
        )

    def delete_action(self):
        log(instance=self.object, action="wagtail.delete")
        services.erase(self.object)


def _confirm_page(request, *, title, message, button, action_url, cancel_url, subject=""):
    return TemplateResponse(
        request,
        "newsletter/admin/confirm_action.html",
        {
            "page_title": title,
            "page_subtitle": subject,
            "header_icon": "user",
            "message": message,
            "button": button,
            "action_url": action_url,
            "cancel_url": cancel_url,
        },
    )


def _require_change(request):
    if not request.user.has_perm("newsletter.change_subscriber"):
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
def resync_view(request, pk):
    _require_change(request)
    subscriber = get_object_or_404(Subscriber, pk=pk)
    index = reverse("newsletter_subscriber:index")
    if request.method == "POST":
        services.request_resync(Subscriber.objects.filter(pk=pk))
        messages.success(
            request, _("'%(email)s' wordt opnieuw gesynchroniseerd.") % {"email": subscriber.email}
        )
        return redirect(index)
    return _confirm_page(
        request,
        title=_("Opnieuw synchroniseren"),
        subject=subscriber.email,
        message=_(
            "De gegevens van dit adres worden opnieuw naar Mailchimp gestuurd, ook na een eerdere weigering."
        ),
        button=_("Opnieuw synchroniseren"),
        action_url=request.path,
        cancel_url=index,
    )


@require_http_methods(["GET", "POST"])
def unsubscribe_view(request, pk):
    _require_change(request)
    subscriber = get_object_or_404(Subscriber, pk=pk)
    index = reverse("newsletter_subscriber:index")
    if request.method == "POST":
        services.unsubscribe(subscriber)
        messages.success(request, _("'%(email)s' is afgemeld.") % {"email": subscriber.email})
        return redirect(index)
    return _confirm_page(
        request,
        title=_("Afmelden"),
        subject=subscriber.email,
        message=_(
            "Dit adres krijgt de nieuwsbrief niet meer. Het bewijs van toestemming blijft bewaard."
        ),
        button=_("Ja, afmelden"),
        action_url=request.path,
        cancel_url=index,
    )


@require_http_methods(["GET", "POST"])
def sync_now_view(request):
    _require_change(request)
    index = reverse("newsletter_subscriber:index")
    backend = get_backend()
    if request.method == "POST":
        if not backend.syncs_remote:
            messages.warning(
                request, _("Mailchimp is niet ingesteld: er valt niets te synchroniseren.")
            )
            return redirect(index)
        failed = Subscriber.objects.filter(needs_push=True, sync_failed=True)
        retried = services.request_resync(failed) if request.POST.get("include_failed") else 0
        from .tasks import enqueue, sync_audience

        enqueue(sync_audience)
        messages.success(
            request,
            _(
                "De synchronisatie met Mailchimp is gestart (%(n)d geweigerde adressen opnieuw geprobeerd)."
            )
            % {"n": retried},
        )
        return redirect(index)
    return TemplateResponse(
        request,
        "newsletter/admin/sync_now.html",
        {
            "page_title": _("Nu synchroniseren met Mailchimp"),
            "header_icon": "resubmit",
            "backend": backend,
            "failed_count": Subscriber.objects.filter(needs_push=True, sync_failed=True).count(),
            "action_url": request.path,
            "cancel_url": index,
        },
    )


def sync_state_column(instance):
    return instance.get_sync_state_display()


class SubscriberViewSet(ModelViewSet):
    model = Subscriber
    icon = "user"
    menu_label = _("Abonnees")
    add_to_admin_menu = False
    name = "newsletter_subscriber"
    url_prefix = "nieuwsbrief/abonnees"
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = SubscriberIndexView
    edit_view_class = SubscriberEditView
    delete_view_class = SubscriberEraseView
    form_fields = ["first_name"]
    search_fields = ["email", "first_name"]
    search_backend_name = None
    ordering = ["-consented_at"]
    list_per_page = 50
    filterset_class = SubscriberFilterSet
    list_display = [
        "email",
        StatusTagColumn(
            "status",
            label=_("Status"),
            accessor="get_status_display",
            primary=lambda s: s.status == "subscribed",
        ),
        Column("first_name", label=_("Voornaam")),
        Column("sync", label=_("Synchronisatie"), accessor="get_sync_state_display"),
        Column("last_error", label=_("Laatste fout")),
        DateColumn("consented_at", label=_("Aangemeld op"), sort_key="consented_at"),
    ]
    list_export = [
        "email",
        "first_name",
        "get_status_display",
        "consented_at",
        "confirmed_at",
        "unsubscribed_at",
        "source",
        "consent_text",
        "get_sync_state_display",
        "last_error",
    ]
    export_headings = {
        "email": "E-mailadres",
        "first_name": "Voornaam",
        "get_status_display": "Status",
        "consented_at": "Aangemeld op",
        "confirmed_at": "Bevestigd op",
        "unsubscribed_at": "Afgemeld op",
        "source": "Bron",
        "consent_text": "Toestemmingstekst",
        "get_sync_state_display": "Synchronisatie",
        "last_error": "Laatste fout",
    }
    export_filename = "nieuwsbrief-abonnees"
    inspect_view_fields = [
        "email",
        "first_name",
        "status",
        "consent_text",
        "consented_at",
        "source",
        "confirmed_at",
        "unsubscribed_at",
        "remote_status",
        "synced_at",
        "sync_attempts",
        "next_attempt_at",
        "last_error",
        "sync_failed",
    ]

    @property
    def permission_policy(self):
        return SubscriberPermissionPolicy(self.model)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("resync/<int:pk>/", resync_view, name="resync"),
            path("afmelden/<int:pk>/", unsubscribe_view, name="unsubscribe"),
            path("synchroniseren/", sync_now_view, name="sync_now"),
        ]
