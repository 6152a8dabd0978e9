"""The rendered e-mail: table-based, at most 600 px, CSS inlined, dark-mode friendly, every image
with alt text, every link absolute, a plain-text part, the address and an unsubscribe link, and
blocks only where their channel allows."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from newsletter.email import UNSUBSCRIBE_PLACEHOLDER, html_to_text, render_newsletter
from tests.newsletter.page_factories import (
    NewsletterPageFactory,
    full_body,
    make_image,
    news_item,
    newsletter_site,
)
from tests.themes.factories import ProjectPageFactory, ThemeIndexPageFactory, ThemePageFactory


class Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def all(self, tag):
        return [attrs for name, attrs in self.tags if name == tag]


def parse(html):
    collector = Collector()
    collector.feed(html)
    return collector


@pytest.fixture
def issue(site_root):
    index, news_index = newsletter_site(site_root)
    photo = make_image("Keukentafel", alt="Een vrijwilliger en een inwoner aan de keukentafel")
    news = news_item(news_index, title="Huisbezoek bij geldzorgen werkt", image=photo)
    themes = ThemeIndexPageFactory(parent=site_root)
    theme = ThemePageFactory(parent=themes)
    project = ProjectPageFactory(parent=theme, title="Samen gezond in de wijk")
    decorative = make_image("Sfeer", decorative=True)
    page = NewsletterPageFactory(
        parent=index, body=full_body(news, project=project, image=decorative)
    )
    page.save_revision()
    return page


@pytest.mark.django_db
def test_html_is_accessible_table_layout_at_most_600px(issue):
    html = render_newsletter(issue).html
    doc = parse(html)
    assert re.search(r'<html[^>]* lang="nl"', html)
    assert any(
        m.get("name") == "color-scheme" and "dark" in m.get("content", "") for m in doc.all("meta")
    )
    assert "prefers-color-scheme: dark" in html
    assert doc.all("table"), "table-based layout"
    assert all(
        t.get("role") == "presentation"
        for t in doc.all("table")
        if "class" not in t or "listing" not in t
    )
    widths = [
        int(t["width"]) for t in doc.all("table") + doc.all("img") if t.get("width", "").isdigit()
    ]
    assert widths and max(widths) <= 600
    assert "max-width: 600px" in html
    assert len(doc.all("h1")) == 1
    assert len(doc.all("h2")) >= 5
    # Readable sizes: nothing below 16px.
    sizes = [int(s) for s in re.findall(r"font-size:\s*(\d+)px", html)]
    assert sizes and min(s for s in sizes if s > 1) >= 16


@pytest.mark.django_db
def test_css_is_inlined_and_no_external_stylesheet(issue):
    html = render_newsletter(issue).html
    assert not parse(html).all("link"), "no <link> (stylesheet) at all"
    assert 'class="intro" style=' in html or re.search(r'<td class="intro"[^>]*style="', html)
    style_blocks = re.findall(r"<style>(.*?)</style>", html, re.S)
    assert style_blocks, "the @media rules stay in a <style> block"
    assert all("@media" in block or "[data-ogsc]" in block for block in style_blocks)


@pytest.mark.django_db
def test_every_image_has_alt_and_an_absolute_rendition_url(issue):
    html = render_newsletter(issue).html
    images = parse(html).all("img")
    assert len(images) == 3  # two news items (hero image) and the project (decorative override)
    for image in images:
        assert "alt" in image
        assert image["src"].startswith("http://"), image["src"]
        assert "/images/" in image["src"] and "fill-" in image["src"], (
            "a resized rendition, not the original"
        )
        assert int(image["width"]) <= 600
    alts = [image["alt"] for image in images]
    assert alts.count("Een vrijwilliger en een inwoner aan de keukentafel") == 2
    assert "" in alts, "decorative images get an empty alt"


@pytest.mark.django_db
def test_every_link_is_absolute(issue):
    html = render_newsletter(issue).html
    links = [a["href"] for a in parse(html).all("a")]
    assert links
    for href in links:
        assert href.startswith(("http://", "https://", "mailto:")), href
    assert any(href.endswith("/actueel/") for href in links), (
        "rich-text page links are made absolute"
    )
    assert "https://www.example.org/enquete" in links


@pytest.mark.django_db
def test_channels_web_only_and_email_only_blocks(issue, client):
    rendered = render_newsletter(issue)
    assert "Stuur hem door!" in rendered.html and "Stuur hem door!" in rendered.text
    assert "Ook elke maand deze nieuwsbrief?" not in rendered.html
    assert "Ook elke maand deze nieuwsbrief?" not in rendered.text
    issue.save_revision().publish()
    web = client.get(issue.url).content.decode()
    assert "Ook elke maand deze nieuwsbrief?" in web
    assert "Stuur hem door!" not in web


@pytest.mark.django_db
def test_news_item_fills_in_from_the_page_and_overrides_win(issue):
    rendered = render_newsletter(issue)
    assert "Huisbezoek bij geldzorgen werkt" in rendered.html
    assert "Samenvatting van Huisbezoek bij geldzorgen werkt." in rendered.html
    assert "Eigen titel" in rendered.html and "Eigen tekst." in rendered.html
    assert "Lees het hele verhaal" in rendered.html
    assert "Samen gezond in de wijk" in rendered.html


@pytest.mark.django_db
def test_plain_text_alternative(issue):
    text = render_newsletter(issue).text
    assert "<" not in text.replace("<-", "")
    assert issue.title in text
    assert "## Huisbezoek bij geldzorgen werkt" in text
    assert "al het nieuws (http://" in text, "rich-text links written out, absolute"
    assert "Naar de enquête: https://www.example.org/enquete" in text
    assert "12 november 2026" in text and "09:30-12:00" in text
    assert "- 14 gemeenten" in text
    assert f"Afmelden: {UNSUBSCRIBE_PLACEHOLDER}" in text
    assert "Postbus 1" in text


@pytest.mark.django_db
def test_footer_has_address_and_unsubscribe_and_personalise_swaps_the_link(issue):
    rendered = render_newsletter(issue)
    assert "Postbus 1" in rendered.html and "7500 AA Enschede" in rendered.html
    personal = rendered.personalise("https://www.twentsekoers.nl/nieuwsbrief/afmelden/abc&def/")
    assert UNSUBSCRIBE_PLACEHOLDER not in personal.html + personal.text
    assert 'href="https://www.twentsekoers.nl/nieuwsbrief/afmelden/abc&amp;def/"' in personal.html
    assert "afmelden/abc&def/" in personal.text
    mailchimp = rendered.personalise("*|UNSUB|*")
    assert 'href="*|UNSUB|*"' in mailchimp.html


@pytest.mark.django_db
def test_preview_modes_show_the_mail_as_sent(issue, rf, admin_user):
    request = rf.get("/")
    request.user = admin_user
    html = issue.serve_preview(request, "email")
    assert html["Content-Security-Policy"].startswith("default-src 'none'")
    assert "script-src" not in html["Content-Security-Policy"]
    expected = render_newsletter(issue).personalise(
        "http://testserver/nieuwsbrief/afmelden/voorbeeld-link/"
    )
    assert html.content.decode() == expected.html
    text = issue.serve_preview(request, "text")
    assert text["Content-Type"].startswith("text/plain")
    assert text.content.decode() == expected.text
    assert [mode for mode, _label in issue.preview_modes] == ["", "email", "text"]


@pytest.mark.django_db
def test_admin_preview_of_the_saved_version(issue, admin_client_nl):
    response = admin_client_nl.get(reverse("newsletter_campaigns:preview", args=[issue.pk, "html"]))
    assert response.status_code == 200
    assert b'lang="nl"' in response.content
    response = admin_client_nl.get(reverse("newsletter_campaigns:preview", args=[issue.pk, "text"]))
    assert response["Content-Type"].startswith("text/plain")


def test_html_to_text_lists_and_links():
    text = html_to_text(
        '<p>Hallo <b>wereld</b></p><ul><li>een</li><li><a href="/x/">twee</a></li></ul>',
        "https://a.nl",
    )
    assert text == "Hallo wereld\n\n- een\n- twee (https://a.nl/x/)"


@pytest.mark.django_db
def test_every_block_is_complete_and_renders_its_preview_in_each_channel(site_root):
    from newsletter.blocks import EMAIL, WEB, NewsletterStreamBlock

    stream = NewsletterStreamBlock()
    assert set(stream.child_blocks) == {
        "news_item",
        "text",
        "call_to_action",
        "featured_project",
        "agenda_item",
        "key_figures",
        "signup",
        "forward",
    }
    for name, block in stream.child_blocks.items():
        for attribute in ("icon", "label", "group", "template", "description", "preview_value"):
            assert getattr(block.meta, attribute, None), f"{name} lacks Meta.{attribute}"
        value = block.to_python(block.get_prep_value(block.normalize(block.meta.preview_value)))
        context = {"index_url": "http://testserver/nieuwsbrief/"}
        assert block.render(value, context).strip(), f"{name}: empty web preview"
        html, text = block.render_email(value, context), block.render_text(value, context)
        if block.shows_in(EMAIL):
            assert html.strip().startswith("<tr>") and text.strip(), name
        else:
            assert html == "" and text == "", f"{name} is web-only"
        assert block.shows_in(WEB) or name == "forward"
