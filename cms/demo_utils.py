"""Demo pictures drawn locally with Pillow (nothing is downloaded)."""

import io
import random

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model

from .accounts.permissions import city_collection


def _landscape(seed, sky, ground, accent, size=(1600, 900)):
    rnd = random.Random(seed)
    w, h = size
    img = PILImage.new("RGB", size, sky)
    draw = ImageDraw.Draw(img)
    for y in range(h // 2):  # a soft sky gradient
        t = y / (h / 2)
        draw.line([(0, y), (w, y)], fill=tuple(int(c * (1 - 0.35 * t) + 255 * 0.35 * t) for c in sky))
    # Mount Salak behind the city
    draw.polygon([(0, h * 0.62), (w * 0.35, h * 0.28), (w * 0.55, h * 0.4), (w * 0.8, h * 0.3), (w, h * 0.6), (w, h), (0, h)],
                 fill=tuple(max(0, c - 40) for c in ground))
    draw.rectangle([0, int(h * 0.66), w, h], fill=ground)
    for _ in range(28):  # trees and roofs
        x = rnd.randint(0, w)
        y = rnd.randint(int(h * 0.6), int(h * 0.9))
        r = rnd.randint(25, 70)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=tuple(max(0, c - rnd.randint(10, 50)) for c in ground))
    for _ in range(6):
        x = rnd.randint(0, w - 120)
        y = rnd.randint(int(h * 0.7), int(h * 0.92))
        draw.polygon([(x, y), (x + 60, y - 45), (x + 120, y)], fill=accent)
        draw.rectangle([x + 15, y, x + 105, y + 50], fill=(240, 234, 220))
    return img


def demo_image(title, seed, sky=(120, 180, 220), ground=(46, 125, 70), accent=(178, 58, 40), title_en=None):
    """Get or create a Wagtail image with this title, in the shared city collection, with alt text in
    both languages that says what the drawing shows (an older demo image gets them too)."""
    Image = get_image_model()
    alt = {
        "alt_text_ind": f"Ilustrasi {title}: Gunung Salak di balik pepohonan dan rumah beratap merah",
        "alt_text_en": f"Illustration for {title_en or title}: Mount Salak behind trees and red-roofed houses",
    }
    existing = Image.objects.filter(title=title).first()
    if existing:
        if not existing.alt_text_ind and not existing.is_decorative:
            Image.objects.filter(pk=existing.pk).update(**alt)
            existing.refresh_from_db()
        if existing.collection.is_root():
            Image.objects.filter(pk=existing.pk).update(collection=city_collection())
        return existing
    buffer = io.BytesIO()
    _landscape(seed, sky, ground, accent).save(buffer, "JPEG", quality=82)
    filename = f"demo-{seed}.jpg"
    image = Image(title=title, collection=city_collection(), **alt)
    image.file = ImageFile(io.BytesIO(buffer.getvalue()), name=filename)
    image.save()
    return image


def ensure_page(parent, model, slug_ind, **fields):
    """Return the child of `parent` with this Indonesian slug, creating and publishing it if missing.

    An existing page is returned untouched, so re-running the seed never overwrites an editor's work.
    """
    existing = parent.get_children().filter(slug_ind=slug_ind).first()
    if existing:
        return existing.specific
    page = model(slug_ind=slug_ind, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def paragraphs(text):
    """A StreamField paragraph block from plain text, one <p> per blank-line-separated paragraph."""
    return {"type": "paragraph", "value": "".join(f"<p>{para}</p>" for para in text.strip().split("\n\n"))}
