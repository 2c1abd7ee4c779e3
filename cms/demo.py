"""Demo data of the core: the demo superuser, and the 156 jubir digital of the sample roster.
(The units themselves are reference data, loaded by migrations.)"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from wagtail.models import Page

from .accounts.roster import import_roster
from .machine_translation.models import PageTranslationState

ROSTER = Path(__file__).resolve().parent / "data" / "roster-demo.csv"


def seed(ctx):
    User = get_user_model()
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", "admin@kotabogor.go.id", ctx["password"],
                                      first_name="Admin", last_name="Diskominfo")
        ctx["stdout"].write("Created demo superuser 'admin'.")


def finish(ctx):
    """After the site exists: the sample roster (sections, groups, workflows), without e-mail."""
    with ROSTER.open(encoding="utf-8") as fh:
        report = import_roster(fh)
    if report.created:
        # Demo accounts share DEMO_PASSWORD; one hash for all keeps the seed fast.
        emails = [label.split(" → ", 1)[0] for label in report.created]
        get_user_model().objects.filter(email__in=emails).update(password=make_password(ctx["password"]))
        ctx["stdout"].write(f"Loaded {len(report.created)} demo editors from the sample roster.")
    machine_english(ctx)


# One news item's English counts as machine-made, so translators find work in the demo's report.
DEMO_MACHINE_ENGLISH = "penanaman-pohon-ciliwung"


def machine_english(ctx):
    page = Page.objects.filter(slug_ind=DEMO_MACHINE_ENGLISH).first()
    state = PageTranslationState.objects.filter(page=page, reviewed_by=None).first() if page else None
    # Only as seeded (every field a person's, nobody reviewed): a translator's review is kept.
    if state and state.fields and all(record.get("by") == "person" for record in state.fields.values()):
        state.fields = {key: {**record, "by": "machine"} for key, record in state.fields.items()}
        state.state, state.translated_at = PageTranslationState.State.MACHINE, timezone.now()
        state.save()
