"""Mailchimp Marketing API 3.0 emulator for the test suite and the bench.

Serves, over real HTTP on 127.0.0.1, the part of the Marketing API that the newsletter module uses,
so the official ``mailchimp-marketing`` client talks to it without any patching. Behaviour follows
the official spec (subset in ``mailchimp_spec/``) and the error bodies Mailchimp really sends.
Every JSON response is validated against the spec's schema for that operation and status; a
violation is recorded in ``schema_errors`` (the pytest fixture fails the test on teardown).

Tests and operators drive it through thread-safe Python methods: fault injection
(``set_fault``), state snapshots (``members``, ``campaigns``), people's actions in Mailchimp that
return the webhook payload Mailchimp would POST to the site (``confirm``, ``unsubscribe``, ...),
and counters for benchmarking (``request_log``, ``call_count``).
"""

from __future__ import annotations

import base64
import binascii
import copy
import hashlib
import html as html_lib
import ipaddress
import json
import random
import re
import threading
import time
import traceback
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

SPEC_PATH = Path(__file__).with_name("mailchimp_spec") / "marketing-subset.json"
API_ROOT = "/3.0"
DEFAULT_API_KEY = "0123456789abcdef0123456789abcdef-us6"
ERROR_TYPE = "https://mailchimp.com/developer/marketing/docs/errors/"
PROBLEM_SCHEMA_URL = "https://us6.api.mailchimp.com/schema/3.0/ProblemDetailDocument.json"
HEALTH_STATUS = "Everything's Chimpy!"
BATCH_LIMIT = 500
MAX_COUNT = 1000

FAULT_MODES = ("down", "slow", "429", "500", "429-empty", "403-empty", "502-html")
MEMBER_STATUSES = ("subscribed", "unsubscribed", "cleaned", "pending", "transactional")
EDITABLE_CAMPAIGN_STATUSES = ("save", "paused", "schedule")

_NOT_FOUND_DETAIL = "The requested resource could not be found."
_INVALID_DETAIL = (
    "The resource submitted could not be validated. For field-specific details, "
    "see the 'errors' array."
)
_NOT_READY_DETAIL = "Your Campaign is not ready to send."
_ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$")
_EMAIL_SYNTAX = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


def subscriber_hash(email: str) -> str:
    """The member id Mailchimp uses in URLs: MD5 of the lower-cased address."""
    return hashlib.md5(email.strip().lower().encode()).hexdigest()  # noqa: S324


def default_is_fake(email: str) -> bool:
    """Addresses the emulator rejects as Mailchimp does with "looks fake or invalid"."""
    email = email.strip().lower()
    if not _EMAIL_SYNTAX.match(email):
        return True
    local, _, domain = email.rpartition("@")
    return domain.endswith(".invalid") or local == "fake"


def iso(value: datetime | None) -> str:
    """Mailchimp's timestamp form (``2026-01-05T09:15:00+00:00``); "" for unset."""
    if value is None:
        return ""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def parse_time(value: str) -> datetime:
    """Parse an ISO 8601 timestamp as Mailchimp accepts it; naive times are UTC."""
    parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


class RequestRecord(NamedTuple):
    """One request as seen by the emulator; ``path`` is relative to ``/3.0``, without query."""

    method: str
    path: str
    status: int


class ApiError(Exception):
    """An error answer, rendered as Mailchimp's problem+json document."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str,
        *,
        errors: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
    ):
        super().__init__(f"{status} {title}: {detail}")
        self.status = status
        self.title = title
        self.detail = detail
        self.errors = errors
        self.headers = headers or {}


def _not_found() -> ApiError:
    return ApiError(404, "Resource Not Found", _NOT_FOUND_DETAIL)


def _invalid(errors: list[dict[str, str]], detail: str = _INVALID_DETAIL) -> ApiError:
    return ApiError(400, "Invalid Resource", detail, errors=errors)


def _fake_error(email: str) -> ApiError:
    return ApiError(
        400,
        "Invalid Resource",
        f"{email} looks fake or invalid, please enter a real email address.",
    )


def _forgotten_error(email: str) -> ApiError:
    return ApiError(
        400,
        "Forgotten Email Not Subscribed",
        f"{email} was permanently deleted and cannot be re-imported. "
        "The contact must re-subscribe to get back on the list.",
    )


def _exists_error(email: str) -> ApiError:
    return ApiError(
        400,
        "Member Exists",
        f"{email} is already a list member. Use PUT to insert or update list members.",
    )


def _compliance_error(email: str) -> ApiError:
    return ApiError(
        400,
        "Member In Compliance State",
        f"{email} is in a compliance state due to unsubscribe, bounce, or compliance review "
        "and cannot be subscribed.",
    )


# --------------------------------------------------------------------------------------------
# The spec subset: routing table and JSON Schema validation
# --------------------------------------------------------------------------------------------


def _pointer(*parts: str) -> str:
    return "/".join(part.replace("~", "~0").replace("/", "~1") for part in parts)


def _template_regex(template: str) -> re.Pattern[str]:
    parts = []
    for segment in template.strip("/").split("/"):
        match = re.fullmatch(r"\{(\w+)\}", segment)
        parts.append(f"(?P<{match.group(1)}>[^/]+)" if match else re.escape(segment))
    return re.compile("^/" + "/".join(parts) + "$")


def _close_objects(node: Any, skip: set[int]) -> Any:
    """Treat every object schema with declared properties as closed (no undeclared keys)."""
    if isinstance(node, dict):
        if id(node) not in skip and "properties" in node and "additionalProperties" not in node:
            node["additionalProperties"] = False
        for value in node.values():
            _close_objects(value, skip)
    elif isinstance(node, list):
        for value in node:
            _close_objects(value, skip)
    return node


def _date_time_checker(strict: bool) -> FormatChecker:
    checker = FormatChecker(formats=())

    @checker.checks("date-time")
    def _check(value: object) -> bool:
        if not isinstance(value, str) or value == "":
            return True  # Mailchimp sends "" for unset timestamps (e.g. send_time of a draft)
        if strict:
            return bool(_ISO_UTC.match(value))
        try:
            parse_time(value)
        except ValueError:
            return False
        return True

    return checker


@dataclass
class _Operation:
    template: str
    method: str
    operation_id: str
    spec: dict[str, Any]


class Spec:
    """The extracted spec subset: which operations exist and what their JSON must look like."""

    _REQUEST_URI = "urn:mailchimp-subset:request"
    _RESPONSE_URI = "urn:mailchimp-subset:response"

    def __init__(self, path: Path = SPEC_PATH):
        document = json.loads(path.read_text(encoding="utf-8"))
        self.version: str = document["info"]["version"]
        self.document = document
        response_doc = copy.deepcopy(document)
        # Real errors carry an undeclared `errors` array, so only the problem document stays open.
        problem = response_doc["components"]["schemas"]["ProblemDetailDocument"]
        _close_objects(response_doc, skip={id(problem)})
        self._registries = {
            self._REQUEST_URI: Registry().with_resource(
                self._REQUEST_URI, Resource(contents=document, specification=DRAFT4)
            ),
            self._RESPONSE_URI: Registry().with_resource(
                self._RESPONSE_URI, Resource(contents=response_doc, specification=DRAFT4)
            ),
        }
        self._checkers = {
            self._REQUEST_URI: _date_time_checker(strict=False),
            self._RESPONSE_URI: _date_time_checker(strict=True),
        }
        self._validators: dict[tuple[str, str], Draft4Validator] = {}
        self.routes: list[tuple[re.Pattern[str], str, dict[str, _Operation]]] = []
        for template, item in document["paths"].items():
            operations = {
                method.upper(): _Operation(template, method.upper(), op["operationId"], op)
                for method, op in item.items()
            }
            self.routes.append((_template_regex(template), template, operations))

    def operations(self) -> Iterable[_Operation]:
        for _regex, _template, operations in self.routes:
            yield from operations.values()

    def match(self, path: str) -> tuple[dict[str, _Operation], dict[str, str]] | None:
        for regex, _template, operations in self.routes:
            found = regex.match(path)
            if found:
                params = {key: unquote(value) for key, value in found.groupdict().items()}
                return operations, params
        return None

    def _validator(self, uri: str, pointer: str) -> Draft4Validator:
        key = (uri, pointer)
        if key not in self._validators:
            self._validators[key] = Draft4Validator(
                {"$ref": f"{uri}#/{pointer}"},
                registry=self._registries[uri],
                format_checker=self._checkers[uri],
            )
        return self._validators[key]

    def request_errors(self, op: _Operation, body: Any) -> list[dict[str, str]]:
        """Field errors of a request body, in Mailchimp's ``errors[]`` form."""
        request_body = op.spec.get("requestBody")
        if request_body is None:
            return []
        if body is None:
            if request_body.get("required"):
                return [{"field": "", "message": "Schema describes object, NULL found instead"}]
            return []
        pointer = _pointer(
            "paths",
            op.template,
            op.method.lower(),
            "requestBody",
            "content",
            "application/json",
            "schema",
        )
        errors = []
        validator = self._validator(self._REQUEST_URI, pointer)
        found = sorted(validator.iter_errors(body), key=lambda e: [str(p) for p in e.absolute_path])
        for error in found:
            location = ".".join(str(part) for part in error.absolute_path)
            if error.validator == "required":
                missing = re.findall(r"'([^']+)' is a required property", error.message)
                name = ".".join(filter(None, [location, *missing]))
                errors.append(
                    {"field": name, "message": f"Required fields were not provided: {name}"}
                )
            else:
                errors.append({"field": location, "message": error.message})
        return errors

    def query_errors(
        self, op: _Operation, query: dict[str, str]
    ) -> tuple[dict[str, Any], list[dict[str, str]]]:
        """Coerce query parameters by their declared schema; return values and field errors."""
        values: dict[str, Any] = {}
        errors: list[dict[str, str]] = []
        for param in op.spec.get("parameters", []):
            name = param["name"]
            if param["in"] != "query" or name not in query:
                continue
            raw = query[name]
            schema = param.get("schema", {})
            kind = schema.get("type")
            try:
                if kind == "integer":
                    value: Any = int(raw)
                elif kind == "boolean":
                    if raw.lower() not in ("true", "false", "1", "0"):
                        raise ValueError(raw)
                    value = raw.lower() in ("true", "1")
                elif kind == "array":
                    value = [part.strip() for part in raw.split(",") if part.strip()]
                else:
                    value = raw
            except ValueError:
                errors.append({"field": name, "message": f"{raw!r} is not of type {kind!r}"})
                continue
            if "enum" in schema and value not in schema["enum"]:
                errors.append({"field": name, "message": f"{raw!r} is not one of {schema['enum']}"})
                continue
            if "maximum" in schema and value > schema["maximum"]:
                errors.append(
                    {"field": name, "message": f"{name} must be at most {schema['maximum']}"}
                )
                continue
            values[name] = value
        return values, errors

    def response_errors(self, op: _Operation | None, status: int, body: Any) -> list[str]:
        """Messages for every way ``body`` differs from the spec's response for ``status``."""
        if status >= 400 or op is None:
            pointer = _pointer("components", "schemas", "ProblemDetailDocument")
        else:
            responses = op.spec["responses"]
            declared = responses.get(str(status))
            if declared is None:
                return [f"status {status} is not declared for {op.operation_id}"]
            if "content" not in declared:
                return [] if body is None else [f"{op.operation_id} {status} must have no body"]
            pointer = _pointer(
                "paths",
                op.template,
                op.method.lower(),
                "responses",
                str(status),
                "content",
                "application/json",
                "schema",
            )
        if body is None:
            return [f"{op.operation_id if op else 'error'} {status} must have a JSON body"]
        validator = self._validator(self._RESPONSE_URI, pointer)
        return [
            "/".join(str(part) for part in error.absolute_path) + ": " + error.message
            for error in validator.iter_errors(body)
        ]


_SPEC_CACHE: dict[Path, Spec] = {}
_SPEC_LOCK = threading.Lock()


def load_spec(path: Path = SPEC_PATH) -> Spec:
    with _SPEC_LOCK:
        if path not in _SPEC_CACHE:
            _SPEC_CACHE[path] = Spec(path)
        return _SPEC_CACHE[path]


# --------------------------------------------------------------------------------------------
# State
# --------------------------------------------------------------------------------------------


@dataclass
class _Member:
    email: str
    status: str
    seq: int
    unique_email_id: str
    contact_id: str
    web_id: int
    merge_fields: dict[str, Any]
    last_changed: datetime
    interests: dict[str, bool] = field(default_factory=dict)
    email_type: str = "html"
    language: str = ""
    vip: bool = False
    ip_signup: str = ""
    ip_opt: str = ""
    timestamp_signup: datetime | None = None
    timestamp_opt: datetime | None = None
    unsubscribe_reason: str = ""
    location: dict[str, float] = field(default_factory=lambda: {"latitude": 0, "longitude": 0})
    marketing_permissions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def hash(self) -> str:
        return subscriber_hash(self.email)

    def state(self) -> tuple:
        return (
            self.email,
            self.status,
            sorted(self.merge_fields.items()),
            sorted(self.interests.items()),
            self.email_type,
            self.language,
            self.vip,
            self.ip_signup,
            self.ip_opt,
            self.timestamp_signup,
            self.timestamp_opt,
            self.location,
            self.marketing_permissions,
        )


@dataclass
class _Audience:
    id: str
    web_id: int
    name: str
    date_created: datetime
    members: dict[str, _Member] = field(default_factory=dict)
    forgotten: set[str] = field(default_factory=set)
    webhooks: dict[str, dict[str, Any]] = field(default_factory=dict)
    last_sub_date: datetime | None = None
    last_unsub_date: datetime | None = None
    campaign_last_sent: datetime | None = None


_REPORT_NUMBERS = (
    "emails_sent",
    "opens_total",
    "unique_opens",
    "clicks_total",
    "unique_clicks",
    "unique_subscriber_clicks",
    "hard_bounces",
    "soft_bounces",
    "syntax_errors",
    "unsubscribed",
    "abuse_reports",
    "forwards_count",
    "forwards_opens",
)


@dataclass
class _Campaign:
    id: str
    web_id: int
    type: str
    create_time: datetime
    list_id: str
    settings: dict[str, Any]
    tracking: dict[str, Any]
    status: str = "save"
    html: str = ""
    plain_text: str = ""
    has_content: bool = False
    send_time: datetime | None = None
    report: dict[str, int] = field(default_factory=lambda: dict.fromkeys(_REPORT_NUMBERS, 0))
    last_open: datetime | None = None
    last_click: datetime | None = None


_DEFAULT_SETTINGS = {
    "subject_line": "",
    "preview_text": "",
    "title": "",
    "from_name": "",
    "reply_to": "",
    "use_conversation": False,
    "to_name": "",
    "folder_id": "",
    "authenticate": True,
    "auto_footer": False,
    "inline_css": False,
    "auto_tweet": False,
    "fb_comments": True,
    "timewarp": False,
    "template_id": 0,
    "drag_and_drop": False,
}
_DEFAULT_TRACKING = {
    "opens": True,
    "html_clicks": True,
    "text_clicks": False,
    "goal_tracking": False,
    "ecomm360": False,
    "google_analytics": "",
    "clicktale": "",
}
_MEMBER_FIELDS_ONLY_IN_FULL = (
    "contact_id",
    "full_name",
    "web_id",
    "consents_to_one_to_one_messaging",
    "source",
    "unsubscribe_reason",
    "marketing_permissions",
)


@dataclass
class _Fault:
    mode: str
    rate: float
    delay: float
    remaining: int | None
    rng: random.Random


class _Response(NamedTuple):
    status: int
    body: Any  # dict for JSON, bytes for raw, None for empty
    headers: dict[str, str]
    content_type: str | None


def html_to_text(html: str) -> str:
    """Rough plain-text version of an HTML body, as Mailchimp generates when none is given."""
    text = re.sub(r"(?is)<(script|style)\b.*?</\1>", "", html)
    text = re.sub(r"(?i)<br\s*/?>|</(p|div|h[1-6]|li|tr)>", "\n", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = html_lib.unescape(text)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# --------------------------------------------------------------------------------------------
# HTTP plumbing
# --------------------------------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    server_version = "MailchimpEmulator/1.0"
    sys_version = ""

    def _dispatch(self) -> None:
        self.server.emulator._handle(self)  # type: ignore[attr-defined]

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _dispatch

    def log_message(self, format: str, *args: Any) -> None:
        return


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # a "slow" answer still sleeping must not hold up stop() or "down"
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], emulator: MailchimpEmulator):
        self.emulator = emulator
        super().__init__(address, _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        self.emulator._record_server_error(traceback.format_exc())


# --------------------------------------------------------------------------------------------
# The emulator
# --------------------------------------------------------------------------------------------


class MailchimpEmulator:
    """A Mailchimp Marketing API server on 127.0.0.1 with one audience (``list_id``) made.

    Use as a context manager or call ``start()``/``stop()``. All public methods are thread-safe.
    """

    def __init__(
        self,
        api_key: str = DEFAULT_API_KEY,
        *,
        list_name: str = "Emulated audience",
        merge_fields: Iterable[str] = ("FNAME", "LNAME"),
        is_fake: Callable[[str], bool] = default_is_fake,
        max_concurrent: int | None = 10,
        validate_webhook_urls: bool = False,
        seed: int = 0,
        spec_path: Path = SPEC_PATH,
    ):
        self.api_key = api_key
        self.server = api_key.rpartition("-")[2] if "-" in api_key else "us1"
        self.is_fake = is_fake
        self.max_concurrent = max_concurrent
        self.validate_webhook_urls = validate_webhook_urls
        self.merge_tags = tuple(merge_fields)
        self.spec = load_spec(spec_path)
        self._list_name = list_name
        self._seed = seed
        self._lock = threading.RLock()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._port = 0
        self._operations: dict[str, Callable[..., tuple[int, Any]]] = {
            "getPing": self._ping,
            "getListsId": self._get_list,
            "postListsId": self._batch_members,
            "getListsIdMembers": self._list_members,
            "postListsIdMembers": self._add_member,
            "getListsIdMembersId": self._get_member,
            "putListsIdMembersId": self._put_member,
            "patchListsIdMembersId": self._patch_member,
            "deleteListsIdMembersId": self._archive_member,
            "postListsIdMembersHashActionsDeletePermanent": self._delete_member_permanent,
            "getListsIdWebhooks": self._list_webhooks,
            "postListsIdWebhooks": self._create_webhook,
            "getListsIdWebhooksId": self._get_webhook,
            "deleteListsIdWebhooksId": self._delete_webhook,
            "postCampaigns": self._create_campaign,
            "getCampaignsId": self._get_campaign,
            "patchCampaignsId": self._patch_campaign,
            "deleteCampaignsId": self._delete_campaign,
            "getCampaignsIdContent": self._get_content,
            "putCampaignsIdContent": self._set_content,
            "postCampaignsIdActionsTest": self._send_test,
            "postCampaignsIdActionsSchedule": self._schedule,
            "postCampaignsIdActionsUnschedule": self._unschedule,
            "postCampaignsIdActionsSend": self._send,
            "getCampaignsIdSendChecklist": self._send_checklist,
            "getReportsId": self._get_report,
        }
        missing = {op.operation_id for op in self.spec.operations()} - set(self._operations)
        if missing:
            raise RuntimeError(f"spec operations without an emulation: {sorted(missing)}")
        self.schema_errors: list[str] = []
        self.server_errors: list[str] = []
        self._frozen_now: datetime | None = None
        self._clock_offset = timedelta()
        self._reset_state()
        self.list_id = self._create_audience(list_name)

    # ---- lifecycle -----------------------------------------------------------------------

    def start(self) -> MailchimpEmulator:
        with self._lock:
            if self._server is None and not self._is_down():
                self._bind(self._port)
        return self

    def stop(self) -> None:
        with self._lock:
            self._unbind()

    def __enter__(self) -> MailchimpEmulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        return self._port

    @property
    def url(self) -> str:
        """Base URL to put in ``client.api_client.host``."""
        return f"http://127.0.0.1:{self._port}{API_ROOT}"

    def _bind(self, port: int) -> None:
        deadline = time.monotonic() + 5
        while True:
            try:
                server = _Server(("127.0.0.1", port), self)
                break
            except OSError:
                if port == 0 or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        self._server = server
        self._port = server.server_address[1]
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"mailchimp-emulator-{self._port}",
            daemon=True,
        )
        self._thread.start()

    def _unbind(self) -> None:
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is not None:
            server.shutdown()
            server.server_close()
        if thread is not None:
            thread.join(timeout=5)

    def client(self, timeout: float = 10) -> Any:
        """An official ``mailchimp_marketing.Client`` pointed at this emulator."""
        import mailchimp_marketing

        api = mailchimp_marketing.Client()
        api.set_config({"api_key": self.api_key, "server": self.server, "timeout": timeout})
        api.api_client.host = self.url
        return api

    # ---- faults --------------------------------------------------------------------------

    def set_fault(
        self,
        mode: str | None,
        rate: float = 1.0,
        delay: float = 0,
        *,
        count: int | None = None,
        seed: int | None = None,
    ) -> None:
        """Misbehave like Mailchimp or the network does.

        ``mode``: None/"ok" (healthy), "down" (listening socket closed: connection refused;
        leaving "down" rebinds the same port), "slow" (sleep ``delay`` s before answering),
        "429"/"500" (problem+json TooManyRequests/InternalServerError), "429-empty"/"403-empty"
        (that status with an empty body: the client returns the Response instead of raising),
        "502-html" (a CDN HTML page). ``rate`` is the fraction of requests affected (seeded RNG,
        reproducible); ``count`` limits the fault to that many affected requests, after which
        the emulator is healthy again.
        """
        if mode == "ok":
            mode = None
        if mode is not None and mode not in FAULT_MODES:
            raise ValueError(f"unknown fault mode {mode!r}; use one of {FAULT_MODES} or None")
        if not 0 <= rate <= 1:
            raise ValueError("rate must be between 0 and 1")
        if mode == "down" and count is not None:
            raise ValueError("'down' lasts until set_fault(None); count does not apply")
        with self._lock:
            was_down = self._is_down()
            self._fault = None
            if mode is not None:
                self._fault = _Fault(
                    mode=mode,
                    rate=rate,
                    delay=delay,
                    remaining=count,
                    rng=random.Random(self._seed if seed is None else seed),  # noqa: S311
                )
            if mode == "down":
                self._unbind()
            elif was_down and self._port:
                self._bind(self._port)

    def _is_down(self) -> bool:
        return self._fault is not None and self._fault.mode == "down"

    def _draw_fault(self) -> _Fault | None:
        fault = self._fault
        if fault is None or fault.mode == "down":
            return None
        if fault.rate < 1 and fault.rng.random() >= fault.rate:
            return None
        if fault.remaining is not None:
            fault.remaining -= 1
            if fault.remaining <= 0:
                self._fault = None
        return fault

    # ---- clock ---------------------------------------------------------------------------

    def now(self) -> datetime:
        """The emulator's clock (UTC, whole seconds like Mailchimp's timestamps)."""
        with self._lock:
            current = self._frozen_now or datetime.now(UTC) + self._clock_offset
            return current.replace(microsecond=0)

    def set_now(self, moment: datetime | None) -> None:
        """Freeze the clock at ``moment`` (aware datetime), or unfreeze with None."""
        with self._lock:
            if moment is not None and moment.tzinfo is None:
                raise ValueError("set_now needs an aware datetime")
            self._frozen_now = moment.astimezone(UTC) if moment else None

    def advance(self, seconds: float) -> None:
        """Move the clock forward; scheduled campaigns whose time has come are sent."""
        with self._lock:
            if self._frozen_now is not None:
                self._frozen_now += timedelta(seconds=seconds)
            else:
                self._clock_offset += timedelta(seconds=seconds)
            self._tick()

    # ---- state and snapshots -------------------------------------------------------------

    def _reset_state(self) -> None:
        self._ids = random.Random(self._seed)  # noqa: S311
        self._fault: _Fault | None = None
        self._audiences: dict[str, _Audience] = {}
        self._campaigns: dict[str, _Campaign] = {}
        self._seq = 0
        self._web_id = 100000
        self._in_flight = 0
        self.call_count = 0
        self.request_log: list[RequestRecord] = []
        self.confirmation_sends: list[dict[str, Any]] = []
        self.test_sends: list[dict[str, Any]] = []
        self.campaign_sends: list[dict[str, Any]] = []
        self.webhook_events: list[dict[str, Any]] = []
        self.webhook_deliveries: list[dict[str, Any]] = []

    def reset(self) -> None:
        """Forget all data, logs and faults; keep the port, the key and ``list_id``.

        ``schema_errors`` and ``server_errors`` are kept: they are defects of the emulator.
        """
        with self._lock:
            if self._is_down() and self._port:
                self._fault = None
                self._bind(self._port)
            self._reset_state()
            self._create_audience(self._list_name, list_id=self.list_id)

    def add_list(self, name: str) -> str:
        """Create another audience; returns its id."""
        with self._lock:
            return self._create_audience(name)

    def members(self, list_id: str | None = None) -> list[dict[str, Any]]:
        """All members of an audience (archived included) as the API renders them."""
        with self._lock:
            audience = self._audience(list_id or self.list_id)
            return [self._member_json(audience, m) for m in self._ordered(audience)]

    def member(self, email: str, list_id: str | None = None) -> dict[str, Any] | None:
        with self._lock:
            audience = self._audience(list_id or self.list_id)
            found = audience.members.get(subscriber_hash(email))
            return self._member_json(audience, found) if found else None

    def forgotten(self, list_id: str | None = None) -> set[str]:
        """Subscriber hashes that were permanently deleted."""
        with self._lock:
            return set(self._audience(list_id or self.list_id).forgotten)

    def campaigns(self) -> list[dict[str, Any]]:
        with self._lock:
            self._tick()
            return [self._campaign_json(c) for c in self._campaigns.values()]

    def campaign_content(self, campaign_id: str) -> dict[str, str]:
        with self._lock:
            found = self._campaign(campaign_id)
            return {"html": found.html, "plain_text": found.plain_text}

    def webhooks(self, list_id: str | None = None) -> list[dict[str, Any]]:
        with self._lock:
            audience = self._audience(list_id or self.list_id)
            return [copy.deepcopy(hook) for hook in audience.webhooks.values()]

    def assert_no_schema_errors(self) -> None:
        if self.schema_errors or self.server_errors:
            problems = "\n".join(self.schema_errors + self.server_errors)
            raise AssertionError(f"Mailchimp emulator defects:\n{problems}")

    def _record_server_error(self, text: str) -> None:
        with self._lock:
            self.server_errors.append(text)

    # ---- operator helpers: what people do in Mailchimp -----------------------------------

    def add_member(
        self,
        email: str,
        status: str = "subscribed",
        *,
        fname: str = "",
        lname: str = "",
        list_id: str | None = None,
    ) -> dict[str, Any]:
        """Put a member straight into an audience (no confirmation mail, no API call logged)."""
        if status not in MEMBER_STATUSES:
            raise ValueError(f"status must be one of {MEMBER_STATUSES}")
        with self._lock:
            audience = self._audience(list_id or self.list_id)
            if subscriber_hash(email) in audience.members:
                raise ValueError(f"{email} is already in the audience")
            member = self._new_member(audience, email, status, notify=False)
            names = {"FNAME": fname, "LNAME": lname}
            member.merge_fields.update({k: v for k, v in names.items() if k in self.merge_tags})
            return self._member_json(audience, member)

    def confirm(self, email: str, *, ip: str = "198.51.100.7", list_id: str | None = None):
        """The person clicks the double opt-in link: pending -> subscribed."""
        with self._lock:
            audience, member = self._person(email, list_id, expect=("pending",))
            now = self.now()
            member.status = "subscribed"
            member.ip_opt = ip
            member.timestamp_opt = now
            member.last_changed = now
            audience.last_sub_date = now
            return self._webhook("subscribe", audience, member, "user")

    def unsubscribe(
        self,
        email: str,
        *,
        reason: str = "manual",
        campaign_id: str = "",
        list_id: str | None = None,
    ) -> dict[str, str]:
        """The person uses an unsubscribe link (``reason="abuse"``: marked as spam)."""
        with self._lock:
            audience, member = self._person(email, list_id, expect=("subscribed",))
            now = self.now()
            member.status = "unsubscribed"
            member.unsubscribe_reason = "N/A (Unsubscribed by the contact)"
            member.last_changed = now
            audience.last_unsub_date = now
            extra = {
                "data[action]": "unsub",
                "data[reason]": reason,
                "data[campaign_id]": campaign_id,
            }
            return self._webhook("unsubscribe", audience, member, "user", extra)

    def change_email(self, old: str, new: str, *, list_id: str | None = None) -> dict[str, str]:
        """The person changes their address on the Mailchimp profile page."""
        with self._lock:
            audience, member = self._person(old, list_id)
            if self.is_fake(new):
                raise ValueError(f"{new} looks fake or invalid")
            if subscriber_hash(new) in audience.members:
                raise ValueError(f"{new} is already a list member")
            old_email = member.email
            del audience.members[member.hash]
            member.email = new.strip()
            member.unique_email_id = self._hex(10)
            member.last_changed = self.now()
            audience.members[member.hash] = member
            payload = {
                "type": "upemail",
                "fired_at": self._fired_at(),
                "data[list_id]": audience.id,
                "data[new_id]": member.unique_email_id,
                "data[new_email]": member.email,
                "data[old_email]": old_email,
            }
            return self._record_webhook(payload, "user")

    def clean(
        self, email: str, *, reason: str = "hard", campaign_id: str = "", list_id: str | None = None
    ) -> dict[str, str]:
        """The address bounces hard (or is reported as abuse): member becomes cleaned."""
        with self._lock:
            audience, member = self._person(email, list_id)
            member.status = "cleaned"
            member.last_changed = self.now()
            payload = {
                "type": "cleaned",
                "fired_at": self._fired_at(),
                "data[list_id]": audience.id,
                "data[campaign_id]": campaign_id,
                "data[reason]": reason,
                "data[email]": member.email,
            }
            return self._record_webhook(payload, "admin")

    def update_profile(
        self, email: str, fname: str, *, list_id: str | None = None, **merges: str
    ) -> dict[str, str]:
        """The person edits their profile (first name and any other merge tags)."""
        with self._lock:
            unknown = {tag.upper() for tag in merges} - set(self.merge_tags)
            if unknown:
                raise ValueError(f"unknown merge tags {sorted(unknown)}; known: {self.merge_tags}")
            audience, member = self._person(email, list_id)
            member.merge_fields["FNAME"] = fname
            for tag, value in merges.items():
                member.merge_fields[tag.upper()] = value
            member.last_changed = self.now()
            return self._webhook("profile", audience, member, "user")

    def set_report(self, campaign_id: str, **numbers: int) -> dict[str, Any]:
        """Set report figures (opens_total, unique_opens, clicks_total, unique_clicks,
        unique_subscriber_clicks, hard_bounces, soft_bounces, syntax_errors, unsubscribed,
        abuse_reports, forwards_count, forwards_opens, emails_sent)."""
        unknown = set(numbers) - set(_REPORT_NUMBERS)
        if unknown:
            raise TypeError(f"unknown report figures: {sorted(unknown)}")
        with self._lock:
            found = self._campaign(campaign_id)
            found.report.update(numbers)
            if numbers.get("opens_total") or numbers.get("unique_opens"):
                found.last_open = self.now()
            if numbers.get("clicks_total") or numbers.get("unique_clicks"):
                found.last_click = self.now()
            return self._report_json(found)

    def deliver_webhook(
        self,
        payload: dict[str, str],
        *,
        source: str = "user",
        list_id: str | None = None,
        timeout: float = 10,
    ) -> list[tuple[str, int]]:
        """POST a webhook payload, form-encoded, to every registered loopback webhook of the
        audience that enabled that event type and source. Returns (url, status) pairs."""
        with self._lock:
            audience = self._audience(list_id or payload.get("data[list_id]") or self.list_id)
            targets = [
                hook["url"]
                for hook in audience.webhooks.values()
                if hook["events"].get(payload["type"]) and hook["sources"].get(source)
            ]
        results = []
        body = urlencode(payload).encode()
        for url in targets:
            status = self._http_to_site("POST", url, body, timeout)
            results.append((url, status))
            with self._lock:
                self.webhook_deliveries.append({"url": url, "status": status, "payload": payload})
        return results

    # ---- request handling ----------------------------------------------------------------

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        length = int(request.headers.get("Content-Length") or 0)
        raw = request.rfile.read(length) if length > 0 else b""
        split = urlsplit(request.path)
        rel_path = split.path
        if rel_path.startswith(API_ROOT + "/"):
            rel_path = rel_path[len(API_ROOT) :]
        with self._lock:
            self.call_count += 1
            fault = self._draw_fault()
            self._in_flight += 1
            crowded = self.max_concurrent is not None and self._in_flight > self.max_concurrent
        op: _Operation | None = None
        try:
            if fault is not None and fault.mode == "slow":
                time.sleep(fault.delay)
            if fault is not None and fault.mode != "slow":
                response = self._fault_response(fault)
            elif crowded:
                raise ApiError(
                    429,
                    "TooManyRequests",
                    "You have exceeded the limit of 10 simultaneous connections.",
                )
            else:
                op, response = self._route(request, split, raw)
        except ApiError as error:
            response = self._problem(error)
        except Exception:
            self._record_server_error(traceback.format_exc())
            response = self._problem(
                ApiError(
                    500,
                    "InternalServerError",
                    "A deep, internal error has occurred during the processing of your request. "
                    "Please contact support.",
                )
            )
        finally:
            with self._lock:
                self._in_flight -= 1
        if isinstance(response.body, dict) and response.content_type:
            failures = self.spec.response_errors(op, response.status, response.body)
            if failures:
                with self._lock:
                    self.schema_errors.extend(
                        f"{request.command} {rel_path} -> {response.status}: {failure}"
                        for failure in failures
                    )
        with self._lock:
            self.request_log.append(RequestRecord(request.command, rel_path, response.status))
        self._write(request, response)

    def _write(self, request: BaseHTTPRequestHandler, response: _Response) -> None:
        payload = response.body or b""
        if isinstance(payload, dict):
            payload = json.dumps(payload).encode()
        try:
            request.send_response(response.status)
            for name, value in response.headers.items():
                request.send_header(name, value)
            if response.content_type:
                request.send_header("Content-Type", response.content_type)
            if response.status != 204:
                request.send_header("Content-Length", str(len(payload)))
            request.send_header("Connection", "close")
            request.end_headers()
            if payload and request.command != "HEAD":
                request.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout); nothing to answer

    def _fault_response(self, fault: _Fault) -> _Response:
        if fault.mode == "429":
            return self._problem(
                ApiError(
                    429,
                    "TooManyRequests",
                    "You have exceeded the limit of 10 simultaneous connections.",
                )
            )
        if fault.mode == "500":
            return self._problem(
                ApiError(
                    500,
                    "InternalServerError",
                    "A deep, internal error has occurred during the processing of your request. "
                    "Please contact support.",
                )
            )
        if fault.mode in ("429-empty", "403-empty"):
            return _Response(int(fault.mode[:3]), None, {}, None)
        page = b"<html><body><h1>502 Bad Gateway</h1></body></html>"
        return _Response(502, page, {}, "text/html")

    def _problem(self, error: ApiError) -> _Response:
        instance = str(uuid.uuid4())
        body: dict[str, Any] = {
            "type": ERROR_TYPE,
            "title": error.title,
            "status": error.status,
            "detail": error.detail,
            "instance": instance,
        }
        if error.errors:
            body["errors"] = error.errors
        headers = {
            "X-Request-Id": instance,
            "Link": f'<{PROBLEM_SCHEMA_URL}>; rel="describedBy"',
            **error.headers,
        }
        return _Response(error.status, body, headers, "application/problem+json; charset=utf-8")

    def _authorized(self, header: str | None) -> bool:
        if not header or not header.startswith("Basic "):
            return False
        try:
            decoded = base64.b64decode(header[6:], validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return False
        _user, sep, key = decoded.partition(":")
        return bool(sep) and key == self.api_key

    def _route(
        self, request: BaseHTTPRequestHandler, split: Any, raw: bytes
    ) -> tuple[_Operation | None, _Response]:
        auth = request.headers.get("Authorization")
        if not auth:
            raise ApiError(401, "API Key Missing", "Your request did not include an API key.")
        if not self._authorized(auth):
            raise ApiError(
                401,
                "API Key Invalid",
                "Your API key may be invalid, or you've attempted to access the wrong datacenter.",
            )
        if not split.path.startswith(API_ROOT + "/"):
            raise _not_found()
        found = self.spec.match(split.path[len(API_ROOT) :])
        if found is None:
            raise _not_found()
        operations, params = found
        op = operations.get(request.command)
        if op is None:
            raise ApiError(
                405,
                "Method Not Allowed",
                "The requested method and resource are not compatible. See the Allow header for "
                "this resource's available methods.",
                headers={"Allow": ", ".join(operations)},
            )
        query = {key: values[-1] for key, values in parse_qs(split.query).items()}
        values, errors = self.spec.query_errors(op, query)
        if errors:
            raise _invalid(errors)
        body = None
        if raw.strip():
            try:
                body = json.loads(raw)
            except ValueError:
                raise ApiError(
                    400,
                    "JSON Parse Exception",
                    "We encountered an unspecified JSON parsing error.",
                ) from None
        if body is not None and op.spec.get("requestBody") is None:
            body = None  # actions without a body: the client sends "null"
        errors = self.spec.request_errors(op, body)
        if errors:
            raise _invalid(errors)
        if op.operation_id == "postListsIdWebhooks" and self.validate_webhook_urls:
            self._check_webhook_url(body.get("url", ""))
        with self._lock:
            self._tick()
            status, result = self._operations[op.operation_id](params, values, body)
        if status == 204:
            return op, _Response(204, None, {"X-Request-Id": str(uuid.uuid4())}, None)
        if request.command == "GET":
            result = _project(result, values.get("fields"), values.get("exclude_fields"))
        return op, _Response(
            status, result, {"X-Request-Id": str(uuid.uuid4())}, "application/json; charset=utf-8"
        )

    # ---- helpers for the operations ------------------------------------------------------

    def _hex(self, length: int) -> str:
        return "".join(self._ids.choice("0123456789abcdef") for _ in range(length))

    def _next_web_id(self) -> int:
        self._web_id += self._ids.randint(1, 97)
        return self._web_id

    def _create_audience(self, name: str, list_id: str | None = None) -> str:
        audience = _Audience(
            id=list_id or self._hex(10),
            web_id=self._next_web_id(),
            name=name,
            date_created=self.now(),
        )
        self._audiences[audience.id] = audience
        return audience.id

    def _audience(self, list_id: str) -> _Audience:
        try:
            return self._audiences[list_id]
        except KeyError:
            raise _not_found() from None

    def _campaign(self, campaign_id: str) -> _Campaign:
        try:
            return self._campaigns[campaign_id]
        except KeyError:
            raise _not_found() from None

    def _links(self, *links: tuple[str, str, str]) -> list[dict[str, str]]:
        return [
            {"rel": rel, "href": f"{self.url}{path}", "method": method}
            for rel, method, path in links
        ]

    def _ordered(self, audience: _Audience) -> list[_Member]:
        return sorted(audience.members.values(), key=lambda m: m.seq)

    def _member_key(self, value: str) -> str:
        value = value.strip()
        return subscriber_hash(value) if "@" in value else value.lower()

    def _find_member(self, audience: _Audience, key: str) -> _Member:
        found = audience.members.get(self._member_key(key))
        if found is None:
            raise _not_found()
        return found

    def _person(
        self, email: str, list_id: str | None, expect: tuple[str, ...] = ()
    ) -> tuple[_Audience, _Member]:
        audience = self._audience(list_id or self.list_id)
        member = audience.members.get(subscriber_hash(email))
        if member is None:
            raise ValueError(f"{email} is not in audience {audience.id}")
        if expect and member.status not in expect:
            raise ValueError(f"{email} is {member.status}, expected one of {expect}")
        return audience, member

    def _fired_at(self) -> str:
        return self.now().strftime("%Y-%m-%d %H:%M:%S")

    def _webhook(
        self,
        kind: str,
        audience: _Audience,
        member: _Member,
        source: str,
        extra: dict[str, str] | None = None,
    ) -> dict[str, str]:
        payload = {
            "type": kind,
            "fired_at": self._fired_at(),
            "data[id]": member.unique_email_id,
            "data[list_id]": audience.id,
            "data[email]": member.email,
            "data[email_type]": member.email_type,
            "data[ip_opt]": member.ip_opt,
            "data[web_id]": str(member.web_id),
        }
        if kind != "profile":
            payload["data[ip_signup]"] = member.ip_signup
        payload["data[merges][EMAIL]"] = member.email
        for tag in self.merge_tags:
            payload[f"data[merges][{tag}]"] = str(member.merge_fields.get(tag, ""))
        payload.update(extra or {})
        return self._record_webhook(payload, source)

    def _record_webhook(self, payload: dict[str, str], source: str) -> dict[str, str]:
        self.webhook_events.append(
            {"type": payload["type"], "source": source, "payload": dict(payload)}
        )
        return payload

    def _new_member(
        self, audience: _Audience, email: str, status: str, *, notify: bool = True
    ) -> _Member:
        now = self.now()
        self._seq += 1
        member = _Member(
            email=email.strip(),
            status=status,
            seq=self._seq,
            unique_email_id=self._hex(10),
            contact_id=self._hex(32),
            web_id=self._next_web_id(),
            merge_fields=dict.fromkeys(self.merge_tags, ""),
            last_changed=now,
        )
        audience.members[member.hash] = member
        self._entered_status(audience, member, status, now, notify=notify)
        return member

    def _entered_status(
        self,
        audience: _Audience,
        member: _Member,
        status: str,
        now: datetime,
        *,
        notify: bool = True,
    ) -> None:
        if status == "pending":
            member.timestamp_signup = member.timestamp_signup or now
            if notify:
                self.confirmation_sends.append(
                    {"list_id": audience.id, "email": member.email, "at": iso(now)}
                )
        elif status == "subscribed":
            member.timestamp_opt = member.timestamp_opt or now
            audience.last_sub_date = now
        elif status == "unsubscribed":
            member.unsubscribe_reason = "N/A (Unsubscribed by an admin)"
            audience.last_unsub_date = now

    def _change_status(self, audience: _Audience, member: _Member, status: str) -> None:
        if status == member.status:
            return
        if status == "subscribed" and member.status in ("unsubscribed", "cleaned"):
            raise _compliance_error(member.email)
        member.status = status
        self._entered_status(audience, member, status, self.now())

    def _validate_fields(self, body: dict[str, Any]) -> None:
        merges = body.get("merge_fields") or {}
        bad = [
            {"field": tag, "message": "Please enter a value that is text or a number"}
            for tag, value in merges.items()
            if tag in self.merge_tags and not isinstance(value, str | int | float)
        ]
        if bad:
            raise _invalid(bad, "Your merge fields were invalid.")

    def _apply_fields(self, member: _Member, body: dict[str, Any]) -> None:
        merges = body.get("merge_fields") or {}
        for tag, value in merges.items():
            if tag in self.merge_tags:
                member.merge_fields[tag] = str(value)
        for name in ("email_type", "language", "vip", "ip_signup", "ip_opt"):
            if name in body:
                setattr(member, name, body[name])
        for name in ("timestamp_signup", "timestamp_opt"):
            if body.get(name):
                setattr(member, name, parse_time(body[name]))
        if "interests" in body:
            member.interests.update(body["interests"])
        if "location" in body:
            member.location.update(body["location"])
        if "marketing_permissions" in body:
            member.marketing_permissions = copy.deepcopy(body["marketing_permissions"])

    def _check_new_address(self, audience: _Audience, email: str) -> None:
        if self.is_fake(email):
            raise _fake_error(email)
        if subscriber_hash(email) in audience.forgotten:
            raise _forgotten_error(email)

    def _member_json(self, audience: _Audience, m: _Member, full: bool = True) -> dict[str, Any]:
        path = f"/lists/{audience.id}/members/{m.hash}"
        full_name = " ".join(str(m.merge_fields.get(tag, "")) for tag in ("FNAME", "LNAME")).strip()
        data: dict[str, Any] = {
            "id": m.hash,
            "email_address": m.email,
            "unique_email_id": m.unique_email_id,
            "contact_id": m.contact_id,
            "full_name": full_name,
            "web_id": m.web_id,
            "email_type": m.email_type,
            "status": m.status,
            "consents_to_one_to_one_messaging": True,
            "merge_fields": dict(m.merge_fields),
            "interests": dict(m.interests),
            "stats": {"avg_open_rate": 0, "avg_click_rate": 0},
            "ip_signup": m.ip_signup,
            "timestamp_signup": iso(m.timestamp_signup),
            "ip_opt": m.ip_opt,
            "timestamp_opt": iso(m.timestamp_opt),
            "member_rating": 2,
            "last_changed": iso(m.last_changed),
            "language": m.language,
            "vip": m.vip,
            "email_client": "",
            "location": {
                **m.location,
                "gmtoff": 0,
                "dstoff": 0,
                "country_code": "",
                "timezone": "",
                "region": "",
            },
            "marketing_permissions": copy.deepcopy(m.marketing_permissions),
            "source": "API - Generic",
            "tags_count": 0,
            "tags": [],
            "list_id": audience.id,
            "_links": self._links(
                ("self", "GET", path),
                ("upsert", "PUT", path),
                ("update", "PATCH", path),
                ("delete", "DELETE", path),
            ),
        }
        if m.status == "unsubscribed":
            data["unsubscribe_reason"] = m.unsubscribe_reason
        if not full:
            for name in _MEMBER_FIELDS_ONLY_IN_FULL:
                data.pop(name, None)
            data["location"].pop("region")
        return data

    def _tick(self) -> None:
        now = self.now()
        for found in self._campaigns.values():
            if found.status == "schedule" and found.send_time and found.send_time <= now:
                self._deliver(found, found.send_time)

    def _recipients(self, found: _Campaign) -> list[str]:
        audience = self._audiences.get(found.list_id)
        if audience is None:
            return []
        return [m.email for m in self._ordered(audience) if m.status == "subscribed"]

    def _deliver(self, found: _Campaign, at: datetime) -> None:
        recipients = self._recipients(found)
        found.status = "sent"
        found.send_time = at
        found.report["emails_sent"] = len(recipients)
        audience = self._audiences.get(found.list_id)
        if audience is not None:
            audience.campaign_last_sent = at
        self.campaign_sends.append(
            {
                "campaign_id": found.id,
                "list_id": found.list_id,
                "recipients": recipients,
                "subject_line": found.settings["subject_line"],
                "from_name": found.settings["from_name"],
                "reply_to": found.settings["reply_to"],
                "html": found.html,
                "plain_text": found.plain_text,
                "at": iso(at),
            }
        )

    def _checklist(self, found: _Campaign, *, for_test: bool = False) -> list[dict[str, Any]]:
        settings = found.settings
        audience = self._audiences.get(found.list_id)
        items = []

        def item(item_id: int, ok: bool, heading: str, good: str, bad: str) -> None:
            items.append(
                {
                    "type": "success" if ok else "error",
                    "id": item_id,
                    "heading": heading,
                    "details": good if ok else bad,
                }
            )

        if not for_test:
            count = len(self._recipients(found))
            item(
                1,
                audience is not None and count > 0,
                "Audience",
                f"{audience.name if audience else ''}: {count} recipients",
                "You need to choose an audience with subscribed recipients.",
            )
        item(
            2,
            bool(settings["subject_line"]),
            "Subject line",
            settings["subject_line"],
            "You need to add a subject line.",
        )
        item(
            3,
            bool(settings["from_name"]),
            "From name",
            settings["from_name"],
            "You need to add a from name.",
        )
        reply_to = settings["reply_to"]
        item(
            4,
            bool(reply_to) and not self.is_fake(reply_to),
            "From email address",
            reply_to,
            "You need to add a valid, verified from email address.",
        )
        item(5, found.has_content, "Content", "Content is set.", "You need to add content.")
        return items

    def _campaign_json(self, found: _Campaign) -> dict[str, Any]:
        audience = self._audiences.get(found.list_id)
        path = f"/campaigns/{found.id}"
        data: dict[str, Any] = {
            "id": found.id,
            "web_id": found.web_id,
            "type": found.type,
            "create_time": iso(found.create_time),
            "archive_url": f"http://eepurl.com/emu{found.web_id}",
            "long_archive_url": f"https://{self.server}.campaign-archive.com/?id={found.id}",
            "status": found.status,
            "emails_sent": found.report["emails_sent"],
            "send_time": iso(found.send_time),
            "content_type": "html" if found.has_content else "template",
            "needs_block_refresh": False,
            "resendable": False,
            "recipients": {
                "list_id": found.list_id,
                "list_is_active": audience is not None,
                "list_name": audience.name if audience else "",
                "segment_text": "",
                "recipient_count": len(self._recipients(found)),
            },
            "settings": copy.deepcopy(found.settings),
            "tracking": copy.deepcopy(found.tracking),
            "delivery_status": {"enabled": False},
            "_links": self._links(
                ("self", "GET", path),
                ("update", "PATCH", path),
                ("delete", "DELETE", path),
                ("content", "GET", f"{path}/content"),
                ("send-checklist", "GET", f"{path}/send-checklist"),
            ),
        }
        if found.status == "sent":
            report = self._report_json(found)
            data["delivery_status"] = report["delivery_status"]
            data["report_summary"] = {
                "opens": report["opens"]["opens_total"],
                "unique_opens": report["opens"]["unique_opens"],
                "open_rate": report["opens"]["open_rate"],
                "clicks": report["clicks"]["clicks_total"],
                "subscriber_clicks": report["clicks"]["unique_subscriber_clicks"],
                "click_rate": report["clicks"]["click_rate"],
            }
        return data

    def _report_json(self, found: _Campaign) -> dict[str, Any]:
        audience = self._audiences.get(found.list_id)
        numbers = found.report
        sent = numbers["emails_sent"]

        def rate(value: int) -> float:
            return round(value / sent, 4) if sent else 0

        return {
            "id": found.id,
            "campaign_title": found.settings["title"],
            "type": found.type,
            "list_id": found.list_id,
            "list_is_active": audience is not None,
            "list_name": audience.name if audience else "",
            "subject_line": found.settings["subject_line"],
            "preview_text": found.settings["preview_text"],
            "emails_sent": sent,
            "abuse_reports": numbers["abuse_reports"],
            "unsubscribed": numbers["unsubscribed"],
            "send_time": iso(found.send_time),
            "bounces": {
                "hard_bounces": numbers["hard_bounces"],
                "soft_bounces": numbers["soft_bounces"],
                "syntax_errors": numbers["syntax_errors"],
            },
            "forwards": {
                "forwards_count": numbers["forwards_count"],
                "forwards_opens": numbers["forwards_opens"],
            },
            "opens": {
                "opens_total": numbers["opens_total"],
                "unique_opens": numbers["unique_opens"],
                "open_rate": rate(numbers["unique_opens"]),
                "last_open": iso(found.last_open),
            },
            "clicks": {
                "clicks_total": numbers["clicks_total"],
                "unique_clicks": numbers["unique_clicks"],
                "unique_subscriber_clicks": numbers["unique_subscriber_clicks"],
                "click_rate": rate(numbers["unique_subscriber_clicks"]),
                "last_click": iso(found.last_click),
            },
            "list_stats": {"sub_rate": 0, "unsub_rate": 0, "open_rate": 0, "click_rate": 0},
            "timeseries": [],
            "delivery_status": {
                "enabled": True,
                "can_cancel": False,
                "status": "delivered",
                "emails_sent": sent,
                "emails_canceled": 0,
            },
            "_links": self._links(("self", "GET", f"/reports/{found.id}")),
        }

    def _check_webhook_url(self, url: str) -> None:
        status = self._http_to_site("GET", url, None, 5)
        if status != 200:
            raise _invalid(
                [
                    {
                        "field": "url",
                        "message": "The URL did not answer 200 to a GET request.",
                    }
                ]
            )

    @staticmethod
    def _http_to_site(method: str, url: str, body: bytes | None, timeout: float) -> int:
        """Talk to the site under test; only loopback addresses are ever contacted."""
        parts = urlsplit(url)
        host = parts.hostname or ""
        try:
            loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = False
        if parts.scheme not in ("http", "https") or not loopback:
            return 0
        headers = {"User-Agent": "MailChimp.com"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(url, data=body, method=method, headers=headers)  # noqa: S310
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(request, timeout=timeout) as reply:
                return reply.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            return 0

    # ---- operations (run under the lock) -------------------------------------------------

    def _ping(self, params, query, body):
        return 200, {"health_status": HEALTH_STATUS}

    def _get_list(self, params, query, body):
        audience = self._audience(params["list_id"])
        counts = dict.fromkeys((*MEMBER_STATUSES, "archived"), 0)
        for member in audience.members.values():
            counts[member.status] += 1
        path = f"/lists/{audience.id}"
        return 200, {
            "id": audience.id,
            "web_id": audience.web_id,
            "name": audience.name,
            "contact": {
                "company": "Emulated",
                "address1": "Straat 1",
                "address2": "",
                "city": "Enschede",
                "state": "",
                "zip": "7500 AA",
                "country": "NL",
                "phone": "",
            },
            "permission_reminder": "You signed up on our website.",
            "use_archive_bar": False,
            "campaign_defaults": {
                "from_name": "",
                "from_email": "",
                "subject": "",
                "language": "nl",
            },
            "notify_on_subscribe": "",
            "notify_on_unsubscribe": "",
            "date_created": iso(audience.date_created),
            "list_rating": 0,
            "email_type_option": False,
            "subscribe_url_short": f"http://eepurl.com/emu{audience.web_id}",
            "subscribe_url_long": f"https://{self.server}.list-manage.com/subscribe?id={audience.id}",
            "beamer_address": f"us6-{audience.id}@inbound.mailchimp.com",
            "visibility": "pub",
            "double_optin": True,
            "has_welcome": False,
            "marketing_permissions": False,
            "modules": [],
            "stats": {
                "member_count": counts["subscribed"],
                "total_contacts": sum(counts.values()) - counts["archived"],
                "unsubscribe_count": counts["unsubscribed"],
                "cleaned_count": counts["cleaned"],
                "member_count_since_send": 0,
                "unsubscribe_count_since_send": 0,
                "cleaned_count_since_send": 0,
                "campaign_count": sum(
                    1 for c in self._campaigns.values() if c.list_id == audience.id
                ),
                "campaign_last_sent": iso(audience.campaign_last_sent),
                "merge_field_count": len(self.merge_tags),
                "avg_sub_rate": 0,
                "avg_unsub_rate": 0,
                "target_sub_rate": 0,
                "open_rate": 0,
                "click_rate": 0,
                "last_sub_date": iso(audience.last_sub_date),
                "last_unsub_date": iso(audience.last_unsub_date),
            },
            "_links": self._links(("self", "GET", path), ("batch-sub-unsub-members", "POST", path)),
        }

    def _list_members(self, params, query, body):
        audience = self._audience(params["list_id"])
        members = self._ordered(audience)
        status = query.get("status")
        members = [
            m for m in members if m.status == status or (status is None and m.status != "archived")
        ]
        for name, attr, after in (
            ("since_last_changed", "last_changed", True),
            ("before_last_changed", "last_changed", False),
            ("since_timestamp_opt", "timestamp_opt", True),
            ("before_timestamp_opt", "timestamp_opt", False),
        ):
            if name in query:
                try:
                    limit = parse_time(query[name])
                except ValueError:
                    raise _invalid([{"field": name, "message": "Invalid ISO 8601 time"}]) from None
                members = [
                    m
                    for m in members
                    if getattr(m, attr) is not None
                    and (getattr(m, attr) >= limit if after else getattr(m, attr) <= limit)
                ]
        if "email_type" in query:
            members = [m for m in members if m.email_type == query["email_type"]]
        if query.get("vip_only"):
            members = [m for m in members if m.vip]
        if "unique_email_id" in query:
            members = [m for m in members if m.unique_email_id == query["unique_email_id"]]
        if "sort_field" in query:
            sort_field = query["sort_field"]
            members.sort(
                key=lambda m: getattr(m, sort_field) or datetime.min.replace(tzinfo=UTC),
                reverse=query.get("sort_dir") == "DESC",
            )
        total = len(members)
        offset = max(query.get("offset", 0), 0)
        count = min(max(query.get("count", 10), 0), MAX_COUNT)
        page = members[offset : offset + count]
        path = f"/lists/{audience.id}/members"
        return 200, {
            "members": [self._member_json(audience, m) for m in page],
            "list_id": audience.id,
            "total_items": total,
            "_links": self._links(("self", "GET", path), ("create", "POST", path)),
        }

    def _get_member(self, params, query, body):
        audience = self._audience(params["list_id"])
        member = self._find_member(audience, params["subscriber_hash"])
        return 200, self._member_json(audience, member)

    def _put_member(self, params, query, body):
        audience = self._audience(params["list_id"])
        email = body["email_address"].strip()
        key = self._member_key(params["subscriber_hash"])
        if key != subscriber_hash(email):
            raise _invalid(
                [
                    {
                        "field": "email_address",
                        "message": "The subscriber hash in the URL does not match.",
                    }
                ]
            )
        self._validate_fields(body)
        member = audience.members.get(key)
        if member is None or member.status == "archived":
            self._check_new_address(audience, email)
            status = body["status_if_new"]
            if member is None:
                member = self._new_member(audience, email, status)
            else:
                member.status = status
                member.last_changed = self.now()
                self._entered_status(audience, member, status, self.now())
            self._apply_fields(member, body)
            return 200, self._member_json(audience, member)
        before = member.state()
        if "status" in body:
            self._change_status(audience, member, body["status"])
        self._apply_fields(member, body)
        if member.state() != before:
            member.last_changed = self.now()
        return 200, self._member_json(audience, member)

    def _add_member(self, params, query, body):
        audience = self._audience(params["list_id"])
        email = body["email_address"].strip()
        self._validate_fields(body)
        member = audience.members.get(subscriber_hash(email))
        if member is not None and member.status != "archived":
            raise _exists_error(email)
        self._check_new_address(audience, email)
        if member is None:
            member = self._new_member(audience, email, body["status"])
        else:
            member.status = body["status"]
            member.last_changed = self.now()
            self._entered_status(audience, member, body["status"], self.now())
        self._apply_fields(member, body)
        return 200, self._member_json(audience, member)

    def _patch_member(self, params, query, body):
        audience = self._audience(params["list_id"])
        member = self._find_member(audience, params["subscriber_hash"])
        self._validate_fields(body)
        before = member.state()
        new_email = (body.get("email_address") or "").strip()
        if new_email and subscriber_hash(new_email) != member.hash:
            if subscriber_hash(new_email) in audience.members:
                raise _exists_error(new_email)
            self._check_new_address(audience, new_email)
        if "status" in body:
            self._change_status(audience, member, body["status"])
        self._apply_fields(member, body)
        if new_email and new_email != member.email:
            del audience.members[member.hash]
            member.email = new_email
            audience.members[member.hash] = member
        if member.state() != before:
            member.last_changed = self.now()
        return 200, self._member_json(audience, member)

    def _archive_member(self, params, query, body):
        audience = self._audience(params["list_id"])
        member = self._find_member(audience, params["subscriber_hash"])
        if member.status in ("pending", "cleaned", "archived"):
            raise ApiError(
                405,
                "Method Not Allowed",
                "This list member cannot be removed. Can not archive a contact that is bounced, "
                "pending or archived",
                headers={"Allow": "GET, PUT, PATCH"},
            )
        member.status = "archived"
        member.last_changed = self.now()
        return 204, None

    def _delete_member_permanent(self, params, query, body):
        audience = self._audience(params["list_id"])
        member = self._find_member(audience, params["subscriber_hash"])
        del audience.members[member.hash]
        audience.forgotten.add(member.hash)
        return 204, None

    def _batch_members(self, params, query, body):
        audience = self._audience(params["list_id"])
        items = body["members"]
        if len(items) > BATCH_LIMIT:
            raise _invalid(
                [
                    {
                        "field": "members",
                        "message": f"At most {BATCH_LIMIT} members per call.",
                    }
                ]
            )
        update_existing = bool(body.get("update_existing"))
        created: list[_Member] = []
        updated: list[_Member] = []
        errors: list[dict[str, str]] = []

        def fail(email: str, message: str, code: str = "ERROR_GENERIC", name: str = "") -> None:
            errors.append(
                {
                    "email_address": email,
                    "error": message,
                    "error_code": code,
                    "field": name,
                    "field_message": message if name else "",
                }
            )

        for item in items:
            email = (item.get("email_address") or "").strip()
            member = audience.members.get(subscriber_hash(email)) if email else None
            try:
                self._validate_fields(item)
                if member is not None and member.status != "archived":
                    if not update_existing:
                        fail(
                            email,
                            f"{email} is already a list member, do you want to update? "
                            "please provide update_existing:true in the request body",
                            "ERROR_CONTACT_EXISTS",
                        )
                        continue
                    before = member.state()
                    if "status" in item:
                        self._change_status(audience, member, item["status"])
                    self._apply_fields(member, item)
                    if member.state() != before:
                        member.last_changed = self.now()
                    updated.append(member)
                    continue
                self._check_new_address(audience, email)
                if not item.get("status"):
                    fail(email, "Status is required for new members.", name="status")
                    continue
                if member is None:
                    member = self._new_member(audience, email, item["status"])
                else:
                    member.status = item["status"]
                    self._entered_status(audience, member, item["status"], self.now())
                    member.last_changed = self.now()
                self._apply_fields(member, item)
                created.append(member)
            except ApiError as error:
                fail(email, error.detail)
        path = f"/lists/{audience.id}"
        return 200, {
            "new_members": [self._member_json(audience, m, full=False) for m in created],
            "updated_members": [self._member_json(audience, m, full=False) for m in updated],
            "errors": errors,
            "total_created": len(created),
            "total_updated": len(updated),
            "error_count": len(errors),
            "_links": self._links(("parent", "GET", path)),
        }

    def _webhook_json(self, hook: dict[str, Any]) -> dict[str, Any]:
        path = f"/lists/{hook['list_id']}/webhooks/{hook['id']}"
        return {
            **copy.deepcopy(hook),
            "_links": self._links(("self", "GET", path), ("delete", "DELETE", path)),
        }

    def _list_webhooks(self, params, query, body):
        audience = self._audience(params["list_id"])
        return 200, {
            "webhooks": [self._webhook_json(hook) for hook in audience.webhooks.values()],
            "list_id": audience.id,
            "total_items": len(audience.webhooks),
            "_links": self._links(("self", "GET", f"/lists/{audience.id}/webhooks")),
        }

    def _create_webhook(self, params, query, body):
        audience = self._audience(params["list_id"])
        url = body.get("url") or ""
        if not url.startswith(("http://", "https://")):
            raise _invalid([{"field": "url", "message": "Please enter a valid URL."}])
        events = dict.fromkeys(
            ("subscribe", "unsubscribe", "profile", "cleaned", "upemail", "campaign"), True
        )
        events.update(body.get("events") or {})
        sources = {"user": True, "admin": True, "api": False}
        sources.update(body.get("sources") or {})
        hook = {
            "id": self._hex(10),
            "url": url,
            "list_id": audience.id,
            "events": events,
            "sources": sources,
        }
        audience.webhooks[hook["id"]] = hook
        return 200, self._webhook_json(hook)

    def _get_webhook(self, params, query, body):
        audience = self._audience(params["list_id"])
        hook = audience.webhooks.get(params["webhook_id"])
        if hook is None:
            raise _not_found()
        return 200, self._webhook_json(hook)

    def _delete_webhook(self, params, query, body):
        audience = self._audience(params["list_id"])
        if audience.webhooks.pop(params["webhook_id"], None) is None:
            raise _not_found()
        return 204, None

    def _campaign_settings(self, found: _Campaign, body: dict[str, Any]) -> None:
        recipients = body.get("recipients")
        if recipients is not None:
            if recipients["list_id"] not in self._audiences:
                raise _invalid(
                    [
                        {
                            "field": "recipients.list_id",
                            "message": "The list_id you provided does not exist.",
                        }
                    ]
                )
            found.list_id = recipients["list_id"]
        settings = body.get("settings") or {}
        reply_to = settings.get("reply_to")
        if reply_to and not _EMAIL_SYNTAX.match(reply_to):
            raise _invalid(
                [
                    {
                        "field": "settings.reply_to",
                        "message": "This value should be a valid email address.",
                    }
                ]
            )
        found.settings.update({k: v for k, v in settings.items() if k in _DEFAULT_SETTINGS})
        found.tracking.update(
            {k: v for k, v in (body.get("tracking") or {}).items() if k in _DEFAULT_TRACKING}
        )

    def _create_campaign(self, params, query, body):
        if body["type"] != "regular":
            raise _invalid(
                [{"field": "type", "message": "The emulator only emulates regular campaigns."}]
            )
        found = _Campaign(
            id=self._hex(10),
            web_id=self._next_web_id(),
            type="regular",
            create_time=self.now(),
            list_id="",
            settings=dict(_DEFAULT_SETTINGS),
            tracking=dict(_DEFAULT_TRACKING),
        )
        self._campaign_settings(found, body)
        self._campaigns[found.id] = found
        return 200, self._campaign_json(found)

    def _get_campaign(self, params, query, body):
        return 200, self._campaign_json(self._campaign(params["campaign_id"]))

    def _patch_campaign(self, params, query, body):
        found = self._campaign(params["campaign_id"])
        if found.status not in EDITABLE_CAMPAIGN_STATUSES:
            raise ApiError(
                400,
                "Bad Request",
                f"This campaign cannot be updated because its status is '{found.status}'.",
            )
        self._campaign_settings(found, body)
        return 200, self._campaign_json(found)

    def _delete_campaign(self, params, query, body):
        found = self._campaign(params["campaign_id"])
        if found.status == "sending":
            raise ApiError(400, "Bad Request", "A campaign that is sending cannot be deleted.")
        del self._campaigns[found.id]
        return 204, None

    def _content_json(self, found: _Campaign) -> dict[str, Any]:
        path = f"/campaigns/{found.id}/content"
        return {
            "html": found.html,
            "plain_text": found.plain_text,
            "archive_html": found.html,
            "_links": self._links(("self", "GET", path), ("create", "PUT", path)),
        }

    def _get_content(self, params, query, body):
        return 200, self._content_json(self._campaign(params["campaign_id"]))

    def _set_content(self, params, query, body):
        found = self._campaign(params["campaign_id"])
        if found.status not in EDITABLE_CAMPAIGN_STATUSES:
            raise ApiError(
                400,
                "Invalid Resource",
                "Can only set content on campaigns with status 'save', 'paused', or 'scheduled'",
            )
        unsupported = {"url", "template", "archive", "variate_contents"} & set(body)
        if unsupported or "html" not in body:
            raise _invalid(
                [
                    {
                        "field": "html",
                        "message": "The emulator only emulates html (+ plain_text) content.",
                    }
                ]
            )
        found.html = body["html"]
        found.plain_text = body.get("plain_text") or html_to_text(found.html)
        found.has_content = bool(found.html.strip())
        return 200, self._content_json(found)

    def _send_test(self, params, query, body):
        found = self._campaign(params["campaign_id"])
        fakes = [email for email in body["test_emails"] if self.is_fake(email)]
        if fakes or not body["test_emails"]:
            raise _invalid(
                [
                    {
                        "field": "test_emails",
                        "message": f"Invalid test addresses: {', '.join(fakes) or 'none'}",
                    }
                ]
            )
        if any(item["type"] == "error" for item in self._checklist(found, for_test=True)):
            raise ApiError(400, "Bad Request", _NOT_READY_DETAIL)
        self.test_sends.append(
            {
                "campaign_id": found.id,
                "test_emails": list(body["test_emails"]),
                "send_type": body["send_type"],
                "subject_line": found.settings["subject_line"],
                "html": found.html,
                "plain_text": found.plain_text,
                "at": iso(self.now()),
            }
        )
        return 204, None

    def _schedule(self, params, query, body):
        found = self._campaign(params["campaign_id"])
        if found.status not in ("save", "paused"):
            raise ApiError(
                400, "Bad Request", f"Cannot schedule a campaign whose status is '{found.status}'."
            )
        when = parse_time(body["schedule_time"])
        if when.minute % 15 or when.second or when.microsecond:
            raise _invalid(
                [
                    {
                        "field": "schedule_time",
                        "message": "Campaigns may only be scheduled to send on the quarter-hour "
                        "(:00, :15, :30, :45).",
                    }
                ]
            )
        if when <= self.now():
            raise _invalid(
                [{"field": "schedule_time", "message": "The schedule time must be in the future."}]
            )
        if any(item["type"] == "error" for item in self._checklist(found)):
            raise ApiError(400, "Bad Request", _NOT_READY_DETAIL)
        found.status = "schedule"
        found.send_time = when
        return 204, None

    def _unschedule(self, params, query, body):
        found = self._campaign(params["campaign_id"])
        if found.status != "schedule":
            raise ApiError(
                400,
                "Bad Request",
                f"Cannot unschedule a campaign whose status is '{found.status}'.",
            )
        found.status = "save"
        found.send_time = None
        return 204, None

    def _send(self, params, query, body):
        found = self._campaign(params["campaign_id"])
        if found.status in ("sent", "sending"):
            raise ApiError(400, "Bad Request", "This campaign has already been sent.")
        if found.status not in ("save", "paused"):
            raise ApiError(
                400,
                "Bad Request",
                f"Cannot send a campaign whose status is '{found.status}'; unschedule it first.",
            )
        if any(item["type"] == "error" for item in self._checklist(found)):
            raise ApiError(400, "Bad Request", _NOT_READY_DETAIL)
        self._deliver(found, self.now())
        return 204, None

    def _send_checklist(self, params, query, body):
        found = self._campaign(params["campaign_id"])
        items = self._checklist(found)
        return 200, {
            "is_ready": all(item["type"] != "error" for item in items),
            "items": items,
            "_links": self._links(("self", "GET", f"/campaigns/{found.id}/send-checklist")),
        }

    def _get_report(self, params, query, body):
        found = self._campaign(params["campaign_id"])
        if found.status != "sent":
            raise _not_found()
        return 200, self._report_json(found)


def _project(data: Any, fields: list[str] | None, exclude: list[str] | None) -> Any:
    """Apply Mailchimp's ``fields``/``exclude_fields`` (dot paths, applied inside arrays)."""
    if fields:
        tree: dict[str, Any] = {}
        for path in fields:
            node = tree
            parts = path.split(".")
            for part in parts[:-1]:
                child = node.get(part)
                if child is True:
                    break
                node = node.setdefault(part, {})
            else:
                node[parts[-1]] = True
        data = _keep(data, tree)
    for path in exclude or ():
        _drop(data, path.split("."))
    return data


def _keep(node: Any, tree: dict[str, Any]) -> Any:
    if isinstance(node, list):
        return [_keep(item, tree) for item in node]
    if not isinstance(node, dict):
        return node
    return {
        key: node[key] if sub is True else _keep(node[key], sub)
        for key, sub in tree.items()
        if key in node
    }


def _drop(node: Any, parts: list[str]) -> None:
    if isinstance(node, list):
        for item in node:
            _drop(item, parts)
    elif isinstance(node, dict) and parts and parts[0] in node:
        if len(parts) == 1:
            del node[parts[0]]
        else:
            _drop(node[parts[0]], parts[1:])


def encode_webhook(payload: dict[str, str]) -> bytes:
    """The form-encoded body Mailchimp POSTs for a webhook payload."""
    return urlencode(payload).encode()
