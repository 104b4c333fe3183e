"""The full-text index over IndexEntry's terms: SQLite FTS5 or a PostgreSQL tsvector + GIN.

Both engines read the stored, space-separated terms as they are: FTS5 through its ``ascii``
tokenizer (every term is ASCII letters and digits or non-ASCII characters), PostgreSQL by
building the tsvector from the terms directly, with no text search configuration.
"""

from django.db import migrations

FIELDS = "title_terms, title_pinyin, body_terms, body_pinyin"
NEW = "new.title_terms, new.title_pinyin, new.body_terms, new.body_pinyin"
OLD = "old.title_terms, old.title_pinyin, old.body_terms, old.body_pinyin"

SQLITE_UP = [
    f"""
    CREATE VIRTUAL TABLE textsearch_indexentry_fts USING fts5(
        {FIELDS}, content='textsearch_indexentry', content_rowid='id', tokenize='ascii'
    )
    """,
    f"""
    CREATE TRIGGER textsearch_indexentry_fts_insert AFTER INSERT ON textsearch_indexentry
    BEGIN
        INSERT INTO textsearch_indexentry_fts(rowid, {FIELDS}) VALUES (new.id, {NEW});
    END
    """,
    f"""
    CREATE TRIGGER textsearch_indexentry_fts_delete AFTER DELETE ON textsearch_indexentry
    BEGIN
        INSERT INTO textsearch_indexentry_fts(textsearch_indexentry_fts, rowid, {FIELDS})
        VALUES ('delete', old.id, {OLD});
    END
    """,
    f"""
    CREATE TRIGGER textsearch_indexentry_fts_update AFTER UPDATE ON textsearch_indexentry
    BEGIN
        INSERT INTO textsearch_indexentry_fts(textsearch_indexentry_fts, rowid, {FIELDS})
        VALUES ('delete', old.id, {OLD});
        INSERT INTO textsearch_indexentry_fts(rowid, {FIELDS}) VALUES (new.id, {NEW});
    END
    """,
    "INSERT INTO textsearch_indexentry_fts(textsearch_indexentry_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS textsearch_indexentry_fts_update",
    "DROP TRIGGER IF EXISTS textsearch_indexentry_fts_delete",
    "DROP TRIGGER IF EXISTS textsearch_indexentry_fts_insert",
    "DROP TABLE IF EXISTS textsearch_indexentry_fts",
]

# Space-separated terms to a tsvector with positions 1, 2, ... (PostgreSQL caps them at
# 16383) and one weight; each term is quoted as a lexeme, so it is never parsed further.
POSTGRES_UP = [
    r"""
    CREATE FUNCTION textsearch_terms_vector(terms text, weight "char") RETURNS tsvector
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT setweight(coalesce(string_agg(
            '''' || replace(replace(term, '\', '\\'), '''', '''''') || ''':'
                || least(position, 16383),
            ' ' ORDER BY position), '')::tsvector, weight)
        FROM unnest(string_to_array(terms, ' ')) WITH ORDINALITY AS t(term, position)
        WHERE term <> ''
    $$
    """,
    """
    ALTER TABLE textsearch_indexentry ADD COLUMN document tsvector GENERATED ALWAYS AS (
        textsearch_terms_vector(title_terms, 'A') || textsearch_terms_vector(title_pinyin, 'C')
        || textsearch_terms_vector(body_terms, 'B') || textsearch_terms_vector(body_pinyin, 'D')
    ) STORED
    """,
    "CREATE INDEX textsearch_indexentry_document ON textsearch_indexentry USING gin (document)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS textsearch_indexentry_document",
    "ALTER TABLE textsearch_indexentry DROP COLUMN IF EXISTS document",
    "DROP FUNCTION IF EXISTS textsearch_terms_vector(text, \"char\")",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("textsearch", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
