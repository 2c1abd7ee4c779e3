"""The glossary and the English state of pages, moved here from the cms app: their tables and rows
stay where they are (cms_glossaryterm, cms_pagetranslationstate); only Django's state and the
content types move, so the permissions groups hold (review_translation, *_glossaryterm) stay given."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from cms.app_moves import move_content_types

LABEL = 'machine_translation'
MODELS = ('glossaryterm', 'pagetranslationstate')


def forwards(apps, schema_editor):
    move_content_types(apps, "cms", LABEL, MODELS)


def backwards(apps, schema_editor):
    move_content_types(apps, LABEL, "cms", MODELS)


class Migration(migrations.Migration):

    dependencies = [
        ('cms', '0012_organisationunit_collection'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('wagtailcore', '0098_apitoken'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='GlossaryTerm',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('term', models.CharField(max_length=120, unique=True, verbose_name='Indonesian term')),
                        ('translation', models.CharField(blank=True, help_text='Leave empty to keep the term as it is (names of people and places, angkot, Puskesmas).', max_length=120, verbose_name='English')),
                        ('note', models.CharField(blank=True, max_length=255, verbose_name='note')),
                    ],
                    options={
                        'verbose_name': 'glossary term',
                        'verbose_name_plural': 'glossary',
                        'db_table': 'cms_glossaryterm',
                        'ordering': ['term'],
                    },
                ),
                migrations.CreateModel(
                    name='PageTranslationState',
                    fields=[
                        ('page', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='english_state', serialize=False, to=settings.WAGTAIL_PAGE_MODEL, verbose_name='page')),
                        ('state', models.CharField(choices=[('missing', 'Missing'), ('machine', 'Machine translated, not reviewed'), ('outdated', 'Outdated (the Indonesian changed)'), ('reviewed', 'Reviewed')], db_index=True, default='missing', max_length=10, verbose_name='English')),
                        ('fields', models.JSONField(blank=True, default=dict)),
                        ('translated_at', models.DateTimeField(blank=True, null=True, verbose_name='machine translated at')),
                        ('reviewed_at', models.DateTimeField(blank=True, null=True, verbose_name='reviewed at')),
                        ('attempts', models.PositiveSmallIntegerField(default=0)),
                        ('last_error', models.CharField(blank=True, max_length=20)),
                        ('next_attempt_at', models.DateTimeField(blank=True, null=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('reviewed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='reviewed by')),
                    ],
                    options={
                        'verbose_name': 'English state of a page',
                        'verbose_name_plural': 'English states of pages',
                        'db_table': 'cms_pagetranslationstate',
                        'permissions': [('review_translation', 'Can review English translations')],
                        'default_permissions': (),
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
