"""Demo data of the core: the demo superuser. (The units are reference data, loaded by migrations.)"""

from django.contrib.auth import get_user_model

def seed(ctx):
    User = get_user_model()
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", "admin@kotabogor.go.id", ctx["password"],
                                      first_name="Admin", last_name="Diskominfo")
        ctx["stdout"].write("Created demo superuser 'admin'.")
