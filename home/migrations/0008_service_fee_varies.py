import re

from django.db import migrations, models

# A fee of 0 with a note that does not say "free" was a fee set case by case (a levy by floor
# area): mark those, so they stop reading "Free of charge (a building-approval levy…)".
FREE_NOTE = re.compile(r"^\s*(gratis|free\b|tidak dipungut biaya|tanpa biaya|no charge|no fee|bebas biaya)",
                       re.IGNORECASE)


def mark_varying_fees(apps, schema_editor):
    ServicePage = apps.get_model("home", "ServicePage")
    for page in ServicePage.objects.filter(fee=0).only("pk", "cost_note_ind"):
        if page.cost_note_ind and not FREE_NOTE.match(page.cost_note_ind):
            ServicePage.objects.filter(pk=page.pk).update(fee_varies=True)


class Migration(migrations.Migration):

    dependencies = [
        ("home", "0007_body_blocks"),
    ]

    operations = [
        migrations.AddField(
            model_name="servicepage",
            name="fee_varies",
            field=models.BooleanField(default=False, help_text="Tick when there is a fee but no single amount (e.g. a levy by floor area), leave the fee at 0 and say in the cost details how it is set.", verbose_name="the fee depends on the case"),
        ),
        migrations.RunPython(mark_varying_fees, migrations.RunPython.noop),
    ]
