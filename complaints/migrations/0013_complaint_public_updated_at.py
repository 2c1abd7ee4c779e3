from django.db import migrations, models
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce


def backfill(apps, schema_editor):
    """Each report's latest public step, else its arrival: what Open311 computed per row until now."""
    Complaint = apps.get_model("complaints", "Complaint")
    ComplaintEvent = apps.get_model("complaints", "ComplaintEvent")
    latest = (ComplaintEvent.objects.filter(complaint=OuterRef("pk"), is_public=True)
              .order_by("-created_at", "-pk").values("created_at")[:1])
    Complaint.objects.update(public_updated_at=Coalesce(Subquery(latest), F("created_at")))


class Migration(migrations.Migration):
    dependencies = [("complaints", "0012_complaint_email_change")]

    operations = [
        migrations.AddField(
            model_name="complaint", name="public_updated_at",
            field=models.DateTimeField(editable=False, null=True),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="complaint", name="public_updated_at",
            field=models.DateTimeField(db_index=True, editable=False),
        ),
    ]
