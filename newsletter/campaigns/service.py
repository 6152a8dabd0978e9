"""The operations on a newsletter page: test mail, schedule, unschedule, send now, refresh.

Used by the admin views and by `manage.py newsletter_send`. Every operation that changes a
campaign runs under its row lock (select_for_update, plus a write so SQLite serialises too); every
change of state is a guarded update, so "send" goes out at most once per page (and per revision),
however often and from however many tabs it is pressed. Remote ids are committed even when a later
step fails, so a retry never creates a second Mailchimp campaign.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from ..email import render_newsletter
from ..models.campaigns import OUT, STARTABLE, CampaignState, NewsletterCampaign
from .backends import get_backend
from .backends.base import CampaignError

logger = logging.getLogger(__name__)

MAX_TEST_ADDRESSES = 10


@dataclass
class Outcome:
    campaign: NewsletterCampaign
    message: str


def parse_addresses(value) -> list[str]:
    """Addresses separated by commas, semicolons, spaces or new lines; all must be valid."""
    if isinstance(value, (list, tuple)):
        value = ",".join(value)
    raw = (value or "").replace(";", ",").replace("\n", ",").replace(" ", ",")
    addresses = []
    for part in raw.split(","):
        address = part.strip()
        if address and address.lower() not in [a.lower() for a in addresses]:
            addresses.append(address)
    if not addresses:
        raise CampaignError(_("Vul minstens één e-mailadres in."))
    if len(addresses) > MAX_TEST_ADDRESSES:
        raise CampaignError(
            _("Een testmail gaat naar hoogstens %(n)s adressen.") % {"n": MAX_TEST_ADDRESSES}
        )
    for address in addresses:
        try:
            validate_email(address)
        except ValidationError as error:
            raise CampaignError(
                _("'%(address)s' is geen geldig e-mailadres.") % {"address": address[:100]}
            ) from error
    return addresses


def campaign_for(page) -> NewsletterCampaign:
    campaign, _created = NewsletterCampaign.objects.get_or_create(
        page_id=page.pk, defaults={"backend": get_backend().kind}
    )
    return campaign


def campaign_to_show(page) -> NewsletterCampaign:
    """The page's send record, or an unsaved draft one (showing a page creates nothing)."""
    found = NewsletterCampaign.objects.filter(page_id=page.pk).select_related("revision", "sent_by").first()
    return found or NewsletterCampaign(page_id=page.pk, backend=get_backend().kind)


def backend_for(campaign):
    """A campaign that is scheduled or out stays with the backend it started on; a draft follows
    the current settings."""
    if campaign.state in (CampaignState.SCHEDULED, *OUT):
        return get_backend(campaign.backend)
    backend = get_backend()
    if campaign.pk and backend.kind in ("mailchimp", "local") and campaign.backend != backend.kind:
        NewsletterCampaign.objects.filter(pk=campaign.pk).update(backend=backend.kind)
        campaign.backend = backend.kind
    return backend


def latest_revision(page):
    revision = page.get_latest_revision()
    if revision is None:
        revision = page.save_revision(log_action=False)
    return revision


def state_message(campaign) -> str:
    """Why nothing can be started on this campaign now."""
    if campaign.state == CampaignState.SCHEDULED:
        when = date_format(timezone.localtime(campaign.scheduled_for), "DATETIME_FORMAT")
        return _(
            "Deze nieuwsbrief is al ingepland voor %(when)s. Trek de inplanning eerst in."
        ) % {"when": when}
    if campaign.state == CampaignState.SENDING:
        return _("Deze nieuwsbrief wordt al verstuurd. Hij gaat maar één keer de deur uit.")
    if campaign.state == CampaignState.SENT:
        return _("Deze nieuwsbrief is al verstuurd. Hij gaat maar één keer de deur uit.")
    return ""


def _locked(page, operation):
    """Run `operation(campaign, backend)` under the campaign's row lock. A CampaignError is raised
    after the commit, so what the operation recorded before failing (remote ids) is kept."""
    campaign_for(page)
    error = None
    with transaction.atomic():
        campaign = NewsletterCampaign.objects.select_for_update().get(page_id=page.pk)
        NewsletterCampaign.objects.filter(pk=campaign.pk).update(updated_at=timezone.now())
        backend = backend_for(campaign)
        try:
            result = operation(campaign, backend)
        except CampaignError as exc:
            error = exc
    if error is not None:
        raise error
    return result


def _check_revision(revision, expected_revision_id):
    if expected_revision_id is not None and int(expected_revision_id) != revision.pk:
        raise CampaignError(
            _(
                "De nieuwsbrief is gewijzigd sinds je deze bevestiging opende. Bekijk het voorbeeld "
                "opnieuw en bevestig dan nog eens."
            )
        )


def _log(page, action, user, **data):
    try:
        log(instance=page, action=action, user=user, data=data)
    except Exception:  # an audit entry must never turn a done send into an error
        logger.exception("newsletter: could not write the audit log entry %s", action)


def send_test(page, emails, *, user=None) -> Outcome:
    """Mail the latest version (or the scheduled one) to a few addresses, marked as a test."""
    emails = parse_addresses(emails)

    def operation(campaign, backend):
        backend.check_configuration()
        if campaign.state in OUT:
            raise CampaignError(state_message(campaign))
        revision = campaign.revision if campaign.state == CampaignState.SCHEDULED else latest_revision(page)
        rendered = render_newsletter(revision.as_object())
        backend.send_test(campaign, revision, rendered, emails)
        return campaign, revision

    campaign, revision = _locked(page, operation)
    _log(page, "newsletter.send_test", user, emails=emails, revision_id=revision.pk)
    return Outcome(
        campaign,
        _("Testmail verstuurd naar %(emails)s.") % {"emails": ", ".join(emails)},
    )


def schedule(page, when, *, user=None, expected_revision_id=None) -> Outcome:
    def operation(campaign, backend):
        backend.check_configuration()
        backend.validate_schedule_time(when)
        if campaign.state not in STARTABLE:
            raise CampaignError(state_message(campaign))
        revision = latest_revision(page)
        _check_revision(revision, expected_revision_id)
        rendered = render_newsletter(revision.as_object())
        backend.schedule(campaign, revision, rendered, when)
        campaign.transition(
            STARTABLE,
            CampaignState.SCHEDULED,
            revision=revision,
            scheduled_for=when,
            subject=rendered.subject,
            sent_by=user,
            last_error="",
        )
        return campaign

    campaign = _locked(page, operation)
    if campaign.backend == "local":
        from ..campaign_tasks import queue_due_start

        queue_due_start(campaign.pk, when)
    _log(page, "newsletter.schedule", user, scheduled_for=when.isoformat(), revision_id=campaign.revision_id)
    local_when = date_format(timezone.localtime(when), "DATETIME_FORMAT")
    return Outcome(campaign, _("Ingepland voor %(when)s.") % {"when": local_when})


def unschedule(page, *, user=None) -> Outcome:
    def operation(campaign, backend):
        if campaign.state != CampaignState.SCHEDULED:
            raise CampaignError(_("Deze nieuwsbrief is niet ingepland."))
        backend.unschedule(campaign)
        campaign.transition(
            (CampaignState.SCHEDULED,), CampaignState.DRAFT, scheduled_for=None, revision=None
        )
        return campaign

    campaign = _locked(page, operation)
    _log(page, "newsletter.unschedule", user)
    return Outcome(campaign, _("De inplanning is ingetrokken. Er is niets verstuurd."))


def send_now(page, *, user=None, expected_revision_id=None) -> Outcome:
    """Send the latest version to the whole audience, once."""

    def claim(campaign, backend):
        backend.check_configuration()
        if campaign.state not in STARTABLE:
            raise CampaignError(state_message(campaign))
        revision = latest_revision(page)
        _check_revision(revision, expected_revision_id)
        rendered = render_newsletter(revision.as_object())
        if not campaign.transition(
            STARTABLE,
            CampaignState.SENDING,
            revision=revision,
            subject=rendered.subject,
            started_at=timezone.now(),
            scheduled_for=None,
            sent_by=user,
            last_error="",
        ):
            raise CampaignError(state_message(NewsletterCampaign.objects.get(pk=campaign.pk)))
        return campaign, backend, revision, rendered

    campaign, backend, revision, rendered = _locked(page, claim)
    _start(campaign, backend, revision, rendered, user)
    return Outcome(campaign, _started_message(campaign))


def _started_message(campaign):
    if campaign.state == CampaignState.SENT:
        return _("De nieuwsbrief is verstuurd naar %(n)s ontvangers.") % {"n": campaign.recipient_count or 0}
    return _("De nieuwsbrief wordt verstuurd naar %(n)s ontvangers.") % {"n": campaign.recipient_count or 0}


def _start(campaign, backend, revision, rendered, user):
    """The campaign is in "sending": hand it to the backend; on failure record why."""
    try:
        backend.send(campaign, revision, rendered)
    except CampaignError as error:
        campaign.transition((CampaignState.SENDING,), CampaignState.FAILED, last_error=error.message)
        _log(campaign.page, "newsletter.send_failed", user, error=error.message, revision_id=revision.pk)
        raise
    campaign.refresh_from_db()
    if campaign.backend != "local":
        publish_sent_revision(campaign)
    _log(campaign.page, "newsletter.send", user, revision_id=revision.pk, recipients=campaign.recipient_count)


def start_due(campaign_id: int, *, now=None) -> bool:
    """Start a scheduled local send whose time has come. True when this call started it."""
    now = now or timezone.now()
    campaign = NewsletterCampaign.objects.select_related("revision").filter(pk=campaign_id).first()
    if (
        campaign is None
        or campaign.backend != "local"
        or campaign.state != CampaignState.SCHEDULED
        or campaign.scheduled_for is None
        or campaign.scheduled_for > now
    ):
        return False
    if not campaign.transition((CampaignState.SCHEDULED,), CampaignState.SENDING, started_at=now):
        return False
    revision = campaign.revision
    rendered = render_newsletter(revision.as_object())
    try:
        _start(campaign, get_backend(campaign.backend), revision, rendered, campaign.sent_by)
    except CampaignError:
        logger.exception("newsletter: scheduled send of campaign %s failed", campaign.pk)
    return True


def refresh(page) -> Outcome:
    """Follow the campaign (Mailchimp status and report; local completion)."""
    campaign = campaign_for(page)
    backend = backend_for(campaign)
    backend.refresh(campaign)
    campaign.refresh_from_db()
    if campaign.state in OUT:
        publish_sent_revision(campaign)
    return Outcome(campaign, _("De status is bijgewerkt."))


def publish_sent_revision(campaign) -> None:
    """Put the version that went out in the public archive: publish it once. Once that revision
    has been published, an editor's later choice (unpublishing the issue, publishing a
    correction) stands: following the campaign never publishes it again."""
    from wagtail.models import PageLogEntry

    revision = campaign.revision
    if revision is None:
        return
    page = campaign.page
    page.refresh_from_db(fields=["live", "live_revision"])
    if page.live and page.live_revision_id == revision.pk:
        return
    if PageLogEntry.objects.filter(page=page, action="wagtail.publish", revision=revision).exists():
        return
    revision.publish(user=campaign.sent_by, skip_permission_checks=True)
