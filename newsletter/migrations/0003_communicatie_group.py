"""Data migration: the Communicatie group, which may schedule and send newsletters (the custom
permission newsletter.send_newsletter) and use the Wagtail admin. Page permissions on /nieuwsbrief/
are granted where that page is made (the demo content, or by an administrator)."""

from django.db import migrations

GROUP_NAME = "Communicatie"


def create_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _created = ContentType.objects.get_or_create(app_label="newsletter", model="newslettercampaign")
    send, _created = Permission.objects.get_or_create(
        content_type=content_type,
        codename="send_newsletter",
        defaults={"name": "Mag nieuwsbrieven inplannen en versturen"},
    )
    group, _created = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(send, *Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin"))


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0002_newsletterindexpage_newsletterpage_and_more"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
