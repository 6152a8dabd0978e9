"""Before the home page's featured themes may only point at theme line pages (0005), drop the
featured items that point at any other kind of page: the new foreign key could not hold them."""

from django.db import migrations


def drop_non_theme_items(apps, schema_editor):
    HomePageFeaturedTheme = apps.get_model("home", "HomePageFeaturedTheme")
    ThemePage = apps.get_model("themes", "ThemePage")
    HomePageFeaturedTheme.objects.exclude(theme_id__in=ThemePage.objects.values("pk")).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_editor_snippet_permissions"),
        ("themes", "0001_initial"),
    ]

    operations = [migrations.RunPython(drop_non_theme_items, migrations.RunPython.noop)]
