"""Helpers to visit every public URL of the site and inspect the HTML it returns."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

from wagtail.models import Page

EXTRA_PATHS = [
    "/zoeken/",
    "/zoeken/?q=gezondheid",
    "/zoeken/?q=gezondheid&pagina=2",
    "/sitemap.xml",
    "/robots.txt",
    "/.well-known/security.txt",
    "/healthz",
    "/deze-pagina-bestaat-niet/",
]


def public_paths():
    """Every live, public page's path plus the site's non-page URLs."""
    paths = [
        page.url for page in Page.objects.live().public().filter(depth__gt=1).specific() if page.url
    ]
    assert len(paths) >= 2, "expected a site with pages to crawl"
    return sorted(set(paths)) + EXTRA_PATHS


class ResourceParser(HTMLParser):
    """Collects every URL an HTML document points at, and inline scripts and styles."""

    URL_ATTRIBUTES = {"src", "href", "srcset", "poster", "data", "action", "formaction"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.resources = []  # (tag, attribute, url)
        self.inline_scripts = []
        self.inline_styles = []
        self.style_attributes = []
        self.event_handlers = []
        self._script = None
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name == "style":
                self.style_attributes.append((tag, value))
            if name.startswith("on"):
                self.event_handlers.append((tag, name))
            if value is None or name not in self.URL_ATTRIBUTES:
                continue
            if name == "srcset":
                for candidate in value.split(","):
                    if candidate.strip():
                        self.resources.append((tag, name, candidate.strip().split()[0]))
            else:
                self.resources.append((tag, name, value))
        if tag == "script":
            kind = (attributes.get("type") or "").lower()
            executable = kind in {"", "text/javascript", "module", "application/javascript"}
            self._script = "src" not in attributes and executable
            if self._script:
                self.inline_scripts.append("")
        if tag == "style":
            self._in_style = True
            self.inline_styles.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._script:
            self.inline_scripts[-1] += data
        if self._in_style:
            self.inline_styles[-1] += data


def parse(html):
    parser = ResourceParser()
    parser.feed(html)
    parser.close()
    return parser


def is_external(url, host="testserver"):
    """True for URLs on another host (absolute or protocol-relative)."""
    parts = urlsplit(url.strip())
    return bool(parts.netloc) and parts.hostname != host
