"""Editor groups may also edit the snippets and settings, and Wagtail's English defaults go.

* Communicatie: add, change and delete people, organisations, principles, target groups and
  keywords (taggit tags, edited as the "Trefwoorden" snippet); change the site settings.
* Redacteuren: add and change people, organisations, principles and target groups.
* Wagtail's default groups "Editors" and "Moderators" are removed: Redacteuren and Communicatie
  replace them. A default group someone is still a member of is renamed to Dutch instead, so
  nobody silently loses access.
* Wagtail's default "Moderators approval" workflow is detached from every page and removed (only
  deactivated when pages have already been through it, to keep their history)."""

from django.db import migrations

MODELS = {
    "person": ("home", "person"),
    "organisation": ("home", "organisation"),
    "principle": ("themes", "principle"),
    "targetgroup": ("themes", "targetgroup"),
    "tag": ("taggit", "tag"),
    "sitesettings": ("home", "sitesettings"),
}
GRANTS = {
    "Communicatie": {
        "person": ["add", "change", "delete"],
        "organisation": ["add", "change", "delete"],
        "principle": ["add", "change", "delete"],
        "targetgroup": ["add", "change", "delete"],
        "tag": ["add", "change", "delete"],
        "sitesettings": ["change"],
    },
    "Redacteuren": {
        "person": ["add", "change"],
        "organisation": ["add", "change"],
        "principle": ["add", "change"],
        "targetgroup": ["add", "change"],
    },
}
DEFAULT_GROUPS = {"Editors": "Wagtail-redacteuren (oud)", "Moderators": "Wagtail-moderatoren (oud)"}
DEFAULT_WORKFLOW = "Moderators approval"


def _permission(apps, model_key, action):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    app_label, model = MODELS[model_key]
    content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type,
        codename=f"{action}_{model}",
        defaults={"name": f"Can {action} {model}"},
    )
    return permission


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group_name, models in GRANTS.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        group.permissions.add(
            *(_permission(apps, key, action) for key, actions in models.items() for action in actions)
        )
    _remove_default_groups(apps)
    _remove_default_workflow(apps)


def _remove_default_groups(apps):
    Group = apps.get_model("auth", "Group")
    for name, dutch in DEFAULT_GROUPS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        if group.user_set.exists():
            if not Group.objects.filter(name=dutch).exists():
                group.name = dutch
                group.save(update_fields=["name"])
        else:
            group.delete()


def _remove_default_workflow(apps):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    Task = apps.get_model("wagtailcore", "Task")
    TaskState = apps.get_model("wagtailcore", "TaskState")
    for workflow in Workflow.objects.filter(name=DEFAULT_WORKFLOW):
        WorkflowPage.objects.filter(workflow=workflow).delete()
        task_ids = list(WorkflowTask.objects.filter(workflow=workflow).values_list("task_id", flat=True))
        if WorkflowState.objects.filter(workflow=workflow).exists():
            Workflow.objects.filter(pk=workflow.pk).update(active=False)
            continue
        workflow.delete()
        for task in Task.objects.filter(pk__in=task_ids, name=DEFAULT_WORKFLOW):
            if WorkflowTask.objects.filter(task=task).exists() or TaskState.objects.filter(task=task).exists():
                Task.objects.filter(pk=task.pk).update(active=False)
            else:
                task.delete()


def revoke(apps, schema_editor):
    """Take the snippet and settings permissions back (the removed defaults are not restored)."""
    Group = apps.get_model("auth", "Group")
    for group_name, models in GRANTS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is not None:
            group.permissions.remove(
                *(_permission(apps, key, action) for key, actions in models.items() for action in actions)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_editor_groups_and_workflow"),
        ("themes", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
