"""Each organisational unit's part of the site, created on demand (the roster import asks for it).

/id/perangkat-daerah/<unit>/  = /en/agencies/<unit>/         OPD and BUMD
/id/wilayah/<kecamatan>/<kelurahan>/ = /en/districts/...      kecamatan and kelurahan profiles
/id/puskesmas/<unit>/         = /en/health-centres/<unit>/    health centres

A kecamatan and a kelurahan also get their own news: .../<kelurahan>/berita/ = .../news/.
"""

from django.utils.text import slugify

from .models import HomePage, NewsIndexPage, UnitIndexPage, UnitPage

INDEXES = {
    # kind: (slug id, slug en, title id, title en)
    "agencies": ("perangkat-daerah", "agencies", "Perangkat Daerah dan BUMD", "City agencies and companies"),
    "districts": ("wilayah", "districts", "Kecamatan dan Kelurahan", "Districts and sub-districts"),
    "health": ("puskesmas", "health-centres", "Puskesmas", "Health centres"),
}
INDEX_FOR_KIND = {"opd": "agencies", "bumd": "agencies", "kecamatan": "districts", "puskesmas": "health"}
LOCAL_NEWS_KINDS = ("kecamatan", "kelurahan")


def _home():

    return HomePage.objects.first()


def _index(key):

    home = _home()
    slug_ind, slug_en, title_ind, title_en = INDEXES[key]
    existing = home.get_children().filter(slug_ind=slug_ind).first()
    if existing:
        return existing.specific
    page = UnitIndexPage(title_ind=title_ind, title_en=title_en, slug_ind=slug_ind, slug_en=slug_en)
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def city_news_index():

    home = _home()
    return NewsIndexPage.objects.child_of(home).first() if home else None


def section_for(unit):
    """The unit's section page, created and published if missing; None for outside bodies."""

    if _home() is None:
        return None
    existing = UnitPage.objects.filter(unit=unit).first()
    if existing:
        _local_news(existing)
        return existing
    if unit.kind == unit.Kind.KELURAHAN:
        parent = section_for(unit.parent) if unit.parent_id else _index("districts")
    elif unit.kind in INDEX_FOR_KIND:
        parent = _index(INDEX_FOR_KIND[unit.kind])
    else:
        return None
    base = slugify(unit.short_name_ind or unit.name_ind or unit.code)[:80] or unit.code
    page = UnitPage(unit=unit, title_ind=unit.name_ind, title_en=unit.name_en or unit.name_ind,
                    slug_ind=base, slug_en=base)
    parent.add_child(instance=page)
    page.save_revision().publish()
    _local_news(page)
    return page


def _local_news(section):
    """The news index of a kecamatan's or kelurahan's section, created and published if missing."""

    if section.unit.kind not in LOCAL_NEWS_KINDS or NewsIndexPage.objects.child_of(section).exists() \
            or section.get_children().filter(slug_ind="berita").exists():
        return
    news = NewsIndexPage(title_ind=f"Berita {section.title_ind}",
                         title_en=f"News from {section.title_en or section.title_ind}",
                         slug_ind="berita", slug_en="news")
    section.add_child(instance=news)
    news.save_revision().publish()
