"""Recovery codes went to cms.accounts, the glossary and the English state of pages to
cms.machine_translation. Only Django's state changes here: the tables and rows stay."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("cms", "0012_organisationunit_collection"),
        ("accounts", "0001_initial"),
        ("machine_translation", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="RecoveryCode"),
                migrations.DeleteModel(name="RecoveryCodeDevice"),
                migrations.DeleteModel(name="GlossaryTerm"),
                migrations.DeleteModel(name="PageTranslationState"),
            ],
            database_operations=[],
        ),
    ]
