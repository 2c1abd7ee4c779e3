from django.core.exceptions import PermissionDenied
from wagtail import hooks

from .models import OWNERSHIP_PERMISSION, UnitPage


@hooks.register("before_create_page")
def only_diskominfo_creates_unit_sections(request, parent_page, page_class):
    # A unit's section page says which unit owns everything below it: a unit's own editors
    # must not create one (sections are made with the unit, by Diskominfo or the roster import).
    if issubclass(page_class, UnitPage) and not request.user.has_perm(OWNERSHIP_PERMISSION):
        raise PermissionDenied
