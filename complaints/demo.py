"""Demo content of complaints: the page that introduces the service."""

from wagtail.models import Page

from cms.demo_utils import ensure_page

from .models import ComplaintFormPage


def seed(ctx):
    home = Page.objects.filter(depth=2, slug_ind="beranda").first()
    if home is None:
        return
    ensure_page(
        home, ComplaintFormPage, "pengaduan", slug_en="complaints", show_in_menus=True,
        title_ind="Pengaduan Warga", title_en="Report a problem",
        intro_ind="<p>Jalan berlubang, saluran mampet, sampah menumpuk, atau parkir liar? Laporkan di sini. Laporan Anda diteruskan ke perangkat daerah yang berwenang dan dapat dipantau dengan kode pelacakan.</p>",
        intro_en="<p>A pothole, a blocked drain, piled-up rubbish or illegal parking? Tell us here. Your report goes to the agency in charge, and you can follow it with a tracking code.</p>",
    )
