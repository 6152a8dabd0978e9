"""Keep e-mail addresses out of error texts that are logged or stored on rows that outlive an AVG
erasure (deliveries, campaigns, sync state, log files)."""

from __future__ import annotations

import re

ADDRESS_PLACEHOLDER = "<adres>"
_ADDRESS = re.compile(r"[^\s<>\"'(),;:\[\]{}]+@[^\s<>\"'(),;:\[\]{}]+\.[A-Za-z0-9-]+")


def redact_addresses(text: str) -> str:
    """The text with every e-mail address replaced by "<adres>"."""
    return _ADDRESS.sub(ADDRESS_PLACEHOLDER, text or "")


def smtp_error_text(error: BaseException) -> str:
    """An SMTP error as "code text", without the recipient's address (SMTPRecipientsRefused
    carries a dict keyed by address)."""
    recipients = getattr(error, "recipients", None)
    if isinstance(recipients, dict) and recipients:
        code, text = next(iter(recipients.values()))
        return redact_addresses(f"{code} {_decode(text)}")
    code = getattr(error, "smtp_code", None)
    if code is not None:
        return redact_addresses(f"{code} {_decode(getattr(error, 'smtp_error', b''))}")
    return redact_addresses(f"{type(error).__name__}: {error}")


def _decode(value) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)
