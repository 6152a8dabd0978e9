"""Shared access to the Mailchimp Marketing API through the official `mailchimp-marketing` client.

Everything that talks to Mailchimp (audience sync in issue 4, campaigns in issue 5) goes through
`get_client()` and `call()`, so the quirks of the 3.0.80 client are handled in one place:

* the client has no setting for its base URL: `MAILCHIMP_API_URL` is applied by overwriting
  `client.api_client.host` after `set_config()` (that is how tests point it at the emulator);
* the client does not hash e-mail addresses in member paths: use `subscriber_hash()`;
* errors arrive as `ApiClientError` whose `.text` is a dict (application/json), a raw JSON string
  (application/problem+json, what Mailchimp really sends), plain text (HTML from the CDN) or the
  `requests` exception (transport failure, `status_code is None`);
* a non-2xx answer with an empty body (bare 429/403 under throttling) is *returned* as a
  `requests.Response` instead of raised, and so are the 204 answers of the action endpoints.

`call()` turns all of that into either a result (dict, or None for an empty 2xx) or a `MailchimpError`
with `status`, `title`, `detail` and `transient`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import mailchimp_marketing
from django.conf import settings
from mailchimp_marketing.api_client import ApiClientError

from .redact import redact_addresses

DEFAULT_TIMEOUT = 10.0

# Status codes worth retrying later. 401/403 are account-level problems (key revoked, account
# throttled or disabled): nothing is wrong with the subscriber, so they are retried with backoff
# rather than marking every subscriber as permanently failed.
TRANSIENT_STATUSES = frozenset({401, 403, 408, 409, 425, 429})


@dataclass
class MailchimpError(Exception):
    """A failed Mailchimp call: HTTP status (None for transport errors), problem title and detail."""

    status: int | None
    title: str = ""
    detail: str = ""
    errors: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self):
        super().__init__(self.message)

    @property
    def transient(self) -> bool:
        """True when retrying later may succeed (transport errors, throttling, server faults)."""
        status = self.status
        return status is None or status >= 500 or status in TRANSIENT_STATUSES

    @property
    def permanent(self) -> bool:
        return not self.transient

    @property
    def message(self) -> str:
        """Mailchimp's own words, for staff: 'Invalid Resource: x looks fake or invalid ...'."""
        parts = [p for p in (self.title, self.detail) if p]
        text = ": ".join(parts) if parts else "Onbekende fout"
        for item in self.errors or ():
            if isinstance(item, dict) and (item.get("field") or item.get("message")):
                text += f" [{item.get('field', '')}: {item.get('message', '')}]"
        prefix = f"HTTP {self.status}" if self.status is not None else "Verbinding mislukt"
        # Logged and stored on rows that outlive an erasure: never the member's address.
        return redact_addresses(f"{prefix} – {text}")

    def __str__(self) -> str:
        return self.message


def is_configured() -> bool:
    """Mailchimp is used when both an API key (format key-dc) and an audience id are set."""
    return bool(
        getattr(settings, "MAILCHIMP_API_KEY", None)
        and getattr(settings, "MAILCHIMP_AUDIENCE_ID", None)
    )


def audience_id() -> str:
    return settings.MAILCHIMP_AUDIENCE_ID


def data_centre(api_key: str) -> str:
    """The data centre is the part after the single '-' in the key (`...-us6` -> `us6`)."""
    _, sep, dc = (api_key or "").rpartition("-")
    return dc if sep and dc else ""


def api_base_url() -> str:
    """`MAILCHIMP_API_URL` when set, else https://<dc>.api.mailchimp.com/3.0."""
    override = getattr(settings, "MAILCHIMP_API_URL", None)
    if override:
        return override.rstrip("/")
    return f"https://{data_centre(settings.MAILCHIMP_API_KEY)}.api.mailchimp.com/3.0"


def get_client(timeout: float | None = None) -> mailchimp_marketing.Client:
    """A configured official client. Build a fresh one per unit of work (it holds no connection)."""
    if not settings.MAILCHIMP_API_KEY:
        raise MailchimpError(None, "Niet geconfigureerd", "MAILCHIMP_API_KEY is niet ingesteld.")
    if timeout is None:
        timeout = float(getattr(settings, "MAILCHIMP_TIMEOUT", None) or DEFAULT_TIMEOUT)
    key = settings.MAILCHIMP_API_KEY
    client = mailchimp_marketing.Client()
    # The client replaces the text "server" anywhere in the URL with this value; with an explicit
    # host we still pass the real dc so that a host without "server" in it is left untouched.
    client.set_config({"api_key": key, "server": data_centre(key) or "invalid", "timeout": timeout})
    client.api_client.host = api_base_url()
    return client


def subscriber_hash(email: str) -> str:
    """MD5 of the lower-cased address: Mailchimp's member id. The client does not hash for us."""
    return hashlib.md5(email.strip().lower().encode("utf-8"), usedforsecurity=False).hexdigest()


def _problem_from_body(status: int | None, body: Any) -> MailchimpError:
    if isinstance(body, (bytes, bytearray)):
        body = body.decode("utf-8", "replace")
    if isinstance(body, str):
        stripped = body.strip()
        if stripped.startswith("{"):
            with contextlib.suppress(ValueError):
                body = json.loads(stripped)
    if isinstance(body, dict):
        errors = body.get("errors") if isinstance(body.get("errors"), list) else []
        return MailchimpError(
            status if status is not None else body.get("status"),
            str(body.get("title") or ""),
            str(body.get("detail") or ""),
            errors,
        )
    if isinstance(body, str):
        text = " ".join(body.split())
        return MailchimpError(status, "", text[:300])
    return MailchimpError(status, "", "")


def parse_error(exc: BaseException) -> MailchimpError:
    """Turn anything the client raises into a MailchimpError."""
    if isinstance(exc, MailchimpError):
        return exc
    if isinstance(exc, ApiClientError):
        if exc.status_code is None:
            # Transport error: .text is the requests exception (refused, DNS, timeout).
            inner = exc.text
            name = type(inner).__name__ if isinstance(inner, BaseException) else "Fout"
            return MailchimpError(None, name, str(inner)[:300])
        return _problem_from_body(exc.status_code, exc.text)
    return MailchimpError(None, type(exc).__name__, str(exc)[:300])


def check_result(result: Any) -> Any:
    """Normalise a client return value: dict for JSON, None for an empty 2xx, raise for an empty non-2xx."""
    status = getattr(result, "status_code", None)
    if status is not None and hasattr(result, "ok"):
        if not result.ok:
            # Empty-bodied error (e.g. bare 429 or 403 when Mailchimp throttles).
            title = getattr(result, "reason", "") or ""
            return_body = getattr(result, "text", "") or ""
            raise (
                _problem_from_body(status, return_body)
                if return_body.strip()
                else MailchimpError(status, title, "")
            )
        try:
            return result.json() if result.content else None
        except ValueError:
            return None
    return result


def call(func, *args, **kwargs) -> Any:
    """Run one client method; return its dict (or None for an empty 2xx) or raise MailchimpError.

    Usage: `call(client.lists.set_list_member, list_id, subscriber_hash(email), body)`.
    """
    try:
        result = func(*args, **kwargs)
    except ApiClientError as exc:
        raise parse_error(exc) from None
    except MailchimpError:
        raise
    except (
        OSError,
        ValueError,
    ) as exc:  # defensive: the client wraps requests errors, but not JSON decoding
        raise parse_error(exc) from None
    return check_result(result)
