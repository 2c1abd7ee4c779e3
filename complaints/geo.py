"""The point of a report as the public may see it.

A report's exact point (a "use my location" pin) can lead to the reporter's door, anonymous or not.
Everything public (Open311, the form's "similar reports nearby") shows the point rounded to 0.001°
(about 110 m in Bogor) and reasons only from that, so no answer is more precise than the rounding.
"""

PUBLIC_POINT_DECIMALS = 3
# One step of the rounding grid in metres in Bogor (0.001° of latitude; of longitude at 6.6° S, 110.5 m).
PUBLIC_POINT_STEP_M = 111


def public_point(latitude, longitude):
    """(lat, lon) rounded to about 100 m as floats, or (None, None) when the report has no point."""
    if latitude is None or longitude is None:
        return None, None
    return round(float(latitude), PUBLIC_POINT_DECIMALS), round(float(longitude), PUBLIC_POINT_DECIMALS)
