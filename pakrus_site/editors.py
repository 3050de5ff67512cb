"""The Editors group: content permissions, never user management.

Each content app grants its own models from a data migration by calling these helpers,
so the group grows with the site and a migration rollback takes the rights away again.
"""

from django.contrib.auth.management import create_permissions

EDITORS_GROUP = "Editors"


def _ensure_permissions(apps, app_labels):
    # Permissions are normally created after all migrations; a data migration that hands
    # them out must create them first.
    for label in app_labels:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def grant_editor_permissions(apps, app_labels):
    _ensure_permissions(apps, app_labels)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    group.permissions.add(*Permission.objects.filter(content_type__app_label__in=app_labels))


def revoke_editor_permissions(apps, app_labels):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=EDITORS_GROUP).first()
    if group:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label__in=app_labels))
