"""Demo content: the shared context every app's loader uses, and the loader for home/.

Each app with demo content has a ``demo`` module with ``load(ctx)``; ``load_demo_content`` calls
them in order (home, themes, news, guides, newsletter). Objects are found by a natural key and
left alone when they exist, so running the command again changes nothing."""

import hashlib
import io
import json
import random
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.utils.html import escape
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.models import Page, Site

DATA_DIR = Path(__file__).resolve().parent / "data"
PALETTES = [
    ((138, 21, 56), (244, 241, 234), (0, 102, 94)),
    ((0, 102, 94), (250, 246, 236), (255, 191, 71)),
    ((94, 14, 38), (235, 242, 240), (0, 128, 117)),
    ((27, 27, 31), (244, 241, 234), (138, 21, 56)),
]
DEMO_ADMIN = ("admin", "twentsekoers")


def paragraphs_html(paragraphs):
    return "".join(f"<p>{escape(text)}</p>" for text in paragraphs or [])


class DemoContext:
    """What loaders share: the data files, the pages and snippets made so far, and counters."""

    def __init__(self, stdout=None):
        self.stdout = stdout
        self.home = None
        self.people = {}
        self.organisations = {}
        self.pages = {}
        self.created = {}
        self.deferred = []

    def data(self, name):
        with (DATA_DIR / f"{name}.json").open(encoding="utf-8") as handle:
            return json.load(handle)

    def count(self, label, created):
        if created:
            self.created[label] = self.created.get(label, 0) + 1

    def summary(self):
        if not self.created:
            return "Demo content: everything was already there; nothing changed."
        made = ", ".join(f"{n} {label}" for label, n in sorted(self.created.items()))
        return f"Demo content loaded: {made}."

    def image(self, title, seed=None):
        """A locally generated, decorative illustration (no downloads), found again by title."""
        from home.models import SiteImage

        existing = SiteImage.objects.filter(title=title).first()
        if existing:
            return existing
        rng = random.Random(int(hashlib.sha256((seed or title).encode()).hexdigest()[:8], 16))  # noqa: S311
        dark, light, accent = rng.choice(PALETTES)
        width, height = 1200, 800
        canvas = PILImage.new("RGB", (width, height), light)
        draw = ImageDraw.Draw(canvas)
        for _ in range(7):
            x, y = rng.randint(-200, width), rng.randint(-200, height)
            r = rng.randint(120, 420)
            draw.ellipse((x, y, x + r, y + r), fill=rng.choice([dark, accent, light]))
        draw.rectangle((0, height - 40, width, height), fill=dark)
        buffer = io.BytesIO()
        canvas.save(buffer, format="JPEG", quality=72, optimize=True)
        slug = hashlib.sha1(title.encode(), usedforsecurity=False).hexdigest()[:10]
        image = SiteImage(title=title, is_decorative=True, credit="Twentse Koers (illustratie)")
        image.file = ImageFile(buffer, name=f"demo-{slug}.jpg")
        image.save()
        self.count("images", True)
        return image

    def child(self, parent, model, slug, **fields):
        """The live child page with this slug, created and published when missing."""
        existing = parent.get_children().filter(slug=slug).first()
        if existing:
            page = existing.specific
            self.pages[slug] = page
            return page
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
        page.refresh_from_db()
        self.pages[slug] = page
        self.count("pages", True)
        return page

    def person(self, key):
        return self.people.get(key) if key else None

    def ensure_admin(self):
        username, password = DEMO_ADMIN
        user_model = get_user_model()
        if not user_model.objects.filter(username=username).exists():
            user_model.objects.create_superuser(username, "admin@example.org", password)
            self.count("admin accounts", True)

    def blocks(self, items):
        """Translate the data files' simple block objects into StreamField raw data."""
        stream = []
        for item in items or []:
            kind = item["type"]
            if kind == "heading":
                level = item.get("level", "h2")
                stream.append({"type": "heading", "value": {"text": item["text"], "level": level}})
            elif kind == "paragraph":
                stream.append({"type": "paragraph", "value": paragraphs_html([item["text"]])})
            elif kind == "faq":
                stream.append(
                    {
                        "type": "accordion",
                        "value": {
                            "title": item.get("title", "Veelgestelde vragen"),
                            "items": [
                                {
                                    "question": qa["question"],
                                    "answer": paragraphs_html([qa["answer"]]),
                                }
                                for qa in item["items"]
                            ],
                        },
                    }
                )
            elif kind == "quote":
                stream.append(
                    {
                        "type": "quote",
                        "value": {"text": item["text"], "author": item.get("author", "")},
                    }
                )
            elif kind == "contact" and self.person(item.get("person")):
                stream.append(
                    {
                        "type": "contact",
                        "value": {
                            "person": self.person(item["person"]).pk,
                            "text": item.get("text", ""),
                        },
                    }
                )
            elif kind == "cta":
                target = Page.objects.filter(slug=item.get("link_slug")).first()
                if target:
                    stream.append(
                        {
                            "type": "call_to_action",
                            "value": {
                                "title": item["title"],
                                "text": item.get("text", ""),
                                "link": {
                                    "page": target.pk,
                                    "url": "",
                                    "label": item.get("link_label", ""),
                                },
                            },
                        }
                    )
        return stream


def _logo(ctx, org):
    """A generated wordmark standing in for an owner's logo (no downloads), found again by title."""
    from home.models import SiteImage

    title = f"Logo {org.name}"
    existing = SiteImage.objects.filter(title=title).first()
    if existing:
        return existing
    font = ImageFont.load_default(size=44)
    left, top, right, bottom = font.getbbox(org.name)
    width, height = right - left + 48, bottom - top + 40
    canvas = PILImage.new("RGB", (width, height), (255, 255, 255))
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((0, height - 8, width, height), fill=(0, 102, 94))
    draw.text((24 - left, 16 - top), org.name, font=font, fill=(27, 27, 31))
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG", optimize=True)
    slug = hashlib.sha1(title.encode(), usedforsecurity=False).hexdigest()[:10]
    image = SiteImage(title=title, description=f"Logo van {org.name}", credit=org.name)
    image.file = ImageFile(buffer, name=f"logo-{slug}.png")
    image.full_clean(exclude=["file"])
    image.save()
    ctx.count("images", True)
    return image


def _site_root(ctx, home_data):
    from home.models import HomePage

    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        for page in root.get_children():
            if not isinstance(page.specific, HomePage):
                page.delete()
        home = ctx.child(
            root,
            HomePage,
            "home",
            title=home_data["title"],
            hero_title=home_data["hero_title"],
            introduction=home_data["hero_intro"],
            hero_image=ctx.image("Homepagina: samen op koers"),
            newsletter_title=home_data.get("newsletter_cta_title", "Blijf op de hoogte"),
            newsletter_text=home_data.get("newsletter_cta_text", ""),
        )
    hostname, port = site_address()
    site = Site.objects.filter(is_default_site=True).first()
    site_values = {
        "root_page": home,
        "hostname": hostname,
        "port": port,
        "site_name": "Twentse Koers",
        "is_default_site": True,
    }
    if site is None:
        Site.objects.create(**site_values)
    elif any(getattr(site, key) != value for key, value in site_values.items()):
        for key, value in site_values.items():
            setattr(site, key, value)
        site.save()
    ctx.home = home
    return home


def site_address():
    """The host name and port of settings.SITE_BASE_URL (`make run` derives it from its port)."""
    base = urlsplit(settings.SITE_BASE_URL)
    return base.hostname or "localhost", base.port or (443 if base.scheme == "https" else 80)


def follow_site_base_url():
    """Give the default Site the host and port of SITE_BASE_URL, so absolute links (feeds,
    sitemap, mails) point at the server actually running. Returns the new address, or None when
    nothing changed (or another site already answers there)."""
    hostname, port = site_address()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None or (site.hostname, site.port) == (hostname, port):
        return None
    if Site.objects.filter(hostname=hostname, port=port).exclude(pk=site.pk).exists():
        return None
    site.hostname, site.port = hostname, port
    site.save(update_fields=["hostname", "port"])
    return f"{hostname}:{port}"


def load(ctx):
    from home.models import AboutPage, ContentPage, Organisation, Person, SiteSettings

    site_data = ctx.data("site")
    for item in ctx.data("organisations"):
        org, created = Organisation.objects.get_or_create(
            name=item["name"],
            defaults={
                "kind": item["kind"],
                "role": item["role"],
                "website": item.get("website", ""),
                "description": item.get("description", ""),
            },
        )
        ctx.organisations[org.name] = org
        ctx.count("organisations", created)
        if created and org.role == Organisation.Role.EIGENAAR and org.kind != Organisation.Kind.GEMEENTE:
            org.logo = _logo(ctx, org)
            org.save(update_fields=["logo"])
    for item in ctx.data("people"):
        person, created = Person.objects.get_or_create(
            name=item["name"],
            defaults={
                "role": item.get("role", ""),
                "organisation": ctx.organisations.get(item.get("organisation")),
                "email": item.get("email", ""),
                "team": item.get("team") or "",
            },
        )
        ctx.people[item["key"]] = person
        ctx.count("people", created)

    home = _site_root(ctx, site_data["home"])
    site = Site.objects.get(root_page=home)
    s = site_data["settings"]
    site_settings = SiteSettings.for_site(site)
    if not site_settings.email:
        site_settings.organisation_name = s["organisation_name"]
        site_settings.address = "\n".join(s.get("address_lines", []))
        site_settings.email = s.get("email", "")
        site_settings.phone = s.get("phone", "")
        site_settings.social_links = [
            {"type": "link", "value": {"name": link["name"], "url": link["url"]}}
            for link in s.get("social", [])
        ]
        site_settings.newsletter_from_name = s.get("newsletter_from_name", "Twentse Koers")
        site_settings.newsletter_reply_to = s.get("newsletter_reply_to", "")
        if s.get("consent_text"):
            site_settings.newsletter_consent_text = s["consent_text"]
        site_settings.save()
        ctx.count("settings", True)

    about = site_data["about"]
    ctx.child(
        home,
        AboutPage,
        "over-twentse-koers",
        title=about["title"],
        introduction=about["intro"],
        show_in_menus=True,
        body=ctx.blocks([{"type": "paragraph", "text": t} for t in about.get("paragraphs", [])]),
        governance=ctx.blocks(
            [
                block
                for part in about.get("governance", [])
                for block in (
                    # h3: the page template puts the governance under its own h2.
                    {"type": "heading", "text": part["name"], "level": "h3"},
                    {"type": "paragraph", "text": part["text"]},
                )
            ]
        ),
    )

    def content_pages():
        for item in site_data.get("content_pages", []):
            ctx.child(
                home,
                ContentPage,
                item["slug"],
                title=item["title"],
                introduction=item["intro"],
                body=ctx.blocks(item.get("blocks", [])),
            )

    ctx.deferred.append(content_pages)
    ctx.deferred.append(lambda: _key_figures(ctx, site_data["home"].get("key_figures", [])))


def _key_figures(ctx, items):
    """The home page's key figures point at a project result or count live content, so they are
    set once the projects exist. Figures an editor already chose are left alone."""
    from home.models import HomePage
    from themes.models import ProjectResult

    home = HomePage.objects.get(pk=ctx.home.pk)
    if len(home.key_figures):
        return
    stream = []
    for item in items:
        if "count" in item:
            value = {"count": item["count"], "label": item.get("label", "")}
            stream.append({"type": "count_figure", "value": value})
            continue
        result = ProjectResult.objects.get(page__slug=item["project"], label=item["result"])
        value = {"result": str(result.pk), "label": item.get("label", "")}
        stream.append({"type": "result_figure", "value": value})
    home.key_figures = stream
    home.save_revision().publish()
    ctx.home = home
    ctx.count("key figures", bool(stream))
