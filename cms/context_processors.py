from django.conf import settings


def site_links(request):
    """Values every template needs: the languages and the current one."""
    return {"SITE_LANGUAGES": settings.LANGUAGES}
