"""Timeline steps written before standard texts had keys: the known texts (in either language, the demo's
included) get their key, so the tracking page shows them in the reader's language. Anything else, above
all what an officer wrote, stays as written. The texts are copied here as they were: later catalog
changes must not change what this migration matches."""

import re

from django.db import migrations

PLAIN = {
    "received": ["We have received your report.", "Laporan Anda sudah kami terima.",
                 "Report received.", "Laporan diterima."],
    "received_confirm": [
        "We have received your report. Please confirm it with the link we sent to your e-mail.",
        "Laporan Anda sudah kami terima. Mohon konfirmasi melalui tautan yang kami kirim ke e-mail Anda."],
    "confirmed": ["You confirmed your report. It is now with the complaint desk.",
                  "Anda telah mengonfirmasi laporan. Laporan kini ada di meja pengaduan."],
    "survey_thanks": ["Thank you for rating how your report was handled.",
                      "Terima kasih telah menilai penanganan laporan Anda."],
    "reopened_by_reporter": ["You told us the problem is not fixed. The report has been reopened.",
                             "Anda menyampaikan bahwa masalahnya belum beres. Laporan dibuka kembali."],
    "verified": ["The complaint desk has verified your report.", "Meja pengaduan telah memverifikasi laporan Anda.",
                 "The complaint desk has verified the report.", "Laporan telah diverifikasi oleh meja pengaduan."],
    "started": ["The responsible unit has started working on your report.",
                "Unit yang berwenang mulai menangani laporan Anda.",
                "Officers are working on it.", "Petugas sedang menangani laporan ini."],
    "closed": ["Your report is closed.", "Laporan Anda ditutup.", "The report is closed.", "Laporan ditutup."],
}
# The demo's "sent to the agency" names no unit: the step's own unit is the one (event.unit).
UNIT_FROM_EVENT = ["The report was sent to the responsible agency.",
                   "Laporan diteruskan ke perangkat daerah yang berwenang."]
PATTERNS = [
    ("sent_to_unit", r"Your report has been sent to (?P<name>.+)\.", r"Laporan Anda telah diteruskan ke (?P<name>.+)\."),
    ("forwarded", r"Your report has been forwarded to SP4N-LAPOR!, the national complaint system "
                  r"\(reference (?P<ref>.*)\)\.",
     r"Laporan Anda telah diteruskan ke SP4N-LAPOR!, sistem pengaduan nasional \(nomor (?P<ref>.*)\)\."),
    ("merged", r"Your report is about the same problem as report (?P<code>\w+), so the two have been merged\. "
               r"Follow report \w+: you will receive its updates\.",
     r"Laporan Anda menyangkut masalah yang sama dengan laporan (?P<code>\w+), sehingga keduanya digabungkan\. "
     r"Ikuti laporan \w+: Anda akan menerima kabar perkembangannya\."),
]


def _key_for(event):
    text = event.public_message.strip()
    for key, texts in PLAIN.items():
        if text in texts:
            return key, {}
    if text in UNIT_FROM_EVENT and event.unit_id:
        return "sent_to_unit", {"unit": event.unit_id}
    for key, *patterns in PATTERNS:
        for pattern in patterns:
            match = re.fullmatch(pattern, text)
            if not match:
                continue
            if key == "sent_to_unit":
                # Only when the named unit is the step's own: otherwise keep the text as written.
                unit = event.unit
                if unit is not None and match["name"] in {unit.name_ind, unit.name_en, unit.name}:
                    return key, {"unit": unit.pk}
                return None
            return key, match.groupdict()
    return None


def forwards(apps, schema_editor):
    ComplaintEvent = apps.get_model("complaints", "ComplaintEvent")
    events = (ComplaintEvent.objects.filter(message_key="").exclude(public_message="").select_related("unit"))
    for event in events.iterator(chunk_size=500):
        found = _key_for(event)
        if found:
            event.message_key, event.message_params = found
            event.save(update_fields=["message_key", "message_params"])


class Migration(migrations.Migration):
    dependencies = [("complaints", "0016_event_message_key")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
