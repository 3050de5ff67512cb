import django.contrib.postgres.search
from django.db import migrations

TABLE = "pakrus_site_searchentry"

FORWARD = [
    # Vectors are read on every search: kept in the row (compressed if need be) rather than
    # in the TOAST table, which is where an event's vector went, and the normalized texts
    # (read only on SQLite) go there instead.
    f"ALTER TABLE {TABLE} ALTER COLUMN vector SET STORAGE MAIN,"
    " ALTER COLUMN title_vector SET STORAGE MAIN, ALTER COLUMN title_summary_vector SET STORAGE MAIN",
    # The new vectors, as search.index_record makes them; ``vector || ''`` is the same
    # vector, written again so that it is stored in the row.
    f"""UPDATE {TABLE} SET
        title_vector = setweight(to_tsvector('english'::regconfig, title_norm), 'A'),
        title_summary_vector = setweight(to_tsvector('english'::regconfig, title_norm), 'A')
            || setweight(to_tsvector('english'::regconfig, summary_norm), 'B'),
        vector = vector || ''::tsvector""",
    f"CREATE INDEX pakrus_search_title_vector_gin ON {TABLE} USING gin (title_vector)",
    f"CREATE INDEX pakrus_search_title_summary_vector_gin ON {TABLE} USING gin (title_summary_vector)",
    # Published entries newest first, carrying what the first two tiers of results filter
    # on: a page of a tier is read from the index alone, as far as the page reaches. The
    # narrow index serves the first tier (PostgreSQL reads it for more queries than it
    # would the wide one, which costs more per entry), the wide one the second; a search
    # of one kind uses the kind's part of the last.
    f"CREATE INDEX pakrus_search_newest_titles ON {TABLE} (date DESC NULLS LAST, id)"
    " INCLUDE (title_vector) WHERE is_published",
    f"CREATE INDEX pakrus_search_newest ON {TABLE} (date DESC NULLS LAST, id)"
    " INCLUDE (title_vector, title_summary_vector) WHERE is_published",
    f"CREATE INDEX pakrus_search_kind_newest ON {TABLE} (kind, date DESC NULLS LAST, id)"
    " INCLUDE (title_vector, title_summary_vector) WHERE is_published",
    f"ANALYZE {TABLE}",
]

BACKWARD = [
    "DROP INDEX IF EXISTS pakrus_search_kind_newest",
    "DROP INDEX IF EXISTS pakrus_search_newest",
    "DROP INDEX IF EXISTS pakrus_search_newest_titles",
    "DROP INDEX IF EXISTS pakrus_search_title_summary_vector_gin",
    "DROP INDEX IF EXISTS pakrus_search_title_vector_gin",
    f"ALTER TABLE {TABLE} ALTER COLUMN vector SET STORAGE EXTENDED",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    """The title and title-and-summary vectors that rank search results in tiers, filled
    from the normalized texts already stored, with their indexes (PostgreSQL only)."""

    dependencies = [("pakrus_site", "0003_search_vector_gin_index")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="title_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="title_summary_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(forward, backward),
    ]
