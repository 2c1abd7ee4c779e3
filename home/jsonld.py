"""schema.org JSON-LD for public-service pages, in the page's language."""

import re

from django.utils.html import strip_tags

from cms.jsonld import bogor_address

CITY = {"@type": "City", "name": "Kota Bogor", "containedInPlace": {"@type": "State", "name": "Jawa Barat"}}


def _text_items(rich_text):
    """The text of each list item or paragraph of a rich text field: stripping the tags alone would run
    "Law No. 23 of 2006" and "Law No. 24 of 2013" together into one word."""
    html = re.sub(r"</(li|p|h[1-6])>|<br\s*/?>", "\n", str(rich_text), flags=re.I)
    return [" ".join(line.split()) for line in strip_tags(html).splitlines() if line.strip()]


def service(page, request):
    url = request.build_absolute_uri(page.get_url(request=request))
    unit = page.responsible_unit if page.responsible_unit_id else None
    provider = {"@type": "GovernmentOrganization", "name": unit.name if unit else "Pemerintah Kota Bogor"}
    if unit is not None:
        if unit.website:
            provider["url"] = unit.website
        if unit.phone:
            provider["telephone"] = unit.phone
    channel = {"@type": "ServiceChannel", "availableLanguage": ["id"]}
    if page.location:
        channel["serviceLocation"] = {"@type": "Place", "name": page.location, "address": bogor_address(page.location)}
    if page.service_hours:
        channel["description"] = page.service_hours
    if page.online_url:
        channel["serviceUrl"] = page.online_url
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": page.title,
        "description": strip_tags(page.summary or ""),
        "url": url,
        "serviceType": page.get_topic_display(),
        "provider": provider,
        "serviceOperator": provider,
        "areaServed": CITY,
        "availableChannel": channel,
    }
    # One offer, as the page states it: an amount (0 when free), or no price when it depends on the case.
    offer = {"@type": "Offer", "priceCurrency": "IDR"}
    if page.fee or not page.fee_varies:
        offer["price"] = page.fee
    if page.cost_note:
        offer["description"] = page.cost_note
    data["offers"] = offer
    if page.product:
        data["serviceOutput"] = {"@type": "Thing", "name": page.product}
    if page.legal_basis:
        data["termsOfService"] = "; ".join(_text_items(page.legal_basis))
    return data
