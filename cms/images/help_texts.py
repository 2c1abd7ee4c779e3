"""Help texts for the image fields editors fill on pages (shared so every page type says the same)."""

from django.utils.translation import gettext_lazy as _

LEAD_IMAGE = _("Shown at the top of the page and on its card in listings and when shared. Choose one from "
               "your unit's or the shared city collection, or upload one (you will be asked for its alt text).")
HERO_IMAGE = _("The wide picture behind the home page heading (at least 1600 × 600 pixels). Its alt text "
               "comes from the image library.")
GALLERY_IMAGE = _("A photo of the place. Its alt text comes from the image library; the caption is shown under it.")
GALLERY_CAPTION = _("Optional line shown under the photo, e.g. who took it or what happens there.")
