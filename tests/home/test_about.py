"""Over Twentse Koers: the programme team, the AO and the BO each list their members under their
own heading, and the demo page's outline has no skipped levels or repeated headings."""

import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import strip_tags

from home.models import AboutPage, Person
from tests.factories import PersonFactory
from tests.home.factories import AboutPageFactory

pytestmark = pytest.mark.django_db

HEADING = re.compile(r"<h([1-6])[^>]*>(.*?)</h\1>", re.S)


def headings(html):
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    return [(int(level), strip_tags(text).strip()) for level, text in HEADING.findall(main)]


def section_names(html, heading_id):
    """The names listed in the <ul> labelled by `heading_id`."""
    match = re.search(rf'<ul class="person-list" aria-labelledby="{heading_id}">(.*?)</ul>', html, re.S)
    assert match, heading_id
    return re.findall(r'<p class="person__name">([^<]+)</p>', match.group(1))


def test_about_page_lists_team_ao_and_bo_members_under_their_headings(client, site_root):
    site_root.save_revision().publish()
    AboutPageFactory(parent=site_root)
    PersonFactory(name="Marieke ter Horst", team=Person.Team.PROGRAMMATEAM)
    PersonFactory(name="Ahmed Yilmaz", team=Person.Team.AO)
    PersonFactory(name="Bea Kuipers", team=Person.Team.AO)
    PersonFactory(name="Wethouder De Boer", team=Person.Team.BO)
    PersonFactory(name="Niet in een team", team="")

    html = client.get("/over-twentse-koers/").content.decode()
    outline = headings(html)
    assert [text for level, text in outline if level == 3] == [
        "Programmateam",
        "Ambtelijk Overleg (AO)",
        "Bestuurlijk Overleg (BO)",
    ]
    assert section_names(html, "team-programmateam") == ["Marieke ter Horst"]
    assert section_names(html, "team-ao") == ["Ahmed Yilmaz", "Bea Kuipers"]
    assert section_names(html, "team-bo") == ["Wethouder De Boer"]
    assert "Niet in een team" not in html


def test_a_body_without_members_gets_no_heading(client, site_root):
    site_root.save_revision().publish()
    AboutPageFactory(parent=site_root)
    PersonFactory(name="Wethouder De Boer", team=Person.Team.BO)
    html = client.get("/over-twentse-koers/").content.decode()
    assert [text for level, text in headings(html) if level == 3] == ["Bestuurlijk Overleg (BO)"]


def test_members_cost_one_query_however_many(site_root):
    about = AboutPageFactory(parent=site_root)
    PersonFactory.create_batch(2, team=Person.Team.AO)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            teams = AboutPage.teams()
            [(person.name, person.organisation.name) for team in teams for person in team["people"]]
        return len(ctx)

    before = count()
    for team in (Person.Team.PROGRAMMATEAM, Person.Team.AO, Person.Team.BO):
        PersonFactory.create_batch(7, team=team)
    assert count() == before == 1
    assert about.pk


def test_demo_about_page_outline_has_no_repeats_or_skipped_levels(client):
    call_command("load_demo_content", "--no-admin", stdout=io.StringIO())
    about = AboutPage.objects.get()
    levels = {block.value["level"] for block in about.governance if block.block_type == "heading"}
    assert levels == {"h3"}

    html = client.get(about.url).content.decode()
    outline = headings(html)
    assert outline[0] == (1, "Over Twentse Koers")
    for (previous, _), (level, text) in zip(outline, outline[1:], strict=False):
        assert level <= previous + 1, f"{text!r} skips a level"
    texts = [text.casefold() for level, text in outline if level in (2, 3)]
    assert len(texts) == len(set(texts)), texts
    assert {"Eigenaren", "Partners"} <= {text for level, text in outline if level == 2}
    assert {"Ambtelijk Overleg (AO)", "Bestuurlijk Overleg (BO)"} <= {text for level, text in outline if level == 3}
