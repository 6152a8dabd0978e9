"""Editors in the admin: the moderation workflow (Redacteuren submit, Communicatie approves),
scheduled publishing and previews for the home app's page types, and alt text on images."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.blocks import StructBlockValidationError
from wagtail.models import (
    GroupApprovalTask,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowState,
)
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.blocks import CaptionedImageBlock
from home.models import AboutPage, ContentPage, HomePage, SiteImage
from tests.factories import ContentPageFactory
from tests.home.factories import AboutPageFactory, SiteImageFactory

pytestmark = pytest.mark.django_db

COMMENTS = {"comments": inline_formset([])}


def content_page_data(title, slug, **extra):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "introduction": "Een korte samenvatting in gewone woorden.",
            "body": streamfield([("paragraph", rich_text("<p>Wat we doen en waarom.</p>"))]),
            **COMMENTS,
            **extra,
        }
    )


def about_page_data(title="Over Twentse Koers", slug="over-twentse-koers", **extra):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "introduction": "Wie het programma maken en hoe het bestuurd wordt.",
            "body": streamfield([("paragraph", rich_text("<p>Samen werken aan gezondheid.</p>"))]),
            "governance": streamfield([]),
            **COMMENTS,
            **extra,
        }
    )


def home_page_data(page, **extra):
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "hero_title": page.hero_title,
            "introduction": page.introduction,
            "key_figures": streamfield(
                [("count_figure", {"count": "municipalities", "label": "gemeenten"})]
            ),
            "featured_themes": inline_formset([]),
            "newsletter_title": "Blijf op de hoogte",
            "newsletter_text": "",
            **COMMENTS,
            **extra,
        }
    )


def local(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%d %H:%M")


@pytest.fixture
def editors(django_user_model, client):
    def make(username, group):
        user = django_user_model.objects.create_user(username, f"{username}@example.org", "ww")
        user.groups.add(Group.objects.get(name=group))
        return user

    return {
        "redacteur": make("redacteur", "Redacteuren"),
        "communicatie": make("communicatie", "Communicatie"),
    }


def test_migration_creates_groups_and_workflow_on_the_root():
    workflow = Workflow.objects.get(name="Communicatie keurt goed")
    assert workflow.active
    tasks = [task.specific for task in workflow.tasks]
    assert len(tasks) == 1
    assert isinstance(tasks[0], GroupApprovalTask)
    assert [group.name for group in tasks[0].groups.all()] == ["Communicatie"]
    assert WorkflowPage.objects.get(page=Page.get_first_root_node()).workflow == workflow
    redacteuren = Group.objects.get(name="Redacteuren")
    communicatie = Group.objects.get(name="Communicatie")
    assert set(redacteuren.page_permissions.values_list("permission__codename", flat=True)) == {
        "add_page",
        "change_page",
    }
    assert "publish_page" in set(
        communicatie.page_permissions.values_list("permission__codename", flat=True)
    )
    for group in (redacteuren, communicatie):
        assert group.permissions.filter(codename="access_admin").exists()
        codenames = set(group.collection_permissions.values_list("permission__codename", flat=True))
        assert {"add_siteimage", "choose_siteimage", "add_document", "choose_document"} <= codenames


def test_redacteur_drafts_and_submits_communicatie_approves(client, site_root, editors):
    assert site_root.get_workflow().name == "Communicatie keurt goed"
    client.force_login(editors["redacteur"])
    add_url = reverse("wagtailadmin_pages:add", args=["home", "contentpage", site_root.pk])
    response = client.post(add_url, content_page_data("Contact", "contact"))
    assert response.status_code == 302
    page = ContentPage.objects.get(slug="contact")
    assert not page.live
    assert page.has_unpublished_changes

    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client.post(
        edit_url, content_page_data("Contact", "contact", **{"action-submit": "Indienen"})
    )
    assert response.status_code == 302
    page.refresh_from_db()
    state = page.current_workflow_state
    assert state is not None
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == editors["redacteur"]
    assert not page.live

    # A Redacteur cannot approve their own submission.
    approve_url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[page.pk, "approve", state.current_task_state.pk],
    )
    response = client.post(approve_url, {"comment": ""})
    assert (response.status_code, response.get("Location")) in {(302, "/admin/"), (403, None)}
    page.refresh_from_db()
    assert not page.live

    client.force_login(editors["communicatie"])
    response = client.post(approve_url, {"comment": "Helder, akkoord."})
    assert response.status_code == 302
    page.refresh_from_db()
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert page.live
    assert not page.has_unpublished_changes
    client.logout()
    assert client.get("/contact/").status_code == 200


def test_redacteur_cannot_publish(client, site_root, editors):
    page = ContentPageFactory(parent=site_root, title="Privacy", slug="privacy", live=False)
    client.force_login(editors["redacteur"])
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client.post(
        edit_url, content_page_data("Privacy", "privacy", **{"action-publish": "Publiceren"})
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live
    assert page.live_revision is None
    assert page.latest_revision is not None  # saved as a draft instead

    response = client.post(reverse("wagtailadmin_pages:unpublish", args=[site_root.pk]))
    assert response.status_code in {302, 403}
    site_root.refresh_from_db()
    assert site_root.live


def test_communicatie_can_publish_directly(client, site_root, editors):
    client.force_login(editors["communicatie"])
    add_url = reverse("wagtailadmin_pages:add", args=["home", "contentpage", site_root.pk])
    response = client.post(
        add_url, content_page_data("Colofon", "colofon", **{"action-publish": "Publiceren"})
    )
    assert response.status_code == 302
    assert ContentPage.objects.get(slug="colofon").live


def test_scheduled_publishing_for_every_home_page_type(admin_client_nl, site_root):
    site_root.save_revision().publish()  # a live home page, as the demo loader leaves it
    go_live = timezone.now() + timedelta(hours=2)
    add = reverse("wagtailadmin_pages:add", args=["home", "contentpage", site_root.pk])
    response = admin_client_nl.post(
        add,
        content_page_data(
            "Toegankelijkheid",
            "toegankelijkheid",
            go_live_at=local(go_live),
            **{"action-publish": "Publiceren"},
        ),
    )
    assert response.status_code == 302
    add = reverse("wagtailadmin_pages:add", args=["home", "aboutpage", site_root.pk])
    response = admin_client_nl.post(
        add,
        about_page_data(go_live_at=local(go_live), **{"action-publish": "Publiceren"}),
    )
    assert response.status_code == 302
    response = admin_client_nl.post(
        reverse("wagtailadmin_pages:edit", args=[site_root.pk]),
        home_page_data(
            site_root,
            hero_title="Nieuwe kop voor morgen",
            go_live_at=local(go_live),
            **{"action-publish": "Publiceren"},
        ),
    )
    assert response.status_code == 302

    content = ContentPage.objects.get(slug="toegankelijkheid")
    about = AboutPage.objects.get()
    home = HomePage.objects.get()
    assert not content.live and not about.live
    assert home.live and home.hero_title != "Nieuwe kop voor morgen"
    for page in (content, about, home):
        revision = page.get_latest_revision()
        assert revision.approved_go_live_at > timezone.now(), page

    call_command("publish_scheduled", stdout=io.StringIO())
    content.refresh_from_db()
    assert not content.live, "published before its time"

    # Two hours pass: move the scheduled moment into the past rather than sleeping.
    past = timezone.now() - timedelta(seconds=1)
    for page in (content, about, home):
        revision = page.get_latest_revision()
        revision.approved_go_live_at = past
        revision.content["go_live_at"] = past.isoformat()
        revision.save(update_fields=["approved_go_live_at", "content"])
    call_command("publish_scheduled", stdout=io.StringIO())
    content.refresh_from_db()
    about.refresh_from_db()
    home.refresh_from_db()
    assert content.live and about.live
    assert home.hero_title == "Nieuwe kop voor morgen"


def test_preview_on_edit_for_every_home_page_type(admin_client_nl, site_root):
    content = ContentPageFactory(parent=site_root, title="Contact", slug="contact")
    about = AboutPageFactory(parent=site_root)
    cases = [
        (
            site_root,
            home_page_data(site_root, hero_title="Voorvertoning van de kop"),
            "Voorvertoning van de kop",
        ),
        (content, content_page_data("Contact (concept)", "contact"), "Contact (concept)"),
        (about, about_page_data(title="Over ons (concept)"), "Over ons (concept)"),
    ]
    for page, data, expected in cases:
        url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
        response = admin_client_nl.post(url, data)
        assert response.status_code == 200, page
        assert response.json() == {"is_valid": True, "is_available": True}, page
        response = admin_client_nl.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert expected in html, page
        assert "In het kort" in html or page.specific_class is HomePage
        page.refresh_from_db()
        assert expected not in page.title + getattr(page.specific, "hero_title", "")


def test_preview_on_add(admin_client_nl, site_root):
    url = reverse("wagtailadmin_pages:preview_on_add", args=["home", "contentpage", site_root.pk])
    response = admin_client_nl.post(url, content_page_data("Nog niet bestaand", "nieuw"))
    assert response.json()["is_valid"] is True
    assert "Nog niet bestaand" in admin_client_nl.get(url).content.decode()
    assert not ContentPage.objects.filter(slug="nieuw").exists()


def test_site_image_needs_alt_text_unless_decorative():
    image = SiteImageFactory.build(description="", is_decorative=False)
    with pytest.raises(ValidationError) as error:
        image.full_clean()
    assert "description" in error.value.message_dict
    assert "alt-tekst" in error.value.message_dict["description"][0]

    image.is_decorative = True
    image.full_clean()
    assert image.default_alt_text == ""

    image.is_decorative = False
    image.description = "Een wijkverpleegkundige op de fiets"
    image.full_clean()
    assert image.default_alt_text == "Een wijkverpleegkundige op de fiets"


def png_upload(name="foto.png"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (30, 20), "orange").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_admin_image_form_requires_alt_text(admin_client_nl):
    url = reverse("wagtailimages:add")
    response = admin_client_nl.post(url, {"title": "Zonder alt", "file": png_upload()})
    assert response.status_code == 200
    assert "alt-tekst" in str(response.context["form"].errors["description"])
    response = admin_client_nl.post(
        url, {"title": "Sfeer", "file": png_upload(), "is_decorative": "on"}
    )
    assert response.status_code == 302
    assert SiteImage.objects.get(title="Sfeer").is_decorative


def test_multiple_uploader_asks_for_alt_text_before_creating_the_image(admin_client_nl):
    response = admin_client_nl.post(
        reverse("wagtailimages:add_multiple"), {"files[]": png_upload("dijk.png")}
    )
    assert response.status_code == 200
    data = response.json()
    assert data["success"] is True
    assert "uploaded_file_id" in data
    assert not SiteImage.objects.filter(title="dijk.png").exists()

    create = reverse(
        "wagtailimages:create_multiple_from_uploaded_image", args=[data["uploaded_file_id"]]
    )
    prefix = f"uploaded-image-{data['uploaded_file_id']}"
    response = admin_client_nl.post(
        create, {f"{prefix}-title": "Dijk", f"{prefix}-description": "Een dijk bij Ommen"}
    )
    assert response.json()["success"] is True
    assert SiteImage.objects.get(title="Dijk").description == "Een dijk bij Ommen"


def test_image_block_needs_alt_text_unless_decorative():
    image = SiteImageFactory(description="Beschrijving in de bibliotheek")
    block = CaptionedImageBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(
            block.to_python(
                {"image": {"image": image.pk, "alt_text": "", "decorative": False}, "caption": ""}
            )
        )
    value = block.clean(
        block.to_python(
            {"image": {"image": image.pk, "alt_text": "", "decorative": True}, "caption": ""}
        )
    )
    assert value["image"].decorative
    value = block.clean(
        block.to_python(
            {
                "image": {
                    "image": image.pk,
                    "alt_text": "Twee buren op een bankje",
                    "decorative": False,
                },
                "caption": "Naoberschap in Dinkelland",
            }
        )
    )
    html = block.render(value)
    assert 'alt="Twee buren op een bankje"' in html
    assert "Naoberschap in Dinkelland" in html


def test_decorative_image_block_renders_empty_alt():
    image = SiteImageFactory(description="Niet gebruiken in decoratieve context")
    block = CaptionedImageBlock()
    value = block.to_python(
        {"image": {"image": image.pk, "alt_text": "", "decorative": True}, "caption": ""}
    )
    html = block.render(value)
    assert 'alt=""' in html
    assert "Niet gebruiken" not in html
