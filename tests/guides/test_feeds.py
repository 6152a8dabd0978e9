"""RSS 2.0 and Atom feeds of Handreikingen: valid XML, the 20 newest guides and cases."""

import re

import pytest
from defusedxml import ElementTree

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def test_rss_lists_the_twenty_newest_guides_and_cases(client, make_guide, make_case):
    for n in range(11):
        make_guide(title=f"Handreiking {n:02d}", days_ago=2 * n)
        make_case(title=f"Casus {n:02d}", days_ago=2 * n + 1)
    response = client.get("/handreikingen/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ElementTree.fromstring(response.content)
    channel = root.find("channel")
    assert channel.findtext("title") == "Handreikingen | Twentse Koers"
    assert channel.findtext("link") == "http://localhost/handreikingen/"
    items = channel.findall("item")
    assert len(items) == 20
    assert [item.findtext("title") for item in items[:3]] == [
        "Handreiking 00",
        "Casus 00",
        "Handreiking 01",
    ]
    assert [c.text for c in items[0].findall("category")] == ["Handreiking"]
    assert [c.text for c in items[1].findall("category")] == ["Casus"]
    for item in items:
        assert re.fullmatch(r"http://localhost/handreikingen/[\w-]+/", item.findtext("link"))
        assert item.findtext("guid") == item.findtext("link")
        assert item.findtext("description")
        assert item.findtext("pubDate")


def test_atom_feed_and_filters(client, guide_site, make_guide, make_case):
    make_guide(title="Geldhandreiking", themes=[guide_site.money])
    make_case(title="Ouderencasus", themes=[guide_site.ageing])
    make_case(title="Concept").unpublish()
    response = client.get("/handreikingen/feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    entries = root.findall(f"{ATOM}entry")
    assert {e.findtext(f"{ATOM}title") for e in entries} == {"Geldhandreiking", "Ouderencasus"}
    for entry in entries:
        assert entry.find(f"{ATOM}link").get("href").startswith("http://localhost/handreikingen/")
        assert entry.findtext(f"{ATOM}updated")
    filtered = ElementTree.fromstring(client.get("/handreikingen/feed/atom/?soort=casus").content)
    assert [e.findtext(f"{ATOM}title") for e in filtered.findall(f"{ATOM}entry")] == [
        "Ouderencasus"
    ]


def test_feeds_are_discoverable(client, make_guide, make_case):
    pages = ["/handreikingen/", make_guide().url, make_case().url]
    for url in pages:
        head = client.get(url).content.decode().split("</head>")[0]
        assert (
            '<link rel="alternate" type="application/rss+xml" title="Handreikingen van Twentse Koers (RSS)" '
            'href="http://localhost/handreikingen/feed/">' in head
        ), url
        assert 'type="application/atom+xml"' in head
