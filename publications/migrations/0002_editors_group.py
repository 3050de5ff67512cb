from django.db import migrations

from pakrus_site.editors import grant_editor_permissions, revoke_editor_permissions

APP_LABELS = ["publications"]


def grant(apps, schema_editor):
    grant_editor_permissions(apps, APP_LABELS)


def revoke(apps, schema_editor):
    revoke_editor_permissions(apps, APP_LABELS)


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0001_initial"),
        ("people", "0002_editors_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
