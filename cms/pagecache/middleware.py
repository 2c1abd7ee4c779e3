"""What a logged-in person is shown is theirs: no shared cache (a proxy, a CDN) may keep it."""

from django.utils.cache import patch_cache_control


class PrivateForUsersMiddleware:
    """Mark responses to logged-in users `Cache-Control: private, no-cache` (the page cache never stores
    them either, see cache._cacheable_request). A response that already chose private or no-store
    (a photo kept for an hour in the officer's own browser) keeps its choice."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            control = response.get("Cache-Control", "")
            if "private" not in control and "no-store" not in control:
                patch_cache_control(response, private=True, no_cache=True)
        return response
