"""A database guard on vote results: once written, a result row is never updated.

On PostgreSQL a trigger also refuses to delete one (TRUNCATE, used only to empty test
databases, is not affected). On SQLite updates are refused; deleting stays possible so that
the test runner can empty its tables.
"""

from django.db import migrations

PG_UP = """
CREATE OR REPLACE FUNCTION assemblies_result_is_final() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the result of a closed vote cannot be changed';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER assemblies_result_final
    BEFORE UPDATE OR DELETE ON assemblies_voteresult
    FOR EACH ROW EXECUTE FUNCTION assemblies_result_is_final();
"""
PG_DOWN = """
DROP TRIGGER IF EXISTS assemblies_result_final ON assemblies_voteresult;
DROP FUNCTION IF EXISTS assemblies_result_is_final();
"""
SQLITE_UP = """
CREATE TRIGGER assemblies_result_final
BEFORE UPDATE ON assemblies_voteresult
BEGIN
    SELECT RAISE(ABORT, 'the result of a closed vote cannot be changed');
END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS assemblies_result_final;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_UP)
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_UP)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_DOWN)
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN)


class Migration(migrations.Migration):
    dependencies = [("assemblies", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
