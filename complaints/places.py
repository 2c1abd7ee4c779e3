"""Where a report's point lies: in which kelurahan of Kota Bogor, or outside the city (in Kabupaten
Bogor, near the city, or nowhere near it), and the one place that may be published.

The polygons are the city's 68 kelurahan, the city outline and Kabupaten Bogor's outline in
data/boundaries/ (its README gives their source, licence and attribution). They are read once per
process. Pure Python rather than shapely: 68 small polygons need no GIS library, and a bounding-box
test leaves two or three of them for the ray-casting test (see the README's figures for the cost).
"""

import enum
import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from cms.models import OrganisationUnit

DATA = Path(__file__).resolve().parent / "data" / "boundaries"
# Farther than this from the city and not in Kabupaten Bogor: not a place the city can act on (a
# position of 0,0 or a phone's last fix abroad), so the report is refused.
NEAR_KM = 20
# A chosen kelurahan whose boundary is this close to the point agrees with it: the boundaries are
# not exact to the metre, and people stand on the edge of the place they report.
AGREE_KM = 0.05
# The outside body responsible in Kabupaten Bogor (an OrganisationUnit code, see cms' units).
KABUPATEN_BODY = "pemkab-bogor"
# The city's outline and the hole in Kabupaten Bogor's differ by about half a metre on average (see
# the README): a point this close to the city, in neither, is on the boundary and counts as the city's.
EDGE_KM = 0.01
KABUPATEN_NAME = "Kabupaten Bogor"

KM_PER_DEGREE_LATITUDE = 110.574


def _km_per_degree_longitude(latitude):
    return 111.320 * math.cos(math.radians(latitude))


class Area(enum.Enum):
    CITY = "city"
    KABUPATEN = "kabupaten"  # Kabupaten Bogor, around the city: Pemkab Bogor's
    NEAR = "near"  # in neither, within NEAR_KM of the city (Depok, say)
    FAR = "far"


class _Polygon:
    """A GeoJSON polygon (rings of [longitude, latitude]) with its bounding box and properties."""

    __slots__ = ("rings", "west", "south", "east", "north", "properties", "bands", "band_height")

    def __init__(self, coordinates, properties):
        self.rings = [(tuple(float(p[0]) for p in ring), tuple(float(p[1]) for p in ring)) for ring in coordinates]
        xs, ys = self.rings[0]  # the exterior ring bounds the holes too
        self.west, self.east, self.south, self.north = min(xs), max(xs), min(ys), max(ys)
        self.properties = properties
        # Edges sorted into horizontal bands: a ray from the point crosses only edges of its own band,
        # so Kabupaten Bogor's 3,944 vertices cost a few dozen tests, not thousands.
        count = max(1, sum(len(xs) for xs, _ys in self.rings) // 16)
        self.band_height = (self.north - self.south) / count or 1.0
        self.bands = [[] for _ in range(count)]
        for xs, ys in self.rings:
            for x1, y1, x2, y2 in zip(xs[-1:] + xs[:-1], ys[-1:] + ys[:-1], xs, ys, strict=True):
                if y1 == y2:
                    continue  # a horizontal edge is never crossed by a horizontal ray
                low, high = self._band(min(y1, y2)), self._band(max(y1, y2))
                for band in range(low, high + 1):
                    self.bands[band].append((x1, y1, x2, y2))

    def _band(self, y):
        return min(len(self.bands) - 1, max(0, int((y - self.south) / self.band_height)))

    def in_box(self, x, y, margin=0.0):
        return self.west - margin <= x <= self.east + margin and self.south - margin <= y <= self.north + margin

    def contains(self, x, y):
        """Ray casting, even-odd over every ring: a point in a hole is outside."""
        if not self.in_box(x, y):
            return False
        inside = False
        for x1, y1, x2, y2 in self.bands[self._band(y)]:
            if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
                inside = not inside
        return inside

    def box_km(self, x, y):
        """How far the point is from the bounding box: never more than from the polygon itself."""
        dx = max(self.west - x, 0.0, x - self.east) * _km_per_degree_longitude(y)
        dy = max(self.south - y, 0.0, y - self.north) * KM_PER_DEGREE_LATITUDE
        return math.hypot(dx, dy)

    def edge_km(self, x, y):
        """How far the point is from the nearest edge, in km, on a plane around the point (exact enough
        over tens of kilometres)."""
        kx, ky = _km_per_degree_longitude(y), KM_PER_DEGREE_LATITUDE
        best = math.inf
        for xs, ys in self.rings:
            ax, ay = (xs[-1] - x) * kx, (ys[-1] - y) * ky
            for x2, y2 in zip(xs, ys, strict=True):
                bx, by = (x2 - x) * kx, (y2 - y) * ky
                dx, dy = bx - ax, by - ay
                length = dx * dx + dy * dy
                t = 0.0 if length == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / length))
                px, py = ax + t * dx, ay + t * dy
                best = min(best, px * px + py * py)
                ax, ay = bx, by
        return math.sqrt(best)


def _polygons(name):
    with (DATA / f"{name}.geojson").open(encoding="utf-8") as fh:
        features = json.load(fh)["features"]
    return [_Polygon(f["geometry"]["coordinates"], f["properties"]) for f in features]


# The grid over the city that says which kelurahan may cover a point: about 550 m a cell.
CELL = 0.005


class _Grid:
    """For each cell of a grid over the city's bounding box, the kelurahan whose boxes reach into it
    (in file order: where neighbours overlap, the first that covers a point wins)."""

    def __init__(self, city, kelurahan):
        self.west, self.south = city.west, city.south
        self.columns = int((city.east - city.west) / CELL) + 1
        self.rows = int((city.north - city.south) / CELL) + 1
        self.cells = [[] for _ in range(self.columns * self.rows)]
        for polygon in kelurahan:
            west, south = self._cell(polygon.west, polygon.south)
            east, north = self._cell(polygon.east, polygon.north)
            for row in range(south, north + 1):
                for column in range(west, east + 1):
                    self.cells[row * self.columns + column].append(polygon)

    def _cell(self, x, y):
        return (min(self.columns - 1, max(0, int((x - self.west) / CELL))),
                min(self.rows - 1, max(0, int((y - self.south) / CELL))))

    def candidates(self, x, y):
        column, row = self._cell(x, y)
        return self.cells[row * self.columns + column]


@cache
def _boundaries():
    kelurahan = _polygons("kota-bogor-kelurahan")
    [city] = _polygons("kota-bogor-city")
    [kabupaten] = _polygons("kabupaten-bogor-outline")
    return kelurahan, {p.properties["code"]: p for p in kelurahan}, city, kabupaten, _Grid(city, kelurahan)


@dataclass(frozen=True)
class Place:
    area: Area
    kelurahan_code: str = ""  # Kemendagri code, as OrganisationUnit.region_code
    kelurahan: str = ""
    kecamatan: str = ""
    km_from_city: float = 0.0  # outside the city and Kabupaten Bogor only

    @property
    def label(self):
        """The place as it may be published: never finer than a kelurahan."""
        if self.kelurahan:
            return f"{self.kelurahan}, {self.kecamatan}"
        return KABUPATEN_NAME if self.area is Area.KABUPATEN else ""


def _in(polygon):
    p = polygon.properties
    return Place(Area.CITY, p["code"], p["name"], p["kecamatan_name"])


def locate(latitude, longitude):
    """The Place of a point (numbers, Decimals or strings)."""
    x, y = float(longitude), float(latitude)
    kelurahan, _codes, city, kabupaten, grid = _boundaries()
    if city.in_box(x, y):
        # Neighbours overlap in slivers under 5 m wide (see the README): the first that covers the point.
        for polygon in grid.candidates(x, y):
            if polygon.contains(x, y):
                return _in(polygon)
        if city.contains(x, y):  # in one of the gaps between neighbours (under 8 m wide)
            return _nearest(kelurahan, x, y)
    if kabupaten.contains(x, y):
        return Place(Area.KABUPATEN)
    km = city.box_km(x, y)
    if km <= NEAR_KM:  # the box is only a lower bound: measure to the outline itself
        km = city.edge_km(x, y)
        if km <= EDGE_KM:  # in the seam between the city's outline and Kabupaten Bogor's
            return _nearest(kelurahan, x, y)
    return Place(Area.NEAR if km <= NEAR_KM else Area.FAR, km_from_city=km)


def _nearest(kelurahan, x, y):
    near = [p for p in kelurahan if p.in_box(x, y, margin=0.001)] or kelurahan
    return _in(min(near, key=lambda p: p.edge_km(x, y)))


def public_address(kelurahan, kecamatan, latitude, longitude):
    """A report's place as Open311 publishes it: its kelurahan and kecamatan ("Paledang, Bogor Tengah"),
    else those its point lies in ("Kabupaten Bogor" outside the city), else None. Never a street or
    house number, never the exact point."""
    if kelurahan:
        return f"{kelurahan}, {kecamatan}" if kecamatan else kelurahan
    if latitude is None or longitude is None:
        return None
    return locate(latitude, longitude).label or None


def point_of(complaint):
    if complaint.latitude is None or complaint.longitude is None:
        return None
    return locate(complaint.latitude, complaint.longitude)


def is_far(latitude, longitude):
    """True for a point nowhere near the city: the report cannot be the city's (or Pemkab's)."""
    return locate(latitude, longitude).area is Area.FAR


def fill_kelurahan(complaint):
    """Give a new report without a kelurahan the one its point lies in (none outside the city)."""
    if complaint.kelurahan_id is not None:
        return
    place = point_of(complaint)
    if place and place.kelurahan_code:
        complaint.kelurahan = OrganisationUnit.objects.filter(
            kind=OrganisationUnit.Kind.KELURAHAN, region_code=place.kelurahan_code).first()


def responsible_body_code(complaint):
    """The code of the outside body responsible where the report's point lies, or "": Pemkab Bogor for a
    point in Kabupaten Bogor when the reporter chose no kelurahan of the city (a chosen kelurahan that
    disagrees with the point is the desk's call: see desk_note())."""
    if complaint.kelurahan_id is not None:
        return ""
    place = point_of(complaint)
    return KABUPATEN_BODY if place and place.area is Area.KABUPATEN else ""


def desk_note(complaint):
    """What the desk should check about the report's place, or "": the point lies in another kelurahan
    than the one chosen, or outside the city. Worked out when shown, so a corrected place clears it."""
    place = point_of(complaint)
    if place is None:
        return ""
    chosen = complaint.kelurahan
    if place.area is Area.CITY:
        if chosen is None or chosen.region_code == place.kelurahan_code:
            return ""
        by_code = _boundaries()[1]
        polygon = by_code.get(chosen.region_code)
        if polygon is not None and polygon.edge_km(float(complaint.longitude), float(complaint.latitude)) <= AGREE_KM:
            return ""  # on the shared edge: the two agree as far as the data can tell
        return _("The point on the map lies in the sub-district (kelurahan) %(found)s (%(kecamatan)s), not in the chosen "
                 "one, %(chosen)s. Check the place before dispatching.") % {
            "found": place.kelurahan, "kecamatan": place.kecamatan, "chosen": chosen.display_name}
    if place.area is Area.KABUPATEN:
        note = _("The point on the map lies outside Kota Bogor, in Kabupaten Bogor.")
    else:
        note = _("The point on the map lies outside Kota Bogor, about %(km)s km from the city.") % {
            "km": number_format(place.km_from_city, 1)}
    if chosen is not None:
        note += " " + _("The reporter chose the sub-district (kelurahan) %(chosen)s.") % {"chosen": chosen.display_name}
    return note
