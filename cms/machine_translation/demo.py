"""Demo glossary: terms visitors meet on the portal, kept as they are by the machine and explained
where they first appear on a page. Adds what is missing; an editor's explanation is never replaced."""

from .models import GlossaryTerm

# term: (Indonesian explanation, English explanation)
TERMS = {
    "angkot": ("angkutan kota: minibus umum dengan trayek tetap",
               "city minibus on a fixed route (angkutan kota)"),
    "ngetem": ("angkot berhenti lama menunggu penumpang", "a minibus idling at the roadside to wait for passengers"),
    "WIB": ("Waktu Indonesia Barat (UTC+7)", "Western Indonesia Time (UTC+7), the time in Bogor"),
    "SIMBG": ("Sistem Informasi Manajemen Bangunan Gedung, layanan daring nasional untuk izin bangunan",
              "Building Management Information System, the national online service for building approvals"),
    "PBG": ("Persetujuan Bangunan Gedung", "building approval (Persetujuan Bangunan Gedung)"),
    "Disdukcapil": ("Dinas Kependudukan dan Pencatatan Sipil", "Population and Civil Registration Agency"),
    "DPMPTSP": ("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
                "Investment and One-Stop Integrated Services Agency"),
    "Diskominfo": ("Dinas Komunikasi dan Informatika", "Communication and Information Agency"),
    "Satpol PP": ("Satuan Polisi Pamong Praja", "the city's public order agency (Satpol PP)"),
    "PKM": ("Puskesmas (pusat kesehatan masyarakat)", "Puskesmas, a community health centre"),
    "Puskesmas": ("pusat kesehatan masyarakat", "community health centre"),
    "KTP": ("Kartu Tanda Penduduk", "Indonesian identity card (Kartu Tanda Penduduk)"),
    "PKL": ("pedagang kaki lima", "street vendors (pedagang kaki lima)"),
    "OPD": ("organisasi perangkat daerah", "city agency (organisasi perangkat daerah)"),
    "BUMD": ("badan usaha milik daerah", "city-owned company (badan usaha milik daerah)"),
    "SP4N-LAPOR!": ("sistem pengaduan pelayanan publik nasional",
                    "the national public-service complaint system"),
    # Every Indonesian reader knows these: explained on English pages only, where the site writes
    # "sub-district (kelurahan)" and a visitor meets the word itself in names and addresses.
    "kelurahan": ("", "sub-district: the smallest area of the city administration, with its own office; "
                      "Kota Bogor has 68"),
    "kecamatan": ("", "district: one of the 6 areas of Kota Bogor, each made of several sub-districts (kelurahan)"),
}


def seed(ctx):
    for term, (explanation_ind, explanation_en) in TERMS.items():
        item, _created = GlossaryTerm.objects.get_or_create(term=term)
        changed = []
        for field, value in (("explanation_ind", explanation_ind), ("explanation_en", explanation_en)):
            if not getattr(item, field):
                setattr(item, field, value)
                changed.append(field)
        if changed:
            item.save()
