from django.db import migrations

INDEX = (
    "CREATE INDEX IF NOT EXISTS publication_newest_first_idx "
    "ON publications_publication (status, published_on DESC NULLS LAST, title)"
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS publication_newest_first_idx")


class Migration(migrations.Migration):
    """Lists show the newest first with undated works last (published_on DESC NULLS LAST),
    an order only an index built the same way can serve. SQLite cannot declare NULLS LAST
    in an index, so this one exists on PostgreSQL only."""

    dependencies = [("publications", "0002_editors_group")]

    operations = [migrations.RunPython(create_index, drop_index)]
