"""The health centres' section pages took their English title from the unit's old English name
("Health Centre Bogor Timur"): put them in English word order, as cms 0014 did for the units.

Page.title_en is added by wagtail-modeltranslation's migrate command, not by a migration file,
so it is not in the historical models: plain SQL, and nothing to do on a database without it."""

from django.db import migrations

PREFIX = "Health Centre "


def english_order(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        columns = {c.name for c in connection.introspection.get_table_description(cursor, "wagtailcore_page")}
        if "title_en" not in columns:
            return
        cursor.execute("SELECT id, title_en FROM wagtailcore_page WHERE title_en LIKE %s", [PREFIX + "%"])
        for pk, title in cursor.fetchall():
            cursor.execute("UPDATE wagtailcore_page SET title_en = %s WHERE id = %s",
                           [f"{title[len(PREFIX):]} Health Centre", pk])


class Migration(migrations.Migration):
    dependencies = [("home", "0008_service_fee_varies"), ("cms", "0014_health_centre_english_names")]
    operations = [migrations.RunPython(english_order, migrations.RunPython.noop)]
