"""The site's own delivery when no Mailchimp is configured: one e-mail per confirmed subscriber
through Django's e-mail backend (SMTP in production), in batches by background tasks.

Exactly-once, as far as SMTP allows: the recipients are fixed when the send starts (one Delivery
row per subscriber, unique), and each delivery is claimed by a guarded update right before its SMTP
conversation and marked sent right after. A worker killed in between leaves at most the one mail it
was handing over in "sending"; resuming marks that one "unknown" and never sends it again, and
sends every other pending delivery once.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ...models.campaigns import CampaignState, Delivery, DeliveryState, NewsletterCampaign
from ...redact import smtp_error_text
from .base import CampaignBackend, CampaignError

logger = logging.getLogger(__name__)

BATCH_SIZE = 100
CREATE_CHUNK = 1000
# A claimed delivery older than this belongs to a worker that died (an SMTP conversation is
# bounded by EMAIL_TIMEOUT, far below this).
STALE_CLAIM = timedelta(minutes=15)
LIST_ID = "Nieuwsbrief Twentse Koers <nieuwsbrief.twentsekoers.nl>"


def unsubscribe_url(subscriber) -> str:
    from ...tokens import unsubscribe_url as make_url

    return make_url(subscriber)


def sample_unsubscribe_url() -> str:
    from ...email import base_url

    return f"{base_url()}/nieuwsbrief/afmelden/voorbeeld-link/"


def from_address(site_settings) -> str:
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    from_name = (getattr(site_settings, "newsletter_from_name", "") or "").strip() or name
    return formataddr((from_name, address)) if from_name else address


def message_domain() -> str:
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return address.rpartition("@")[2] or "localhost"


def build_message(rendered, *, to, site_settings, unsubscribe=None, message_id=None, connection=None):
    """One multipart message (plain text + HTML) with RFC 8058 one-click unsubscribe headers."""
    personal = rendered.personalise(unsubscribe) if unsubscribe else rendered
    reply_to = (getattr(site_settings, "newsletter_reply_to", "") or "").strip()
    headers = {"List-Id": LIST_ID, "Precedence": "bulk"}
    if unsubscribe:
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    if message_id:
        headers["Message-ID"] = message_id
    message = EmailMultiAlternatives(
        subject=personal.subject,
        body=personal.text,
        from_email=from_address(site_settings),
        to=[to],
        reply_to=[reply_to] if reply_to else None,
        headers=headers,
        connection=connection,
    )
    message.attach_alternative(personal.html, "text/html")
    return message


def _site_settings():
    from wagtail.models import Site

    from home.models import SiteSettings

    site = Site.objects.filter(is_default_site=True).first()
    return SiteSettings.for_site(site) if site else SiteSettings()


class LocalCampaignBackend(CampaignBackend):
    kind = "local"
    label = _("eigen verzending (SMTP)")

    def preview(self, rendered):
        return rendered.personalise(sample_unsubscribe_url())

    def subscribers(self):
        from ...models import Subscriber, SubscriberStatus

        return Subscriber.objects.filter(status=SubscriberStatus.SUBSCRIBED)

    def recipient_count(self) -> int:
        return self.subscribers().count()

    def send_test(self, campaign, revision, rendered, emails):
        from ...models import Subscriber

        site_settings = _site_settings()
        known = {s.email: s for s in Subscriber.objects.filter(email__in=[e.lower() for e in emails])}
        try:
            with get_connection() as connection:
                for email in emails:
                    subscriber = known.get(email.lower())
                    link = unsubscribe_url(subscriber) if subscriber else sample_unsubscribe_url()
                    test = rendered.__class__(
                        subject=f"[TEST] {rendered.subject}",
                        preview_text=rendered.preview_text,
                        html=rendered.html,
                        text=rendered.text,
                    )
                    build_message(
                        test,
                        to=email,
                        site_settings=site_settings,
                        unsubscribe=link,
                        connection=connection,
                    ).send()
        except (OSError, smtplib.SMTPException) as error:
            raise CampaignError(
                _("De testmail kon niet worden verstuurd (%(error)s).") % {"error": error}
            ) from error

    def schedule(self, campaign, revision, rendered, when):
        """Nothing remote: the campaign tasks start the send when its time has come."""

    def unschedule(self, campaign):
        """Nothing remote to cancel."""

    def send(self, campaign, revision, rendered):
        """Fix the recipients (one delivery per confirmed subscriber) and queue the batches."""
        from ..service import publish_sent_revision

        ids = list(self.subscribers().order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), CREATE_CHUNK):
            Delivery.objects.bulk_create(
                [Delivery(campaign=campaign, subscriber_id=pk) for pk in ids[start : start + CREATE_CHUNK]],
                ignore_conflicts=True,
            )
        count = campaign.deliveries.count()
        NewsletterCampaign.objects.filter(pk=campaign.pk).update(recipient_count=count)
        campaign.recipient_count = count
        publish_sent_revision(campaign)
        queue_delivery(campaign.pk)

    def refresh(self, campaign):
        if campaign.state == CampaignState.SENDING:
            finish_if_done(campaign)


def queue_delivery(campaign_id: int) -> None:
    from ...campaign_tasks import deliver_batch, enqueue

    enqueue(deliver_batch, campaign_id)


def mark_stale_claims(campaign, *, older_than=STALE_CLAIM) -> int:
    """Deliveries claimed by a worker that died: they may have arrived, so never send them again."""
    moment = timezone.now() - older_than if older_than else None
    stale = Delivery.objects.filter(campaign=campaign, state=DeliveryState.SENDING)
    if moment is not None:
        stale = stale.filter(Q(claimed_at__lt=moment) | Q(claimed_at__isnull=True))
    return stale.update(
        state=DeliveryState.UNKNOWN,
        error=_("Verzending onderbroken; misschien al aangekomen, daarom niet opnieuw verstuurd."),
    )


def finish_if_done(campaign) -> bool:
    """Mark the campaign sent when no delivery is waiting or in flight."""
    open_states = (DeliveryState.PENDING, DeliveryState.SENDING)
    if Delivery.objects.filter(campaign=campaign, state__in=open_states).exists():
        return False
    return campaign.transition(
        (CampaignState.SENDING,), CampaignState.SENT, sent_at=campaign.sent_at or timezone.now()
    )


def deliver(campaign_id: int, *, batch_size: int = BATCH_SIZE) -> dict:
    """Send up to `batch_size` pending deliveries of a local campaign. Returns counts and whether
    more remain. Safe to run in several workers at once and to run again after a crash."""
    from ...email import render_newsletter

    campaign = NewsletterCampaign.objects.select_related("revision").filter(pk=campaign_id).first()
    if campaign is None or campaign.state != CampaignState.SENDING or campaign.revision is None:
        return {"sent": 0, "failed": 0, "more": False}
    mark_stale_claims(campaign)
    site_settings = _site_settings()
    rendered = render_newsletter(campaign.revision.as_object())
    domain = message_domain()
    pending = list(
        Delivery.objects.filter(campaign=campaign, state=DeliveryState.PENDING)
        .select_related("subscriber")
        .order_by("pk")[:batch_size]
    )
    sent = failed = 0
    connection = get_connection()
    try:
        connection.open()
    except (OSError, smtplib.SMTPException) as error:
        _note_retry(campaign, error)
        return {"sent": 0, "failed": 0, "more": True, "retry": True}
    accepted = None  # the last delivery the server accepted, recorded with the next claim
    try:
        for delivery in pending:
            subscriber = delivery.subscriber
            if subscriber is None or subscriber.status != "subscribed":
                Delivery.objects.filter(pk=delivery.pk, state=DeliveryState.PENDING).update(
                    state=DeliveryState.FAILED, error=_("Afgemeld of gewist voor verzending.")
                )
                continue
            message = build_message(
                rendered,
                to=subscriber.email,
                site_settings=site_settings,
                unsubscribe=unsubscribe_url(subscriber),
                message_id=f"<nieuwsbrief-{campaign.pk}-{delivery.pk}@{domain}>",
                connection=connection,
            )
            # One commit per mail: record the previous mail as sent and claim this one.
            with transaction.atomic():
                if accepted is not None:
                    _mark_sent(accepted)
                    accepted = None
                claimed = Delivery.objects.filter(pk=delivery.pk, state=DeliveryState.PENDING).update(
                    state=DeliveryState.SENDING, claimed_at=timezone.now(), attempts=delivery.attempts + 1
                )
            if not claimed:
                continue  # another worker has it
            outcome = _send_one(message)
            if outcome is None:
                accepted = delivery.pk
                sent += 1
                continue
            state, error = outcome
            Delivery.objects.filter(pk=delivery.pk).update(
                state=state,
                error=smtp_error_text(error)[:500],
                **({"claimed_at": None} if state == DeliveryState.PENDING else {}),
            )
            if state == DeliveryState.FAILED:
                failed += 1
                continue
            _note_retry(campaign, error)
            return {"sent": sent, "failed": failed, "more": True, "retry": True}
    finally:
        if accepted is not None:
            _mark_sent(accepted)
        try:
            connection.close()
        except (OSError, smtplib.SMTPException):
            logger.debug("newsletter delivery: closing the SMTP connection failed", exc_info=True)
    more = Delivery.objects.filter(campaign=campaign, state=DeliveryState.PENDING).exists()
    if not more:
        finish_if_done(campaign)
    return {"sent": sent, "failed": failed, "more": more}


def _mark_sent(delivery_pk):
    Delivery.objects.filter(pk=delivery_pk).update(state=DeliveryState.SENT, sent_at=timezone.now(), error="")


def _send_one(message):
    """None when the server accepted the message, else (new delivery state, error):
    refused for good, or a message Django cannot encode -> failed; refused for now (4xx) -> pending
    again; the conversation broke off half-way -> unknown (the server may have accepted it: never send it twice)."""
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as error:
        return DeliveryState.FAILED, error
    except smtplib.SMTPResponseException as error:
        if error.smtp_code >= 500:
            return DeliveryState.FAILED, error
        return DeliveryState.PENDING, error
    except ValueError as error:
        # The address or a header cannot be encoded: Django refuses before the SMTP conversation.
        return DeliveryState.FAILED, error
    except (OSError, smtplib.SMTPException) as error:
        return DeliveryState.UNKNOWN, error
    return None


def _note_retry(campaign, error):
    error = smtp_error_text(error)
    logger.warning("newsletter campaign %s: SMTP error %s, retrying later", campaign.pk, error)
    NewsletterCampaign.objects.filter(pk=campaign.pk).update(
        last_error=_("SMTP-fout, wordt later opnieuw geprobeerd: %(error)s") % {"error": error}
    )
