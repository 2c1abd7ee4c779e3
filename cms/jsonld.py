"""schema.org pieces shared by the page types' JSON-LD."""


def bogor_address(street):
    """A PostalAddress in Kota Bogor: every place the site describes is in the city."""
    return {"@type": "PostalAddress", "streetAddress": street, "addressLocality": "Bogor",
            "addressRegion": "Jawa Barat", "addressCountry": "ID"}
