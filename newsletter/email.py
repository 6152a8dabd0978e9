"""Rendering a newsletter page as the e-mail that is sent: the HTML part (a table-based template,
at most 600 px wide, CSS inlined by css-inline, every link and image absolute) and the plain-text
part. The admin preview, the test mail, Mailchimp and the local delivery all use `render_newsletter`,
so the preview is exactly what goes out.

The unsubscribe link differs per way of sending: Mailchimp fills in its own merge tag, the local
delivery a personal link per subscriber. The mail is rendered once with a placeholder and
`personalise()` swaps it in, which keeps a send to thousands of subscribers to one render.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from html import escape, unescape
from html.parser import HTMLParser
from urllib.parse import urljoin

import css_inline
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from .blocks import EMAIL, blocks_for

UNSUBSCRIBE_PLACEHOLDER = "https://afmelden.invalid/__newsletter_unsubscribe__"
MAILCHIMP_UNSUBSCRIBE = "*|UNSUB|*"
HTML_TEMPLATE = "newsletter/email/newsletter.html"
TEXT_TEMPLATE = "newsletter/email/newsletter.txt"
MAX_WIDTH = 600

_INLINER = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)
_URL_ATTR = re.compile(r'(?P<attr>\s(?:href|src))="(?P<url>[^"]*)"', re.IGNORECASE)


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    preview_text: str
    html: str
    text: str

    def personalise(self, unsubscribe_url: str) -> RenderedEmail:
        """The same mail with this unsubscribe link (HTML-escaped in the HTML part)."""
        return replace(
            self,
            html=self.html.replace(UNSUBSCRIBE_PLACEHOLDER, escape(unsubscribe_url, quote=True)),
            text=self.text.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe_url),
        )


def base_url() -> str:
    return (getattr(settings, "SITE_BASE_URL", "") or settings.WAGTAILADMIN_BASE_URL).rstrip("/")


def absolute_url(url: str, base: str | None = None) -> str:
    """Make a site-relative address absolute; leave absolute ones, mailto:, #anchors and merge tags."""
    url = (url or "").strip()
    if not url or url.startswith(("#", "*|", "mailto:", "tel:")) or "://" in url.split("?")[0]:
        return url
    if url.startswith("//"):
        return "https:" + url
    return urljoin((base or base_url()) + "/", url)


def absolutize_links(html: str, base: str | None = None) -> str:
    base = base or base_url()

    def fix(match):
        url = absolute_url(unescape(match.group("url")), base)
        return f'{match.group("attr")}="{escape(url, quote=True)}"'

    return _URL_ATTR.sub(fix, html)


class _TextExtractor(HTMLParser):
    """Rich text to readable plain text: paragraphs, list bullets and links written out."""

    BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "tr"}

    def __init__(self, base):
        super().__init__(convert_charrefs=True)
        self.base = base
        self.parts: list[str] = []
        self.links: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self.parts.append("\n\n")
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag == "a":
            self.links.append(absolute_url(dict(attrs).get("href") or "", self.base) or None)

    def handle_endtag(self, tag):
        if tag == "a" and self.links:
            href = self.links.pop()
            if href:
                self.parts.append(f" ({href})")
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        self.parts.append(re.sub(r"\s+", " ", data))

    def text(self):
        text = "".join(self.parts)
        text = re.sub(r"[ \t]+\n", "\n", text)
        text = re.sub(r"\n[ \t]+", "\n", text)
        return re.sub(r"\n{3,}", "\n\n", text).strip()


def html_to_text(html: str, base: str | None = None) -> str:
    parser = _TextExtractor(base or base_url())
    parser.feed(str(html or ""))
    parser.close()
    return parser.text()


def tidy_text(text: str) -> str:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def _site_settings(page):
    from home.models import SiteSettings

    site = page.get_site() if page.pk else None
    if site is None:
        from wagtail.models import Site

        site = Site.objects.filter(is_default_site=True).first()
    return SiteSettings.for_site(site) if site is not None else SiteSettings()


def _index_url(page) -> str:
    parent = page.get_parent() if page.pk or page.path else None
    return (parent.get_full_url() if parent else "") or base_url() + "/nieuwsbrief/"


def render_newsletter(page, *, unsubscribe_url: str = UNSUBSCRIBE_PLACEHOLDER) -> RenderedEmail:
    """The e-mail for this newsletter page (a live page or a revision's `as_object()`)."""
    base = base_url()
    site_settings = _site_settings(page)
    context = {
        "page": page,
        "subject": page.subject or page.title,
        "preview_text": page.preview_text,
        "email_blocks": blocks_for(page.body, EMAIL),
        "site_settings": site_settings,
        "base_url": base,
        "web_url": page.get_full_url() or "",
        "index_url": _index_url(page),
        "unsubscribe_url": unsubscribe_url,
        "max_width": MAX_WIDTH,
    }
    with translation.override("nl"):
        html = render_to_string(HTML_TEMPLATE, context)
        text = render_to_string(TEXT_TEMPLATE, context)
    html = absolutize_links(_INLINER.inline(html), base)
    return RenderedEmail(
        subject=context["subject"],
        preview_text=page.preview_text,
        html=html,
        text=tidy_text(text),
    )


def render_for_preview(page) -> RenderedEmail:
    """What the configured way of sending will send, as the admin preview shows it."""
    from .campaigns.backends import get_backend

    return get_backend().preview(render_newsletter(page))
