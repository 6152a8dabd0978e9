"""Mailchimp backend: the audience in Mailchimp mirrors our subscribers, both ways.

Push (ours -> Mailchimp):
* never-synced pending/subscribed subscribers go in batches of 500 through batch subscribe
  (POST /lists/{id}, update_existing false), so a fresh audience of 10,000 costs ~20 calls;
  addresses Mailchimp already knows come back as ERROR_CONTACT_EXISTS and are pushed one by one;
* everything else one by one: PUT by subscriber hash with status_if_new (pending for a new
  sign-up: Mailchimp mails the double opt-in), an explicit status "pending" to re-subscribe
  someone who unsubscribed, PATCH status "unsubscribed" for an unsubscribe.
A transient failure (network, timeout, 429, 5xx, throttling) stops the run and schedules a retry
with backoff; a permanent one (Mailchimp refuses the address) is recorded with Mailchimp's own
message and not retried until staff ask for it.

Pull (Mailchimp -> ours): GET members with since_last_changed from the newest last_changed seen
before, 1,000 per page. Local changes not yet pushed win; erased addresses are never re-created;
pending or unsubscribed members unknown to us are not imported (data minimisation).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime

from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from newsletter import mailchimp
from newsletter.mailchimp import MailchimpError, call, subscriber_hash
from newsletter.models import ErasedSubscriber, Subscriber, SubscriberStatus, SyncState
from newsletter.models.subscribers import bump_attempt, erasure_digest, normalise_email

from .base import AudienceBackend, PullReport, PushReport, next_attempt

BATCH_SIZE = 500
PAGE_SIZE = 1000
ONE_BY_ONE_CHUNK = 200
REMOTE_STATUSES = {s.value for s in SubscriberStatus}
PULL_FIELDS = [
    "members.email_address",
    "members.status",
    "members.merge_fields",
    "members.last_changed",
    "members.timestamp_opt",
    "members.contact_id",
    "total_items",
]


def parse_time(value) -> datetime | None:
    if not value:
        return None
    parsed = parse_datetime(str(value))
    if parsed is not None and timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def iso(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def remote_fields(member: dict | None) -> dict:
    if not member:
        return {"remote_status": ""}
    fields = {"remote_status": str(member.get("status") or "")[:20]}
    if member.get("last_changed"):
        fields["remote_last_changed"] = parse_time(member["last_changed"])
    if member.get("contact_id"):
        fields["remote_contact_id"] = str(member["contact_id"])[:64]
    return fields


class MailchimpBackend(AudienceBackend):
    name = "mailchimp"
    label = "Mailchimp"
    sends_confirmation = False
    syncs_remote = True

    def __init__(self, client=None):
        self._client = client
        self.list_id = mailchimp.audience_id()
        self.calls = 0

    @property
    def client(self):
        if self._client is None:
            self._client = mailchimp.get_client()
        return self._client

    def _call(self, func_name: str, *args, **kwargs):
        self.calls += 1
        return call(getattr(self.client.lists, func_name), *args, **kwargs)

    # ---- hooks (after commit: enqueue only) ------------------------------------------------

    def after_signup(self, subscriber, *, resend: bool) -> None:
        from newsletter.tasks import enqueue, push_subscriber

        enqueue(push_subscriber, subscriber.pk)

    def after_change(self, subscriber) -> None:
        from newsletter.tasks import enqueue, push_subscriber

        enqueue(push_subscriber, subscriber.pk)

    def after_erase(self, tombstone) -> None:
        from newsletter.tasks import enqueue, erase_remote

        if not tombstone.remote_deleted:
            enqueue(erase_remote, tombstone.pk)

    # ---- push one --------------------------------------------------------------------------

    @staticmethod
    def member_body(subscriber) -> dict:
        body = {"email_address": subscriber.email, "status_if_new": subscriber.status}
        if subscriber.first_name:
            body["merge_fields"] = {"FNAME": subscriber.first_name}
        return body

    def push(self, subscriber) -> None:
        """Make Mailchimp reflect this subscriber. Raises MailchimpError; records success itself."""
        version = subscriber.sync_version
        digest = subscriber_hash(subscriber.email)
        member = None
        adopt: dict = {}
        if subscriber.status in (SubscriberStatus.PENDING, SubscriberStatus.SUBSCRIBED):
            body = self.member_body(subscriber)
            member = self._call("set_list_member", self.list_id, digest, body)
            remote = (member or {}).get("status")
            if subscriber.status == SubscriberStatus.PENDING and remote in (
                "unsubscribed",
                "cleaned",
                "archived",
            ):
                # A renewed sign-up: Mailchimp needs an explicit pending to send a new opt-in mail.
                member = self._call(
                    "set_list_member", self.list_id, digest, {**body, "status": "pending"}
                )
            elif subscriber.status == SubscriberStatus.SUBSCRIBED and remote == "pending":
                # Confirmed on our own page (double opt-in done here).
                member = self._call(
                    "set_list_member", self.list_id, digest, {**body, "status": "subscribed"}
                )
            remote = (member or {}).get("status")
            if subscriber.status == SubscriberStatus.PENDING and remote == "subscribed":
                adopt = {"status": SubscriberStatus.SUBSCRIBED, "confirmed_at": timezone.now()}
            elif subscriber.status == SubscriberStatus.SUBSCRIBED and remote in (
                "unsubscribed",
                "cleaned",
            ):
                adopt = {"status": remote, "unsubscribed_at": timezone.now()}
        elif subscriber.status == SubscriberStatus.UNSUBSCRIBED:
            try:
                member = self._call(
                    "update_list_member", self.list_id, digest, {"status": "unsubscribed"}
                )
            except MailchimpError as exc:
                if exc.status != 404:
                    raise
        subscriber.push_succeeded(version, remote=remote_fields(member), adopt=adopt)

    def push_safely(self, subscriber, report: PushReport) -> bool:
        """Push one; record a failure on the subscriber. Returns False when Mailchimp is unreachable."""
        try:
            self.push(subscriber)
        except MailchimpError as exc:
            bump_attempt(
                [subscriber.pk],
                exc.message,
                permanent=exc.permanent,
                when=next_attempt(subscriber.sync_attempts + 1),
            )
            if exc.permanent:
                report.failed_permanently += 1
                return True
            report.deferred += 1
            report.aborted = True
            report.error = exc.message
            return False
        report.pushed += 1
        return True

    # ---- push many -------------------------------------------------------------------------

    def push_pending(self, *, limit=None, now=None) -> PushReport:
        report = PushReport()
        start_calls = self.calls
        try:
            done = 0
            fresh = (
                Subscriber.objects.to_push(now)
                .filter(
                    synced_at__isnull=True,
                    remote_status="",
                    status__in=[SubscriberStatus.PENDING, SubscriberStatus.SUBSCRIBED],
                )
                .order_by("pk")
            )
            last_pk = 0
            while limit is None or done < limit:
                chunk = list(fresh.filter(pk__gt=last_pk)[:BATCH_SIZE])
                if not chunk:
                    break
                last_pk = chunk[-1].pk
                done += len(chunk)
                if not self._push_batch(chunk, report):
                    return report
            rest = Subscriber.objects.to_push(now).order_by("pk")
            last_pk = 0
            while limit is None or done < limit:
                chunk = list(rest.filter(pk__gt=last_pk)[:ONE_BY_ONE_CHUNK])
                if not chunk:
                    break
                last_pk = chunk[-1].pk
                for subscriber in chunk:
                    done += 1
                    if not self.push_safely(subscriber, report):
                        return report
        finally:
            report.calls = self.calls - start_calls
        return report

    def _push_batch(self, chunk: list[Subscriber], report: PushReport) -> bool:
        members = []
        for s in chunk:
            item = {"email_address": s.email, "status": s.status}
            if s.first_name:
                item["merge_fields"] = {"FNAME": s.first_name}
            members.append(item)
        try:
            result = self._call(
                "batch_list_members", self.list_id, {"members": members, "update_existing": False}
            )
        except MailchimpError as exc:
            if exc.transient:
                attempts = max(s.sync_attempts for s in chunk) + 1
                bump_attempt(
                    [s.pk for s in chunk], exc.message, permanent=False, when=next_attempt(attempts)
                )
                report.deferred += len(chunk)
                report.aborted = True
                report.error = exc.message
                return False
            # The whole call was refused (one bad item can do that): isolate it one by one.
            return all(self.push_safely(s, report) for s in chunk)
        result = result or {}
        by_email = {s.email: s for s in chunk}
        # Successes: one UPDATE per (version, status) group, normally one or two in all.
        groups: dict[tuple[int, str], list[int]] = defaultdict(list)
        for entry in (result.get("new_members") or []) + (result.get("updated_members") or []):
            s = by_email.pop(normalise_email(entry.get("email_address", "")), None)
            if s is not None:
                groups[(s.sync_version, str(entry.get("status") or s.status))].append(s.pk)
        synced_at = timezone.now()
        for (version, status), ids in groups.items():
            report.pushed += Subscriber.objects.filter(pk__in=ids, sync_version=version).update(
                needs_push=False,
                sync_attempts=0,
                next_attempt_at=None,
                last_error="",
                synced_at=synced_at,
                remote_status=status[:20],
                updated_at=synced_at,
            )
        existing = []
        for error in result.get("errors") or []:
            s = by_email.pop(normalise_email(error.get("email_address", "")), None)
            if s is None:
                continue
            if error.get("error_code") == "ERROR_CONTACT_EXISTS":
                existing.append(s)
            else:
                message = (
                    f"HTTP 400 – {error.get('error') or error.get('field_message') or 'Geweigerd'}"
                )
                bump_attempt([s.pk], message, permanent=True, when=None)
                report.failed_permanently += 1
        # Known to Mailchimp already (e.g. a re-sign-up, or a call that timed out after all): the
        # single PUT decides the right status. Items Mailchimp did not mention are retried too.
        return all(self.push_safely(s, report) for s in existing + list(by_email.values()))

    # ---- pull ------------------------------------------------------------------------------

    def pull(self) -> PullReport:
        report = PullReport()
        state = SyncState.current()
        cursor = state.pull_cursor
        newest = cursor
        offset = 0
        start_calls = self.calls
        try:
            while True:
                kwargs = {"count": PAGE_SIZE, "offset": offset, "fields": PULL_FIELDS}
                if cursor is not None:
                    kwargs["since_last_changed"] = iso(cursor)
                page = self._call("get_list_members_info", self.list_id, **kwargs) or {}
                members = page.get("members") or []
                for member in members:
                    changed = parse_time(member.get("last_changed"))
                    if changed and (newest is None or changed > newest):
                        newest = changed
                with transaction.atomic():
                    self._apply_page(members, report)
                offset += len(members)
                if not members or offset >= int(page.get("total_items") or 0):
                    break
        finally:
            report.calls = self.calls - start_calls
        if newest is not None and newest != cursor:
            SyncState.objects.filter(pk=state.pk).update(pull_cursor=newest)
        return report

    def _apply_page(self, members: list[dict], report: PullReport) -> None:
        from newsletter.services import apply_remote_state

        report.seen += len(members)
        emails = [normalise_email(m.get("email_address", "")) for m in members]
        digests = {erasure_digest(e): e for e in emails if e}
        erased = set(
            ErasedSubscriber.objects.filter(digest__in=list(digests)).values_list(
                "digest", flat=True
            )
        )
        local = {s.email: s for s in Subscriber.objects.filter(email__in=emails)}
        missing_ids = [
            str(m.get("contact_id")) for m, e in zip(members, emails, strict=True) if e not in local
        ]
        by_contact = {
            s.remote_contact_id: s
            for s in Subscriber.objects.filter(
                remote_contact_id__in=[c for c in missing_ids if c and c != "None"]
            )
        }
        now = timezone.now()
        to_create: list[Subscriber] = []
        metadata_only: list[Subscriber] = []
        for member, email in zip(members, emails, strict=True):
            status = member.get("status")
            if not email or status not in REMOTE_STATUSES or erasure_digest(email) in erased:
                report.skipped += 1
                continue
            fname = str((member.get("merge_fields") or {}).get("FNAME") or "")
            remote = remote_fields(member)
            subscriber = local.get(email)
            new_email = None
            if subscriber is None and member.get("contact_id"):
                subscriber = by_contact.get(str(member["contact_id"]))
                new_email = email if subscriber is not None else None
            if subscriber is None:
                if status != SubscriberStatus.SUBSCRIBED:
                    report.skipped += 1
                    continue
                opted_in = parse_time(member.get("timestamp_opt")) or now
                to_create.append(
                    Subscriber(
                        email=email,
                        first_name=fname[:100],
                        status=status,
                        consent_text="",
                        source="Mailchimp",
                        consented_at=opted_in,
                        confirmed_at=opted_in,
                        needs_push=False,
                        synced_at=now,
                        **remote,
                    )
                )
                continue
            if subscriber.needs_push and not subscriber.sync_failed:
                # Our change is newer and on its way; keep only what Mailchimp has, for staff.
                metadata_only.append(self._with_remote(subscriber, remote))
                continue
            wants_change = (
                status != subscriber.status
                or (fname and fname != subscriber.first_name)
                or new_email
            )
            if wants_change:
                written = apply_remote_state(
                    subscriber,
                    status=status,
                    first_name=fname,
                    email=new_email,
                    remote={**remote, "synced_at": now},
                    confirmed_at=parse_time(member.get("timestamp_opt")),
                )
                report.updated += int(written)
            elif any(getattr(subscriber, k) != v for k, v in remote.items()):
                metadata_only.append(self._with_remote(subscriber, remote))
        if to_create:
            created = Subscriber.objects.bulk_create(to_create, ignore_conflicts=True)
            report.created += len(created)
        if metadata_only:
            self._save_remote_metadata(metadata_only)

    @staticmethod
    def _save_remote_metadata(subscribers: list[Subscriber]) -> None:
        """What Mailchimp reports about rows that need no other change, in one executemany
        (bulk_update's CASE expressions are slow for a page of 1,000 on SQLite)."""
        opts = Subscriber._meta
        table = connection.ops.quote_name(opts.db_table)
        columns = ["remote_status", "remote_last_changed", "remote_contact_id"]
        assignments = ", ".join(
            f"{connection.ops.quote_name(opts.get_field(c).column)} = %s" for c in columns
        )
        sql = f"UPDATE {table} SET {assignments} WHERE {connection.ops.quote_name(opts.pk.column)} = %s"  # noqa: S608
        adapt = connection.ops.adapt_datetimefield_value
        params = [
            (s.remote_status, adapt(s.remote_last_changed), s.remote_contact_id, s.pk)
            for s in subscribers
        ]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(sql, params)

    @staticmethod
    def _with_remote(subscriber, remote: dict):
        for key, value in remote.items():
            setattr(subscriber, key, value)
        return subscriber

    # ---- erasure ---------------------------------------------------------------------------

    def erase_remote(self, tombstone) -> None:
        """Permanently delete the member in Mailchimp; a member Mailchimp does not have is done too."""
        if tombstone.remote_deleted or not tombstone.remote_hash:
            return
        try:
            self._call("delete_list_member_permanent", self.list_id, tombstone.remote_hash)
        except MailchimpError as exc:
            if exc.status != 404:
                raise
        ErasedSubscriber.objects.filter(pk=tombstone.pk).update(
            remote_deleted=True, remote_hash="", last_error="", next_attempt_at=None
        )
