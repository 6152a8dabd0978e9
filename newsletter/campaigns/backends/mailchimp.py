"""Sending the monthly update as a regular Mailchimp campaign on the audience, through the shared
official client (`newsletter.mailchimp`, which honours MAILCHIMP_API_URL)."""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from ...mailchimp import MailchimpError, audience_id, call, get_client
from ...models.campaigns import CampaignState, NewsletterCampaign
from .base import CampaignBackend, CampaignError

logger = logging.getLogger(__name__)

# Mailchimp campaign status -> our state.
REMOTE_STATES = {
    "save": CampaignState.DRAFT,
    "paused": CampaignState.DRAFT,
    "schedule": CampaignState.SCHEDULED,
    "sending": CampaignState.SENDING,
    "sent": CampaignState.SENT,
    "canceling": CampaignState.FAILED,
    "canceled": CampaignState.FAILED,
}
REMOTE_OUT = ("sending", "sent")


def editor_message(action: str, error: MailchimpError) -> str:
    """Mailchimp's own words, prefixed with what we tried, for the editor."""
    if error.status is None:
        reason = _("Mailchimp is niet bereikbaar (%(detail)s). Probeer het later opnieuw.") % {
            "detail": error.detail or error.title
        }
    elif error.status >= 500:
        reason = _("Mailchimp had een storing (%(message)s). Probeer het later opnieuw.") % {
            "message": error.message
        }
    else:
        reason = _("Mailchimp weigerde dit: %(message)s") % {"message": error.message}
    return f"{action}: {reason}"


class MailchimpCampaignBackend(CampaignBackend):
    kind = "mailchimp"
    label = "Mailchimp"
    quarter_hour_grid = True

    def __init__(self):
        self._client = None

    @property
    def client(self):
        if self._client is None:
            self._client = get_client()
        return self._client

    def _call(self, action, func, *args, **kwargs):
        try:
            return call(func, *args, **kwargs)
        except MailchimpError as error:
            logger.warning("newsletter campaign: %s failed: %s", action, error.message)
            raise CampaignError(editor_message(action, error)) from error

    # ---- settings and content --------------------------------------------------------------

    def sender(self, page):
        from home.models import SiteSettings

        site = page.get_site()
        site_settings = SiteSettings.for_site(site) if site else None
        from_name = (getattr(site_settings, "newsletter_from_name", "") or "").strip()
        reply_to = (getattr(site_settings, "newsletter_reply_to", "") or "").strip()
        missing = []
        if not from_name:
            missing.append(_("afzendernaam nieuwsbrief"))
        if not reply_to:
            missing.append(_("antwoordadres nieuwsbrief"))
        if missing:
            raise CampaignError(
                _(
                    "Vul eerst bij Instellingen > Site-instellingen de %(fields)s in. Mailchimp "
                    "verstuurt niets zonder afzender."
                )
                % {"fields": " en de ".join(str(m) for m in missing)}
            )
        return from_name, reply_to

    def campaign_body(self, page, rendered) -> dict:
        from_name, reply_to = self.sender(page)
        return {
            "recipients": {"list_id": audience_id()},
            "settings": {
                "subject_line": rendered.subject,
                "preview_text": rendered.preview_text,
                "title": f"{page.title} (pagina {page.pk})"[:100],
                "from_name": from_name,
                "reply_to": reply_to,
                "auto_footer": False,
                "inline_css": False,
            },
            "tracking": {"opens": True, "html_clicks": True, "text_clicks": True},
        }

    def preview(self, rendered):
        from ...email import MAILCHIMP_UNSUBSCRIBE

        return rendered.personalise(MAILCHIMP_UNSUBSCRIBE)

    def _remember(self, campaign, data):
        fields = {
            "remote_id": data.get("id") or campaign.remote_id,
            "remote_web_id": str(data.get("web_id") or campaign.remote_web_id or ""),
            "remote_status": data.get("status") or campaign.remote_status,
            "archive_url": data.get("long_archive_url") or data.get("archive_url") or campaign.archive_url,
        }
        count = (data.get("recipients") or {}).get("recipient_count")
        if count is not None and campaign.state not in (CampaignState.SENDING, CampaignState.SENT):
            fields["recipient_count"] = count
        for name, value in fields.items():
            setattr(campaign, name, value)
        NewsletterCampaign.objects.filter(pk=campaign.pk).update(**fields)

    def push(self, campaign, revision, rendered):
        """Create or update the Mailchimp campaign with this revision's settings and content."""
        page = revision.as_object()
        body = self.campaign_body(page, rendered)
        data = None
        if campaign.remote_id:
            try:
                data = call(self.client.campaigns.update, campaign.remote_id, body)
            except MailchimpError as error:
                if error.status != 404:
                    raise CampaignError(editor_message(_("Campagne bijwerken"), error)) from error
                data = None  # deleted in Mailchimp: make a new one
        if data is None:
            data = self._call(
                _("Campagne aanmaken"), self.client.campaigns.create, {"type": "regular", **body}
            )
        self._remember(campaign, data)
        content = self.preview(rendered)
        self._call(
            _("Inhoud opslaan"),
            self.client.campaigns.set_content,
            campaign.remote_id,
            {"html": content.html, "plain_text": content.text},
        )

    def remote(self, campaign) -> dict | None:
        if not campaign.remote_id:
            return None
        try:
            data = call(self.client.campaigns.get, campaign.remote_id)
        except MailchimpError as error:
            if error.status == 404:
                return None
            raise CampaignError(editor_message(_("Campagne opvragen"), error)) from error
        self._remember(campaign, data)
        return data

    # ---- operations ------------------------------------------------------------------------

    def check_configuration(self):
        try:
            get_client()
        except MailchimpError as error:
            raise CampaignError(editor_message(_("Mailchimp instellen"), error)) from error

    def recipient_count(self) -> int:
        data = self._call(
            _("Ontvangers tellen"),
            self.client.lists.get_list,
            audience_id(),
            fields=["stats.member_count"],
        )
        return int(((data or {}).get("stats") or {}).get("member_count") or 0)

    def send_test(self, campaign, revision, rendered, emails):
        if campaign.state in (CampaignState.DRAFT, CampaignState.FAILED):
            self.push(campaign, revision, rendered)
        self._call(
            _("Testmail versturen"),
            self.client.campaigns.send_test_email,
            campaign.remote_id,
            {"test_emails": list(emails), "send_type": "html"},
        )

    def schedule(self, campaign, revision, rendered, when):
        self.push(campaign, revision, rendered)
        utc = when.astimezone(dt.UTC).replace(second=0, microsecond=0)
        self._call(
            _("Inplannen"),
            self.client.campaigns.schedule,
            campaign.remote_id,
            {"schedule_time": utc.strftime("%Y-%m-%dT%H:%M:%S+00:00")},
        )
        self.remote(campaign)

    def unschedule(self, campaign):
        try:
            call(self.client.campaigns.unschedule, campaign.remote_id)
        except MailchimpError as error:
            data = self.remote(campaign)
            if data is None or data.get("status") != "save":
                raise CampaignError(editor_message(_("Inplanning intrekken"), error)) from error

    def send(self, campaign, revision, rendered):
        """Send once: when Mailchimp already sends or sent this campaign (an earlier attempt whose
        answer got lost), record that instead of asking again."""
        data = self.remote(campaign)
        if data is not None and data.get("status") in REMOTE_OUT:
            self._mark_out(campaign, data)
            return
        self.push(campaign, revision, rendered)
        try:
            call(self.client.campaigns.send, campaign.remote_id)
        except MailchimpError as error:
            if error.transient:
                # The request may have arrived: ask before calling it a failure.
                try:
                    data = self.remote(campaign)
                except CampaignError:
                    data = None
                if data is not None and data.get("status") in REMOTE_OUT:
                    self._mark_out(campaign, data)
                    return
            raise CampaignError(editor_message(_("Versturen"), error)) from error
        data = self.remote(campaign) or {}
        self._mark_out(campaign, {**data, "status": data.get("status") or "sending"})

    def _mark_out(self, campaign, data):
        state = REMOTE_STATES.get(data.get("status"), CampaignState.SENDING)
        sent_at = parse_datetime(data.get("send_time") or "") or campaign.sent_at or timezone.now()
        count = (data.get("recipients") or {}).get("recipient_count")
        fields = {"sent_at": sent_at, "last_error": ""}
        if count is not None:
            fields["recipient_count"] = count
        campaign.transition(
            (CampaignState.SENDING, CampaignState.SCHEDULED, CampaignState.FAILED), state, **fields
        )

    def refresh(self, campaign):
        """Follow the campaign in Mailchimp: scheduled -> sending -> sent, and fetch the report."""
        data = self.remote(campaign)
        if data is None:
            return
        status = data.get("status")
        if status in REMOTE_OUT:
            if campaign.state != CampaignState.SENT:
                self._mark_out(campaign, data)
            self.fetch_report(campaign)
        elif status == "save" and campaign.state == CampaignState.SCHEDULED:
            campaign.transition((CampaignState.SCHEDULED,), CampaignState.DRAFT, scheduled_for=None)

    def fetch_report(self, campaign):
        try:
            data = call(self.client.reports.get_campaign_report, campaign.remote_id)
        except MailchimpError as error:
            if error.status == 404:
                return
            raise CampaignError(editor_message(_("Rapport ophalen"), error)) from error
        bounces = data.get("bounces") or {}
        opens = data.get("opens") or {}
        clicks = data.get("clicks") or {}
        report = {
            "emails_sent": data.get("emails_sent", 0),
            "opens": opens.get("unique_opens", 0),
            "open_rate": opens.get("open_rate", 0),
            "clicks": clicks.get("unique_subscriber_clicks", clicks.get("unique_clicks", 0)),
            "click_rate": clicks.get("click_rate", 0),
            "bounces": sum(int(bounces.get(key) or 0) for key in ("hard_bounces", "soft_bounces")),
            "unsubscribes": data.get("unsubscribed", 0),
            "abuse_reports": data.get("abuse_reports", 0),
        }
        now = timezone.now()
        NewsletterCampaign.objects.filter(pk=campaign.pk).update(report=report, report_updated_at=now)
        campaign.report, campaign.report_updated_at = report, now
