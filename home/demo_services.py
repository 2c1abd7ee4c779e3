"""Demo public-service pages (standar pelayanan). Legal bases and "free of charge" were checked against
the public texts of the laws named; durations, hours and tariffs are demo values, marked in facts_note."""

from cms.demo_utils import ensure_page

from .models import ServicePage

DEMO = "Nilai demo (waktu, jam, tarif) belum diperiksa / demo values (time, hours, tariffs) not yet checked"
LAW_CHECKED = "Dasar hukum dan bebas biaya diperiksa (UU 24/2013 Pasal 79A); waktu dan jam: nilai demo"


def _ul(*items):
    return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def _ol(*items):
    return "<ol>" + "".join(f"<li>{i}</li>" for i in items) + "</ol>"


MPP = ("Mal Pelayanan Publik Kota Bogor dan kantor kecamatan", "Bogor Public Service Mall and district (kecamatan) offices")
HOURS = ("Senin–Jumat 08.00–15.00 WIB, Sabtu 08.00–12.00 WIB", "Monday–Friday 8 a.m.–3 p.m., Saturday 8 a.m.–noon")
ADMINDUK_LAW = (_ul("Undang-Undang Nomor 23 Tahun 2006 tentang Administrasi Kependudukan sebagaimana diubah dengan Undang-Undang Nomor 24 Tahun 2013",
                    "Peraturan Presiden Nomor 96 Tahun 2018 tentang Persyaratan dan Tata Cara Pendaftaran Penduduk dan Pencatatan Sipil"),
                _ul("Law No. 23 of 2006 on Population Administration, as amended by Law No. 24 of 2013",
                    "Presidential Regulation No. 96 of 2018 on the requirements and procedures of population registration and civil registration"))

SERVICES = [
    dict(slug_ind="ktp-elektronik", slug_en="electronic-id-card", topic="population", unit="disdukcapil",
         title_ind="KTP Elektronik (e-KTP)", title_en="Electronic ID card (e-KTP)",
         summary_ind="Kartu tanda penduduk elektronik untuk warga Kota Bogor yang berusia 17 tahun atau sudah/pernah kawin.",
         summary_en="The electronic identity card for Bogor residents aged 17 or over, or who are or have been married.",
         requirements_ind=_ul("Berusia 17 tahun atau sudah/pernah kawin", "Kartu Keluarga (KK)", "Untuk penggantian: KTP lama atau surat keterangan kehilangan dari kepolisian"),
         requirements_en=_ul("Aged 17, or married or previously married", "Family card (Kartu Keluarga)", "For a replacement: the old card, or a police report of its loss"),
         procedure_ind=_ol("Datang ke tempat layanan dengan membawa KK", "Perekaman foto, sidik jari, iris mata, dan tanda tangan", "Verifikasi data oleh petugas", "Pencetakan dan penyerahan KTP elektronik"),
         procedure_en=_ol("Come to a service desk with your family card", "Photo, fingerprints, iris scan and signature are recorded", "An officer checks your data", "The card is printed and handed to you"),
         duration_ind="1 hari kerja setelah perekaman", duration_en="1 working day after recording",
         fee=0, cost_note_ind="gratis menurut Undang-Undang", cost_note_en="free by law",
         product_ind="KTP elektronik", product_en="Electronic ID card",
         location_ind=MPP[0], location_en=MPP[1], service_hours_ind=HOURS[0], service_hours_en=HOURS[1],
         legal_basis_ind=ADMINDUK_LAW[0], legal_basis_en=ADMINDUK_LAW[1], facts_note=LAW_CHECKED),
    dict(slug_ind="akta-kelahiran", slug_en="birth-certificate", topic="population", unit="disdukcapil",
         title_ind="Akta Kelahiran", title_en="Birth certificate",
         summary_ind="Pencatatan kelahiran anak dan penerbitan kutipan akta kelahiran.",
         summary_en="Registering a child's birth and issuing the birth certificate.",
         requirements_ind=_ul("Surat keterangan lahir dari rumah sakit, puskesmas, atau bidan", "Kartu Keluarga", "KTP elektronik orang tua", "Buku nikah atau akta perkawinan orang tua (jika ada)"),
         requirements_en=_ul("Birth statement from the hospital, health centre or midwife", "Family card", "Parents' electronic ID cards", "Parents' marriage book or certificate (if any)"),
         procedure_ind=_ol("Isi formulir pelaporan kelahiran (F-2.01)", "Serahkan berkas di tempat layanan atau secara daring", "Verifikasi berkas oleh petugas", "Akta kelahiran dan KK baru diterbitkan"),
         procedure_en=_ol("Fill in the birth report form (F-2.01)", "Hand in the documents at a service desk or online", "An officer checks the documents", "The birth certificate and an updated family card are issued"),
         duration_ind="1 hari kerja setelah berkas lengkap", duration_en="1 working day once the documents are complete",
         fee=0, cost_note_ind="gratis menurut Undang-Undang", cost_note_en="free by law",
         product_ind="Kutipan akta kelahiran dan KK yang diperbarui", product_en="Birth certificate and updated family card",
         location_ind=MPP[0], location_en=MPP[1], service_hours_ind=HOURS[0], service_hours_en=HOURS[1],
         legal_basis_ind=ADMINDUK_LAW[0], legal_basis_en=ADMINDUK_LAW[1], facts_note=LAW_CHECKED),
    dict(slug_ind="persetujuan-bangunan-gedung", slug_en="building-approval-pbg", topic="permits", unit="dpmptsp",
         title_ind="Persetujuan Bangunan Gedung (PBG)", title_en="Building approval (PBG)",
         summary_ind="Persetujuan untuk membangun baru, mengubah, memperluas, atau merawat bangunan gedung, pengganti IMB.",
         summary_en="Approval to build, alter, extend or maintain a building; it replaced the old building permit (IMB).",
         requirements_ind=_ul("Data pemohon dan bukti kepemilikan atau hak atas tanah", "Gambar rencana arsitektur, struktur, dan utilitas", "Kesesuaian Kegiatan Pemanfaatan Ruang (KKPR)"),
         requirements_en=_ul("Applicant's details and proof of ownership of, or rights to, the land", "Architectural, structural and utility drawings", "Spatial-use conformity (KKPR)"),
         procedure_ind=_ol("Daftar dan unggah berkas di SIMBG", "Pemeriksaan dokumen teknis oleh tim profesi ahli", "Penghitungan dan pembayaran retribusi", "PBG diterbitkan"),
         procedure_en=_ol("Register and upload the documents in SIMBG, the national building-permit system", "Technical review by a panel of experts", "The fee is calculated and paid", "The approval is issued"),
         duration_ind="paling lama 28 hari kerja setelah dokumen lengkap", duration_en="at most 28 working days once the documents are complete",
         fee=0, fee_varies=True, cost_note_ind="retribusi PBG menurut Peraturan Daerah, dihitung dari luas dan fungsi bangunan",
         cost_note_en="a building-approval levy set by regional regulation, by floor area and use",
         product_ind="Persetujuan Bangunan Gedung", product_en="Building approval (PBG)",
         location_ind="Mal Pelayanan Publik Kota Bogor atau daring di SIMBG", location_en="Bogor Public Service Mall, or online in SIMBG",
         service_hours_ind=HOURS[0], service_hours_en=HOURS[1], online_url="https://simbg.pu.go.id",
         legal_basis_ind=_ul("Peraturan Pemerintah Nomor 16 Tahun 2021 tentang Peraturan Pelaksanaan Undang-Undang Nomor 28 Tahun 2002 tentang Bangunan Gedung"),
         legal_basis_en=_ul("Government Regulation No. 16 of 2021 implementing Law No. 28 of 2002 on Buildings"),
         facts_note=DEMO),
    dict(slug_ind="nomor-induk-berusaha", slug_en="business-licence-nib", topic="permits", unit="dpmptsp",
         title_ind="Izin Usaha (Nomor Induk Berusaha)", title_en="Business licence (NIB business number)",
         summary_ind="Nomor Induk Berusaha (NIB) lewat sistem OSS berbasis risiko; usaha mikro dan kecil dapat mendaftar sendiri secara daring.",
         summary_en="The business identification number (NIB) through the risk-based OSS system; micro and small businesses can register online themselves.",
         requirements_ind=_ul("NIK (KTP elektronik) dan NPWP", "Alamat dan bidang usaha (KBLI)", "Alamat e-mail dan nomor telepon aktif"),
         requirements_en=_ul("National ID number and tax number (NPWP)", "Business address and activity code (KBLI)", "A working e-mail address and phone number"),
         procedure_ind=_ol("Buat akun di OSS", "Isi data usaha dan pilih KBLI", "NIB terbit; izin lanjutan sesuai tingkat risiko", "Pendampingan tersedia di DPMPTSP"),
         procedure_en=_ol("Create an account in OSS", "Enter the business details and choose the activity code", "The NIB is issued; further permits depend on the risk level", "Help is available at the one-stop service office"),
         duration_ind="NIB usaha risiko rendah terbit pada hari yang sama", duration_en="same day for low-risk businesses",
         fee=0, cost_note_ind="gratis", cost_note_en="free",
         product_ind="Nomor Induk Berusaha (NIB)", product_en="Business identification number (NIB)",
         location_ind="Daring di OSS; pendampingan di Mal Pelayanan Publik", location_en="Online in OSS; help at the Public Service Mall",
         service_hours_ind=HOURS[0], service_hours_en=HOURS[1], online_url="https://oss.go.id",
         legal_basis_ind=_ul("Peraturan Pemerintah Nomor 5 Tahun 2021 tentang Penyelenggaraan Perizinan Berusaha Berbasis Risiko"),
         legal_basis_en=_ul("Government Regulation No. 5 of 2021 on risk-based business licensing"),
         facts_note=DEMO),
    dict(slug_ind="kartu-pencari-kerja-ak1", slug_en="job-seeker-card-ak1", topic="work", unit="disnaker",
         title_ind="Kartu Pencari Kerja (AK1)", title_en="Job-seeker card (AK1)",
         summary_ind="Kartu kuning AK1 untuk melamar kerja, dibuat di Dinas Tenaga Kerja atau daring.",
         summary_en="The AK1 'yellow card' that employers ask job applicants for, issued by the Manpower Agency or online.",
         requirements_ind=_ul("KTP elektronik Kota Bogor", "Ijazah terakhir", "Pas foto berwarna"),
         requirements_en=_ul("Bogor electronic ID card", "Latest school or university certificate", "Colour passport photo"),
         procedure_ind=_ol("Daftar secara daring atau datang ke loket", "Petugas memeriksa berkas", "Kartu AK1 dicetak dan ditandatangani"),
         procedure_en=_ol("Register online or at the counter", "An officer checks your documents", "The AK1 card is printed and signed"),
         duration_ind="1 hari kerja", duration_en="1 working day",
         fee=0, cost_note_ind="gratis", cost_note_en="free",
         product_ind="Kartu AK1", product_en="AK1 card",
         location_ind="Dinas Tenaga Kerja Kota Bogor dan Mal Pelayanan Publik", location_en="Bogor Manpower Agency and the Public Service Mall",
         service_hours_ind=HOURS[0], service_hours_en=HOURS[1],
         legal_basis_ind=_ul("Peraturan Menteri Ketenagakerjaan Nomor 39 Tahun 2016 tentang Penempatan Tenaga Kerja"),
         legal_basis_en=_ul("Minister of Manpower Regulation No. 39 of 2016 on job placement"),
         facts_note=DEMO),
    dict(slug_ind="sambungan-baru-air-minum", slug_en="new-water-connection", topic="utilities", unit="tirta-pakuan",
         title_ind="Sambungan Baru Air Minum (PDAM)", title_en="New water connection",
         summary_ind="Pemasangan sambungan air minum baru dari Perumda Air Minum Tirta Pakuan.",
         summary_en="Getting a new piped-water connection from Tirta Pakuan, the city's water company.",
         requirements_ind=_ul("KTP elektronik pemohon", "Kartu Keluarga", "Bukti kepemilikan rumah atau SPPT PBB", "Denah lokasi"),
         requirements_en=_ul("Applicant's electronic ID card", "Family card", "Proof of home ownership or the property-tax notice", "A sketch of the location"),
         procedure_ind=_ol("Daftar di kantor pelayanan atau daring", "Survei lokasi oleh petugas", "Pembayaran biaya sambungan", "Pemasangan pipa dan meter air"),
         procedure_en=_ol("Apply at a customer office or online", "A technician surveys the site", "Pay the connection fee", "The pipe and meter are installed"),
         duration_ind="14 hari kerja setelah pembayaran", duration_en="14 working days after payment",
         fee=1500000, cost_note_ind="tergantung jarak dan golongan tarif", cost_note_en="depends on distance and tariff group",
         product_ind="Sambungan air minum dan meter", product_en="A water connection and meter",
         location_ind="Kantor Pelayanan Tirta Pakuan, Jl. Siliwangi No. 121", location_en="Tirta Pakuan customer office, Jl. Siliwangi No. 121",
         service_hours_ind=HOURS[0], service_hours_en=HOURS[1], online_url="https://www.tirtapakuan.co.id",
         legal_basis_ind=_ul("Peraturan Pemerintah Nomor 122 Tahun 2015 tentang Sistem Penyediaan Air Minum"),
         legal_basis_en=_ul("Government Regulation No. 122 of 2015 on drinking-water supply systems"),
         facts_note=DEMO),
]


def seed_services(index, units):
    for item in SERVICES:
        data = dict(item)
        slug_ind = data.pop("slug_ind")
        ensure_page(index, ServicePage, slug_ind, responsible_unit=units.get(data.pop("unit")), **data)
