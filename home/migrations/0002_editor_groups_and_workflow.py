"""Editor groups and the moderation workflow.

"Redacteuren" may draft and submit pages; "Communicatie" approves and publishes. Every page
below the root goes through the "Communicatie keurt goed" workflow."""

from django.db import migrations

ADMIN_PERMS = [("wagtailadmin", "admin", "access_admin")]
COLLECTION_ACTIONS = ["add", "change", "choose"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Task = apps.get_model("wagtailcore", "Task")

    admin_ct, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_ct, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    root = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()

    page_perms = {
        "Redacteuren": ["add_page", "change_page"],
        "Communicatie": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    }
    page_ct, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")
    groups = {}
    for name, codenames in page_perms.items():
        group, _ = Group.objects.get_or_create(name=name)
        groups[name] = group
        group.permissions.add(access_admin)
        for codename in codenames:
            perm, _ = Permission.objects.get_or_create(
                content_type=page_ct, codename=codename, defaults={"name": codename}
            )
            if root:
                GroupPagePermission.objects.get_or_create(group=group, page=root, permission=perm)
        for model in ("image", "document"):
            app_label = "wagtaildocs" if model == "document" else "home"
            model_name = "siteimage" if model == "image" else "document"
            ct, _ = ContentType.objects.get_or_create(app_label=app_label, model=model_name)
            for action in COLLECTION_ACTIONS:
                perm, _ = Permission.objects.get_or_create(
                    content_type=ct,
                    codename=f"{action}_{model_name}",
                    defaults={"name": f"Can {action} {model_name}"},
                )
                if root_collection:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=root_collection, permission=perm
                    )

    task_ct, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task = GroupApprovalTask.objects.filter(name="Goedkeuring door Communicatie").first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name="Goedkeuring door Communicatie", content_type=task_ct, active=True
        )
    task.groups.set([groups["Communicatie"]])
    workflow, _ = Workflow.objects.get_or_create(name="Communicatie keurt goed", defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=Task.objects.get(pk=task.pk), defaults={"sort_order": 0})
    if root:
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})


def remove_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Group.objects.filter(name__in=["Redacteuren", "Communicatie"]).delete()
    Workflow.objects.filter(name="Communicatie keurt goed").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
