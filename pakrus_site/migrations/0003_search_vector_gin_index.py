from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS pakrus_search_vector_gin ON pakrus_site_searchentry USING gin (vector)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS pakrus_search_vector_gin")


class Migration(migrations.Migration):
    """The full-text index exists on PostgreSQL only; SQLite has no GIN indexes."""

    dependencies = [("pakrus_site", "0002_search_index")]

    operations = [migrations.RunPython(create_index, drop_index)]
