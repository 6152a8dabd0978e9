"""RSS 2.0 and Atom feeds of Actueel: valid XML, the 20 newest items, absolute links."""

import re

import pytest
from defusedxml import ElementTree

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def rss_items(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    return root.find("channel"), root.findall("channel/item")


def atom_entries(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root, root.findall(f"{ATOM}entry")


def test_rss_lists_the_twenty_newest_with_absolute_links(client, make):
    for n in range(22):
        make(title=f"Bericht {n:02d}", days_ago=n)
    channel, items = rss_items(client.get("/actueel/feed/"))
    assert channel.findtext("title") == "Actueel | Twentse Koers"
    assert channel.findtext("link") == "http://localhost/actueel/"
    assert channel.findtext("language") == "nl"
    assert len(items) == 20
    assert [item.findtext("title") for item in items] == [f"Bericht {n:02d}" for n in range(20)]
    for item in items:
        assert re.fullmatch(r"http://localhost/actueel/bericht-\d+/", item.findtext("link"))
        assert item.findtext("guid") == item.findtext("link")
        assert item.findtext("pubDate")
        assert item.findtext("description") == "Wat er gebeurde, in het kort."


def test_rss_item_has_author_and_categories(client, news_site, make, story_kind):
    make(title="Verhaal", kind=story_kind, author=news_site.author, tags=["schulden"])
    _channel, items = rss_items(client.get("/actueel/feed/"))
    (item,) = items
    assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Lotte Wolters"
    assert [c.text for c in item.findall("category")] == ["Projectverhaal", "schulden"]


def test_atom_feed_is_valid_with_absolute_links(client, make):
    make(title="Eerste", days_ago=1)
    make(title="Tweede", days_ago=0)
    root, entries = atom_entries(client.get("/actueel/feed/atom/"))
    assert root.findtext(f"{ATOM}title") == "Actueel | Twentse Koers"
    self_link = root.find(f"{ATOM}link[@rel='self']").get("href")
    assert self_link == "http://localhost/actueel/feed/atom/"
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Tweede", "Eerste"]
    for entry in entries:
        href = entry.find(f"{ATOM}link[@rel='alternate']").get("href")
        assert href.startswith("http://localhost/actueel/")
        assert entry.findtext(f"{ATOM}id") == href
        assert entry.findtext(f"{ATOM}updated")
        assert entry.findtext(f"{ATOM}published")


def test_feeds_leave_out_drafts_and_follow_filters(client, news_site, make, story_kind):
    make(title="Geldverhaal", kind=story_kind, themes=[news_site.money])
    make(title="Geldnieuws", themes=[news_site.money])
    make(title="Ouderennieuws", themes=[news_site.ageing])
    make(title="Concept").unpublish()
    _channel, items = rss_items(client.get("/actueel/feed/"))
    assert {item.findtext("title") for item in items} == {
        "Geldverhaal",
        "Geldnieuws",
        "Ouderennieuws",
    }
    _channel, items = rss_items(client.get("/actueel/feed/?thema=geldzorgen&soort=projectverhaal"))
    assert [item.findtext("title") for item in items] == ["Geldverhaal"]
    root, _entries = atom_entries(client.get("/actueel/feed/atom/?thema=geldzorgen&x=<y>"))
    assert (
        root.find(f"{ATOM}link[@rel='self']").get("href").endswith("/feed/atom/?thema=geldzorgen")
    )


def test_empty_feed_is_still_valid(client, news_site):
    _channel, items = rss_items(client.get("/actueel/feed/"))
    assert items == []
    _root, entries = atom_entries(client.get("/actueel/feed/atom/"))
    assert entries == []


def test_feeds_are_discoverable_from_news_pages(client, news_site, make):
    page = make(title="Bericht")
    for url in ("/actueel/", page.url):
        html = client.get(url).content.decode()
        rss = re.search(
            r'<link rel="alternate" type="application/rss\+xml" title="[^"]+" href="([^"]+)">', html
        )
        atom = re.search(
            r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="([^"]+)">',
            html,
        )
        assert rss and atom, url
        assert rss.group(1) == "http://localhost/actueel/feed/"
        assert atom.group(1) == "http://localhost/actueel/feed/atom/"
        head = html.split("</head>")[0]
        assert rss.group(0) in head
    assert client.get("/actueel/feed/").status_code == 200
