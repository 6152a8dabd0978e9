"""Send a newsletter page from the command line, as the admin buttons do.

    manage.py newsletter_send <page-id> --test a@b.nl[,c@d.nl]
    manage.py newsletter_send <page-id> --now
    manage.py newsletter_send <page-id> --schedule 2026-11-02T09:15[+01:00]
    manage.py newsletter_send <page-id> --unschedule | --refresh | --status
    manage.py newsletter_send <page-id> --resume   (local delivery after a worker died)
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from newsletter.campaigns import service
from newsletter.campaigns.backends.base import CampaignError
from newsletter.models import NewsletterPage


class Command(BaseCommand):
    help = "Test, schedule, send or follow a newsletter page (Mailchimp or local SMTP delivery)."

    def add_arguments(self, parser):
        parser.add_argument("page_id", type=int)
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--test", metavar="ADDRESSES", help="Comma-separated test addresses.")
        action.add_argument("--now", action="store_true", help="Send to the whole audience now.")
        action.add_argument("--schedule", metavar="ISO_TIME", help="Schedule (Mailchimp: on a quarter hour).")
        action.add_argument("--unschedule", action="store_true")
        action.add_argument("--refresh", action="store_true", help="Update status and report.")
        action.add_argument("--status", action="store_true")
        action.add_argument(
            "--resume",
            action="store_true",
            help="Local delivery: queue the rest of a send whose worker died (no one gets a second copy).",
        )

    def handle(self, *args, page_id, **options):
        page = NewsletterPage.objects.filter(pk=page_id).first()
        if page is None:
            raise CommandError(f"No newsletter page with id {page_id}.")
        try:
            if options["test"]:
                outcome = service.send_test(page, options["test"])
            elif options["now"]:
                outcome = service.send_now(page)
            elif options["schedule"]:
                outcome = service.schedule(page, self.parse_time(options["schedule"]))
            elif options["unschedule"]:
                outcome = service.unschedule(page)
            elif options["refresh"]:
                outcome = service.refresh(page)
            elif options["resume"]:
                from newsletter.campaign_tasks import resume_local

                campaign = service.campaign_for(page)
                resumed = resume_local(campaign, force=True)
                campaign.refresh_from_db()
                outcome = service.Outcome(
                    campaign, "Delivery queued again." if resumed else "Nothing to resume."
                )
            else:
                outcome = service.Outcome(service.campaign_to_show(page), "")
        except CampaignError as error:
            raise CommandError(error.message) from error
        campaign = outcome.campaign
        if outcome.message:
            self.stdout.write(outcome.message)
        self.stdout.write(
            f"state={campaign.state} backend={campaign.backend} recipients={campaign.recipient_count} "
            f"revision={campaign.revision_id} remote_id={campaign.remote_id or '-'}"
        )
        if campaign.pk and campaign.backend == "local" and campaign.state in ("sending", "sent"):
            counts = campaign.delivery_counts()
            self.stdout.write("deliveries " + " ".join(f"{k}={v}" for k, v in counts.items()))

    def parse_time(self, value):
        moment = parse_datetime(value)
        if moment is None:
            raise CommandError(f"Not an ISO 8601 time: {value!r}")
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment
