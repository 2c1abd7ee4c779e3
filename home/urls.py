"""The site's own public URLs besides the page tree, included under each language by cms/urls.py."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from cms.pagecache.cache import PAGE_NUMBER, cache_anonymous

from . import views

urlpatterns = [
    path(_("search/"), cache_anonymous(views.search, params={"q": r"(?s).{1,%d}" % views.MAX_QUERY_LENGTH,
                                                             "page": PAGE_NUMBER}), name="search"),
]
