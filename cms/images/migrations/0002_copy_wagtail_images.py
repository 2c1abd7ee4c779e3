"""Copy Wagtail's stock images into the portal's image model, keeping their ids, so foreign keys and
the image ids inside StreamFields stay valid. Files are shared (same paths); renditions are made
again on first use. Wagtail's description becomes the Indonesian alt text."""

from django.core.management.color import no_style
from django.db import migrations

COPIED = ("id", "title", "file", "description", "width", "height", "created_at", "uploaded_by_user_id",
          "focal_point_x", "focal_point_y", "focal_point_width", "focal_point_height", "file_size", "file_hash",
          "collection_id")


def copy_images(apps, schema_editor):
    OldImage = apps.get_model("wagtailimages", "Image")
    NewImage = apps.get_model("images", "PortalImage")
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    rows = OldImage.objects.using(db).exclude(pk__in=NewImage.objects.using(db).values("pk")).values(*COPIED)
    NewImage.objects.using(db).bulk_create([
        NewImage(**row, alt_text_ind=row["description"] or None, alt_text=row["description"]) for row in rows
    ], batch_size=500)
    if schema_editor.connection.vendor == "postgresql":
        # Ids were given explicitly: move the sequence past them or the next upload collides.
        with schema_editor.connection.cursor() as cursor:
            for sql in schema_editor.connection.ops.sequence_reset_sql(no_style(), [NewImage]):
                cursor.execute(sql)
    old_type = ContentType.objects.using(db).filter(app_label="wagtailimages", model="image").first()
    if old_type is None:
        return
    new_type, _ = ContentType.objects.using(db).get_or_create(app_label="images", model="portalimage")
    # Tags and "where is this image used" follow the images.
    TaggedItem = apps.get_model("taggit", "TaggedItem")
    TaggedItem.objects.using(db).filter(content_type=old_type).update(content_type=new_type)
    ReferenceIndex = apps.get_model("wagtailcore", "ReferenceIndex")
    ReferenceIndex.objects.using(db).filter(to_content_type=old_type).update(to_content_type=new_type)


class Migration(migrations.Migration):
    dependencies = [
        ("images", "0001_initial"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailcore", "0096_referenceindex_referenceindex_source_object_and_more"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(copy_images, migrations.RunPython.noop)]
