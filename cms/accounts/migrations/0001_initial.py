"""The recovery-code models, moved here from the cms app: their tables and rows stay where they are
(cms_recoverycodedevice, cms_recoverycode); only Django's state and the content types move."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from cms.app_moves import move_content_types

LABEL = 'accounts'
MODELS = ('recoverycodedevice', 'recoverycode')


def forwards(apps, schema_editor):
    move_content_types(apps, "cms", LABEL, MODELS)


def backwards(apps, schema_editor):
    move_content_types(apps, LABEL, "cms", MODELS)


class Migration(migrations.Migration):

    dependencies = [
        ('cms', '0012_organisationunit_collection'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('auth', '0012_alter_user_first_name_max_length'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='RecoveryCodeDevice',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(help_text='The human-readable name of this device.', max_length=64)),
                        ('confirmed', models.BooleanField(default=True, help_text='Is this device ready for use?')),
                        ('throttling_failure_timestamp', models.DateTimeField(blank=True, default=None, help_text='A timestamp of the last failed verification attempt. Null if last attempt succeeded.', null=True)),
                        ('throttling_failure_count', models.PositiveIntegerField(default=0, help_text='Number of successive failed attempts.')),
                        ('user', models.ForeignKey(help_text='The user that this device belongs to.', on_delete=django.db.models.deletion.CASCADE, to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'recovery codes',
                        'verbose_name_plural': 'recovery codes',
                        'db_table': 'cms_recoverycodedevice',
                    },
                ),
                migrations.CreateModel(
                    name='RecoveryCode',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('hashed', models.CharField(max_length=128)),
                        ('device', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='codes', to='accounts.recoverycodedevice')),
                    ],
                    options={
                        'db_table': 'cms_recoverycode',
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
