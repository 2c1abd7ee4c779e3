"""For migrations that move models from one app to another without moving their tables (Django's state
moves, the rows stay): the content types follow, so nothing that points at them is lost."""


def move_content_types(apps, old_label, new_label, models):
    """Keep the content type rows (and so the permissions given to groups, log entries and
    references that point at them) by changing their app label."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for model in models:
        old = ContentType.objects.filter(app_label=old_label, model=model).first()
        if old is None:
            continue
        new = ContentType.objects.filter(app_label=new_label, model=model).first()
        if new is None:
            old.app_label = new_label
            old.save(update_fields=["app_label"])
            continue
        # Both exist (permissions were made for the new label already): keep the old rows' grants.
        taken = set(Permission.objects.filter(content_type=new).values_list("codename", flat=True))
        Permission.objects.filter(content_type=old).exclude(codename__in=taken).update(content_type=new)
        for permission in Permission.objects.filter(content_type=old):
            twin = Permission.objects.get(content_type=new, codename=permission.codename)
            for group in permission.group_set.all():
                group.permissions.add(twin)
            for user in permission.user_set.all():
                user.user_permissions.add(twin)
    ContentType.objects.clear_cache()
