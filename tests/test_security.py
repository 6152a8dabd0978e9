"""Security baseline: headers on every response, security.txt, robots.txt, no raw HTML blocks,
upload restrictions, documents through the serve view, no cookies for anonymous visitors and no
third-party requests."""

import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image as PILImage
from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.fields import StreamField
from wagtail.images import get_image_model

from tests.factories import ContentPageFactory
from tests.home.crawl import is_external, parse, public_paths

STRICT_DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'self'",
    "object-src": "'none'",
}


def parse_csp(header):
    policy = {}
    for directive in header.split(";"):
        name, *sources = directive.split()
        policy[name] = " ".join(sources)
    return policy


def assert_security_headers(response, *, strict=True):
    policy = parse_csp(response["Content-Security-Policy"])
    header = response["Content-Security-Policy"]
    assert "unsafe-eval" not in header
    if strict:
        assert "unsafe-inline" not in header
        for directive, sources in STRICT_DIRECTIVES.items():
            assert policy[directive] == sources, directive
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "X-Frame-Options" in response


@pytest.fixture
def demo_site(db):
    call_command("load_demo_content", no_admin=True, stdout=io.StringIO())


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/contact/",
        "/zoeken/?q=zorg",
        "/sitemap.xml",
        "/robots.txt",
        "/healthz",
        "/bestaat-niet/",
    ],
)
def test_strict_headers_on_public_responses(client, site_root, path):
    ContentPageFactory(parent=site_root, slug="contact", title="Contact")
    response = client.get(path)
    assert response.status_code in {200, 404}
    assert_security_headers(response)


@pytest.mark.django_db
def test_admin_policy_relaxes_only_inline_script_and_style(admin_client_nl, site_root):
    response = admin_client_nl.get(reverse("wagtailadmin_pages:edit", args=[site_root.pk]))
    assert response.status_code == 200
    assert_security_headers(response, strict=False)
    policy = parse_csp(response["Content-Security-Policy"])
    assert policy["script-src"] == "'self' 'unsafe-inline'"
    assert policy["style-src"] == "'self' 'unsafe-inline'"
    for directive in ("default-src", "base-uri", "form-action", "frame-ancestors", "object-src"):
        assert policy[directive] == STRICT_DIRECTIVES[directive]
    assert policy["connect-src"] == "'self'"


@pytest.mark.django_db
def test_admin_makes_no_third_party_requests(admin_client_nl, site_root, settings):
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    assert settings.WAGTAIL_ENABLE_UPDATE_CHECK is False
    html = admin_client_nl.get(reverse("wagtailadmin_home")).content.decode()
    assert "gravatar.com" not in html
    assert "releases.wagtail.org" not in html


def test_security_txt_is_valid_rfc_9116(client, settings):
    settings.SECURITY_TXT_CONTACT = "mailto:security@example.org"
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.endswith("\n")
    fields = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        match = re.fullmatch(r"([A-Za-z-]+): (\S.*)", line)
        assert match, f"not a field line: {line!r}"
        fields.setdefault(match[1].lower(), []).append(match[2])
    assert fields["contact"] == ["mailto:security@example.org"]
    assert len(fields["expires"]) == 1
    expires = datetime.strptime(fields["expires"][0], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    now = datetime.now(UTC)
    assert now < expires < now + timedelta(days=365)
    assert "canonical" not in fields  # RFC 9116 wants https:// here; plain HTTP gets none.
    assert set(fields) <= {"contact", "expires", "preferred-languages", "canonical", "policy"}


def test_security_txt_over_https_has_canonical_and_caps_expiry(client, settings):
    settings.SECURITY_TXT_EXPIRES_DAYS = 900
    text = client.get("/.well-known/security.txt", secure=True).content.decode()
    assert "Canonical: https://testserver/.well-known/security.txt" in text
    expires = re.search(r"^Expires: (.+)$", text, re.MULTILINE)[1]
    expiry = datetime.strptime(expires, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert expiry < datetime.now(UTC) + timedelta(days=365)


@pytest.mark.django_db
def test_robots_txt_points_at_the_sitemap(client, site_root):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    sitemap_lines = [line for line in lines if line.startswith("Sitemap: ")]
    assert sitemap_lines == ["Sitemap: http://testserver/sitemap.xml"]
    assert client.get("/sitemap.xml").status_code == 200


def iter_blocks(block, seen=None):
    seen = seen if seen is not None else set()
    if id(block) in seen:
        return
    seen.add(id(block))
    yield block
    children = list(getattr(block, "child_blocks", {}).values())
    if getattr(block, "child_block", None) is not None:
        children.append(block.child_block)
    for child in children:
        yield from iter_blocks(child, seen)


def test_no_raw_html_block_in_any_streamfield():
    stream_fields = [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, StreamField)
    ]
    assert len(stream_fields) >= 4, "expected the page bodies, key figures and settings"
    models = {model.__name__ for model, _ in stream_fields}
    assert {"ContentPage", "AboutPage", "HomePage", "SiteSettings"} <= models
    offenders = [
        f"{model.__name__}.{field.name}: {type(block).__name__}"
        for model, field in stream_fields
        for block in iter_blocks(field.stream_block)
        if isinstance(block, blocks.RawHTMLBlock)
    ]
    assert offenders == []


def test_raw_html_block_detection_works():
    stream = blocks.StreamBlock(
        [("s", blocks.StructBlock([("x", blocks.ListBlock(blocks.RawHTMLBlock()))]))]
    )
    assert any(isinstance(block, blocks.RawHTMLBlock) for block in iter_blocks(stream))


def image_bytes(size=(40, 30), fmt="PNG"):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, "teal").save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.mark.django_db
def test_svg_uploads_are_refused(admin_client_nl, settings):
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    response = admin_client_nl.post(
        reverse("wagtailimages:add"),
        {
            "title": "Logo",
            "description": "Logo van Twentse Koers",
            "file": SimpleUploadedFile("logo.svg", svg, content_type="image/svg+xml"),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not get_image_model().objects.filter(title="Logo").exists()


@pytest.mark.django_db
def test_image_upload_size_limit(admin_client_nl, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1_000
    payload = image_bytes(size=(400, 400), fmt="BMP")
    assert len(payload) > 1_000
    response = admin_client_nl.post(
        reverse("wagtailimages:add"),
        {
            "title": "Te groot",
            "description": "Een groot vlak",
            "file": SimpleUploadedFile("groot.bmp", payload, content_type="image/bmp"),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not get_image_model().objects.filter(title="Te groot").exists()


@pytest.mark.django_db
def test_image_upload_within_limits_works(admin_client_nl):
    response = admin_client_nl.post(
        reverse("wagtailimages:add"),
        {
            "title": "Fietsers",
            "description": "Twee fietsers op een dijk",
            "file": SimpleUploadedFile("fietsers.png", image_bytes(), content_type="image/png"),
        },
    )
    assert response.status_code == 302
    assert get_image_model().objects.filter(title="Fietsers").exists()


@pytest.mark.django_db
def test_document_upload_size_limit(admin_client_nl, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1_000
    Document = get_document_model()
    url = reverse("wagtaildocs:add")
    too_big = SimpleUploadedFile("groot.pdf", b"%PDF-1.4\n" + b"0" * 2_000)
    response = admin_client_nl.post(url, {"title": "Groot", "file": too_big})
    assert response.status_code == 200
    assert "te groot" in str(response.context["form"].errors["file"])
    assert not Document.objects.filter(title="Groot").exists()
    small = SimpleUploadedFile("klein.pdf", b"%PDF-1.4\n%%EOF\n")
    response = admin_client_nl.post(url, {"title": "Klein", "file": small})
    assert response.status_code == 302
    assert Document.objects.filter(title="Klein").exists()


@pytest.mark.django_db
def test_documents_are_served_through_wagtails_serve_view(client, settings):
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"
    Document = get_document_model()
    pdf = Document.objects.create(
        title="Handreiking",
        file=SimpleUploadedFile("handreiking.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    assert pdf.url == reverse("wagtaildocs_serve", args=[pdf.id, pdf.filename])
    assert pdf.url.startswith("/documenten/")
    response = client.get(pdf.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    # Wagtail's own, stricter policy for served files wins over the site policy.
    assert parse_csp(response["Content-Security-Policy"])["default-src"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert not response.cookies

    sheet = Document.objects.create(
        title="Cijfers", file=SimpleUploadedFile("cijfers.xlsx", b"PK\x03\x04 spreadsheet")
    )
    response = client.get(sheet.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.django_db
def test_every_public_url_sets_no_cookie_and_loads_nothing_from_elsewhere(client, demo_site):
    """One crawl of the demo site (every live page plus search, sitemap, robots, 404): anonymous
    visitors get no cookie, every response has the strict headers, and HTML pages reference no
    script, style, font or image on another host and contain no inline code."""
    paths = public_paths()
    assert len(paths) >= 15
    cookies, problems, html_pages = {}, [], 0
    for path in paths:
        response = client.get(path)
        assert response.status_code in {200, 404}, path
        if response.cookies or "Set-Cookie" in response.headers:
            cookies[path] = sorted(response.cookies)
        assert_security_headers(response)
        if "text/html" not in response.get("Content-Type", ""):
            continue
        html_pages += 1
        document = parse(response.content.decode())
        for tag, attribute, url in document.resources:
            if is_external(url) and not (tag in {"a", "area"} and attribute == "href"):
                problems.append(f"{path}: <{tag} {attribute}={url!r}>")
        problems += [f"{path}: inline <script>" for _ in document.inline_scripts]
        problems += [f"{path}: <style> element" for _ in document.inline_styles]
        problems += [f"{path}: style= on <{tag}>" for tag, _ in document.style_attributes]
        problems += [f"{path}: {name}= on <{tag}>" for tag, name in document.event_handlers]
    assert cookies == {}
    assert not client.cookies
    assert html_pages >= 10
    assert problems == []


def test_resource_parser_finds_what_it_must():
    document = parse(
        '<link rel="stylesheet" href="https://fonts.example.com/a.css">'
        '<img srcset="/a.jpg 1x, https://cdn.example.com/b.jpg 2x" src="/a.jpg">'
        '<a href="https://www.example.org/">ok</a><p style="color:red" onclick="x()">x</p>'
        '<script>alert(1)</script><script type="application/json">{}</script><style>p{}</style>'
    )
    external = [(tag, attribute) for tag, attribute, url in document.resources if is_external(url)]
    assert external == [("link", "href"), ("img", "srcset"), ("a", "href")]
    assert document.inline_scripts == ["alert(1)"]
    assert len(document.inline_styles) == 1
    assert document.style_attributes == [("p", "color:red")]
    assert document.event_handlers == [("p", "onclick")]
