"""Admin views to send a newsletter page: status, e-mail preview, test mail, schedule, unschedule,
send now (after a confirmation that names the number of recipients) and refresh.

Everyone with admin access sees the status; a test mail and a refresh (which asks the delivery
backend for news) need edit rights on the page or the send permission; schedule, unschedule and
send need the send permission (the Communicatie group)."""

from __future__ import annotations

import time

from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from ..email import render_newsletter
from ..models.pages import EMAIL_PREVIEW_CSP, NewsletterPage
from . import service
from .backends.base import CampaignError
from .forms import ConfirmSendForm, ScheduleForm, SendTestForm, next_quarter_hour
from .permissions import can_send, can_test


def _page(page_id) -> NewsletterPage:
    return get_object_or_404(NewsletterPage, pk=page_id)


def _status_url(page):
    return reverse("newsletter_campaigns:status", args=[page.pk])


def _next_url(request, page):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return _status_url(page)


def _context(request, page, title, **extra):
    campaign = service.campaign_to_show(page)
    return {
        "page": page,
        "campaign": campaign,
        "page_title": title,
        "page_subtitle": page.get_admin_display_title(),
        "header_icon": "mail",
        "can_send": can_send(request.user),
        "can_test": can_test(request.user, page),
        "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
        "status_url": _status_url(page),
        "next_url": _next_url(request, page),
        **extra,
    }


def _require_send(request):
    if not can_send(request.user):
        raise PermissionDenied


def status(request, page_id):
    page = _page(page_id)
    context = _context(request, page, _("Verzending"))
    campaign = context["campaign"]
    context["backend"] = service.backend_for(campaign)
    context["deliveries"] = (
        campaign.delivery_counts() if campaign.pk and campaign.backend == "local" else None
    )
    context["latest_revision"] = page.get_latest_revision()
    return TemplateResponse(request, "newsletter/admin/campaigns/status.html", context)


def preview(request, page_id, mode):
    """The saved latest version as it will be sent (HTML or plain text)."""
    page = _page(page_id)
    if not page.permissions_for_user(request.user).can_edit() and not can_send(request.user):
        raise PermissionDenied
    revision = page.get_latest_revision()
    from .backends import get_backend

    rendered = get_backend().preview(render_newsletter(revision.as_object() if revision else page))
    if mode == "text":
        return HttpResponse(rendered.text, content_type="text/plain; charset=utf-8")
    response = HttpResponse(rendered.html)
    response.headers["Content-Security-Policy"] = EMAIL_PREVIEW_CSP
    return response


def send_test(request, page_id):
    page = _page(page_id)
    if not can_test(request.user, page):
        raise PermissionDenied
    form = SendTestForm(request.POST or None, initial={"addresses": request.user.email})
    if request.method == "POST" and form.is_valid():
        try:
            outcome = service.send_test(page, form.cleaned_data["addresses"], user=request.user)
        except CampaignError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, outcome.message)
            return redirect(_next_url(request, page))
    context = _context(request, page, _("Testmail versturen"), form=form)
    return TemplateResponse(request, "newsletter/admin/campaigns/send_test.html", context)


def schedule(request, page_id):
    page = _page(page_id)
    _require_send(request)
    backend = service.backend_for(service.campaign_to_show(page))
    revision = page.get_latest_revision()
    form = ScheduleForm(
        request.POST or None,
        backend=backend,
        initial={"when": next_quarter_hour(), "revision_id": revision.pk if revision else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            outcome = service.schedule(
                page,
                form.cleaned_data["when"],
                user=request.user,
                expected_revision_id=form.cleaned_data["revision_id"],
            )
        except CampaignError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, outcome.message)
            return redirect(_next_url(request, page))
    context = _context(
        request, page, _("Inplannen"), form=form, backend=backend, **_recipients(backend)
    )
    return TemplateResponse(request, "newsletter/admin/campaigns/schedule.html", context)


def _recipients(backend):
    try:
        return {"recipient_count": backend.recipient_count(), "recipient_error": ""}
    except CampaignError as error:
        return {"recipient_count": None, "recipient_error": error.message}


def unschedule(request, page_id):
    page = _page(page_id)
    _require_send(request)
    if request.method == "POST":
        try:
            outcome = service.unschedule(page, user=request.user)
        except CampaignError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, outcome.message)
        return redirect(_next_url(request, page))
    context = _context(request, page, _("Inplanning intrekken"))
    return TemplateResponse(request, "newsletter/admin/campaigns/unschedule.html", context)


def send_now(request, page_id):
    """A locked database (SQLite under load) anywhere in the view: once more, then a Dutch 503."""
    for attempt in range(2):
        try:
            return _send_now(request, page_id)
        except OperationalError:
            if attempt:
                break
            time.sleep(0.5)
    return HttpResponse(
        _(
            "De website is even te druk. Ga terug en probeer het opnieuw; een nieuwsbrief wordt "
            "nooit twee keer verstuurd."
        ),
        status=503,
        content_type="text/plain; charset=utf-8",
        headers={"Retry-After": "60"},
    )


def _send_now(request, page_id):
    page = _page(page_id)
    _require_send(request)
    campaign = service.campaign_to_show(page)
    backend = service.backend_for(campaign)
    if request.method == "POST":
        form = ConfirmSendForm(request.POST)
        if form.is_valid():
            busy = False
            for attempt in range(2):
                try:
                    outcome = service.send_now(
                        page,
                        user=request.user,
                        expected_revision_id=form.cleaned_data["revision_id"],
                    )
                except CampaignError as error:
                    busy = False
                    messages.error(request, error.message)
                except OperationalError:
                    # A locked database (SQLite under load) rolled the claim back; sending is
                    # claimed atomically, so trying again cannot send twice.
                    busy = True
                    if not attempt:
                        time.sleep(0.5)
                        continue
                else:
                    busy = False
                    messages.success(request, outcome.message)
                break
            if not busy:
                return redirect(_status_url(page))
            messages.error(
                request,
                _(
                    "De website is even te druk. Bekijk de status hieronder en probeer het zo "
                    "nodig opnieuw; een nieuwsbrief wordt nooit twee keer verstuurd."
                ),
            )
            status = 503
        else:
            messages.error(request, _("Bevestig het versturen opnieuw."))
            status = 200
    else:
        status = 200
    revision = page.get_latest_revision()
    form = ConfirmSendForm(initial={"revision_id": revision.pk if revision else None})
    context = _context(
        request,
        page,
        _("Nu versturen"),
        form=form,
        backend=backend,
        revision=revision,
        subject=revision.as_object().subject if revision else page.subject,
        blocked=service.state_message(campaign)
        or ("" if revision else _("Sla de nieuwsbrief eerst op.")),
        **_recipients(backend),
    )
    return TemplateResponse(
        request, "newsletter/admin/campaigns/send_now.html", context, status=status
    )


@require_POST
def refresh(request, page_id):
    page = _page(page_id)
    if not can_test(request.user, page):
        raise PermissionDenied
    try:
        outcome = service.refresh(page)
    except CampaignError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, outcome.message)
    return redirect(_next_url(request, page))
