"""Who may send: the custom permission "newsletter.send_newsletter", held by the Communicatie group
(and every superuser). Everyone with access to a newsletter page sees its status."""

from __future__ import annotations

SEND_PERMISSION = "newsletter.send_newsletter"
GROUP_NAME = "Communicatie"


def can_send(user) -> bool:
    """Schedule, unschedule and send to the audience."""
    return bool(user and user.is_active and (user.is_superuser or user.has_perm(SEND_PERMISSION)))


def can_test(user, page) -> bool:
    """A test mail: senders, and whoever may edit this newsletter page."""
    if can_send(user):
        return True
    return bool(user and user.is_active and page.permissions_for_user(user).can_edit())


def ensure_group(using="default"):
    """The Communicatie group with the send permission and admin access (idempotent; the data
    migration 0003 makes it on install)."""
    from django.contrib.auth.models import Group, Permission

    group, _created = Group.objects.using(using).get_or_create(name=GROUP_NAME)
    wanted = Permission.objects.using(using).filter(
        content_type__app_label__in=["newsletter", "wagtailadmin"],
        codename__in=["send_newsletter", "access_admin"],
    )
    group.permissions.add(*wanted)
    return group


def grant_page_permissions(group, page):
    """Let the group add, edit and publish newsletter pages under `page` (the /nieuwsbrief/ page)."""
    from django.contrib.auth.models import Permission
    from wagtail.models import GroupPagePermission

    for codename in ("add_page", "change_page", "publish_page"):
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)

