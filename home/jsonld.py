"""schema.org JSON-LD for public-service pages, in the page's language."""

from django.utils.html import strip_tags

from cms.jsonld import bogor_address

CITY = {"@type": "City", "name": "Kota Bogor", "containedInPlace": {"@type": "State", "name": "Jawa Barat"}}


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
        data["termsOfService"] = strip_tags(str(page.legal_basis)).strip()
    return data
