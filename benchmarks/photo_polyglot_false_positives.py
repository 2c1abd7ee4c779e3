"""How many genuine photos does the polyglot check refuse? Camera-like JPEGs, old check and new.

    .venv/bin/python benchmarks/photo_polyglot_false_positives.py [--photos 300] [--seed 15]

Makes --photos JPEGs like a phone's (3264 x 2448 pixels, sensor-like noise over smooth light, quality
92, about 4 MB, EXIF with make, model, time and GPS position), each from its own seeded noise, and runs
on every one the check that searched the whole file for markers (the one before issue 15, copied
here) and complaints.photos' check, which searches only where a polyglot can hide. Prints both
refusal counts and rates, the photos' mean size and the mean time of each check. Nothing is written
to disk; no database or server is needed.
"""

import argparse
import io
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import Image, ImageChops  # noqa: E402

from complaints.photos import _looks_like_polyglot  # noqa: E402

WIDTH, HEIGHT = 3264, 2448
# The check before issue 15: every marker anywhere in the file.
OLD_MARKERS = (b"<script", b"<html", b"<svg", b"<iframe", b"<body", b"<?php", b"javascript:", b"<!doctype")


def old_check(data):
    """The markers the old check found (empty: accepted)."""
    lowered = data.lower()
    found = [marker for marker in OLD_MARKERS if marker in lowered]
    return found + ([b"PK\x05\x06"] if b"PK\x05\x06" in data[-65536:] else [])


def exif(rnd):
    tags = Image.Exif()
    tags[0x010F] = "PhoneMaker"
    tags[0x0110] = f"Phone {rnd.randint(8, 15)}"
    tags[0x0132] = f"2026:11:{rnd.randint(1, 28):02d} {rnd.randint(0, 23):02d}:{rnd.randint(0, 59):02d}:00"
    tags[0x8825] = {1: "S", 2: (6.0, 35.0, rnd.uniform(0, 59)), 3: "E", 4: (106.0, 47.0, rnd.uniform(0, 59))}
    return tags.tobytes()


def light():
    """Smooth light and colour across the frame, the part of a photo that compresses well."""
    size = (WIDTH, HEIGHT)
    return Image.merge("RGB", [Image.linear_gradient("L").resize(size), Image.radial_gradient("L").resize(size),
                               Image.linear_gradient("L").rotate(90).resize(size)])


def photo(rnd, base):
    noise = Image.frombytes("RGB", base.size, rnd.randbytes(WIDTH * HEIGHT * 3)).point(lambda v: v // 4)
    out = io.BytesIO()
    ImageChops.add(base, noise, offset=-32).save(out, "JPEG", quality=92, exif=exif(rnd))
    return out.getvalue()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=300)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    rnd = random.Random(args.seed)
    base = light()
    old = new = size = 0
    markers = Counter()
    old_time = new_time = 0.0
    for n in range(1, args.photos + 1):
        data = photo(rnd, base)
        size += len(data)
        start = time.perf_counter()
        found = old_check(data)
        old += bool(found)
        markers.update(marker.decode("latin-1") for marker in found)
        old_time += time.perf_counter() - start
        start = time.perf_counter()
        new += _looks_like_polyglot(data)
        new_time += time.perf_counter() - start
        if n % 25 == 0:
            print(f"  {n} photos: refused {old} before, {new} now", file=sys.stderr, flush=True)
    count = args.photos
    print(f"photos: {count}, mean size {size / count / 1e6:.2f} MB ({WIDTH} x {HEIGHT}, quality 92, EXIF with GPS)")
    print(f"whole-file search (before): {old} refused ({100 * old / count:.2f}%), {1000 * old_time / count:.1f} ms a photo"
          f"; markers found: {dict(markers) or 'none'}")
    print(f"hiding places only (now):   {new} refused ({100 * new / count:.2f}%), {1000 * new_time / count:.1f} ms a photo")


if __name__ == "__main__":
    main()
