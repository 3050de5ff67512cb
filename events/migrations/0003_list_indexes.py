import django.db.models.functions.comparison
from django.db import migrations, models

# Lists show the newest first with undated records last (DESC NULLS LAST), an order only an
# index built the same way can serve. SQLite cannot declare NULLS LAST in an index, so
# these exist on PostgreSQL only.
NEWEST_FIRST = {
    "event_newest_first_idx": "events_event (status, starts_at DESC NULLS LAST)",
    "agreement_newest_first_idx": "events_agreement (status, signed_on DESC NULLS LAST)",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, definition in NEWEST_FIRST.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in NEWEST_FIRST:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_editors_group"),
        ("pakrus_site", "0003_search_vector_gin_index"),
        ("people", "0002_editors_group"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="event",
            index=models.Index(
                models.F("status"),
                django.db.models.functions.comparison.Coalesce("ends_at", "starts_at"),
                name="event_upcoming_idx",
            ),
        ),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
