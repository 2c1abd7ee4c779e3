"""Demo data of the core: the demo superuser, and the 156 jubir digital of the sample roster.
(The units themselves are reference data, loaded by migrations.)"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from .roster import import_roster

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
