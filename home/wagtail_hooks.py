from django.core.exceptions import PermissionDenied
from django.db.models import Q
from wagtail import hooks
from wagtail.admin.ui.components import Component

from cms.models import UnitMembership

from .models import OWNERSHIP_PERMISSION, NewsIndexPage, UnitPage


@hooks.register("before_create_page")
def only_diskominfo_creates_unit_sections(request, parent_page, page_class):
    # A unit's section page says which unit owns everything below it: a unit's own editors
    # must not create one (sections are made with the unit, by Diskominfo or the roster import).
    if issubclass(page_class, UnitPage) and not request.user.has_perm(OWNERSHIP_PERMISSION):
        raise PermissionDenied


class YourSectionPanel(Component):
    """The jubir's shortcuts on the dashboard: their unit's section, and "write a news item" there,
    instead of a walk through the page explorer (home → districts → kecamatan → kelurahan → news)."""

    name = "your_section"
    template_name = "home/admin/your_section_panel.html"
    order = 50  # first: it is where a jubir starts

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        units = UnitMembership.objects.filter(
            user=self.user, role__in=[UnitMembership.Role.EDITOR, UnitMembership.Role.REVIEWER]).values("unit")
        sections = list(UnitPage.objects.filter(unit__in=units).order_by("path")[:5])
        news = {}
        if sections:
            children = Q()
            for section in sections:
                children |= Q(path__startswith=section.path, depth=section.depth + 1)
            for index in NewsIndexPage.objects.filter(children):
                news[index.path[:-NewsIndexPage.steplen]] = index
        return {"sections": [(section, news.get(section.path)) for section in sections]}


@hooks.register("construct_homepage_panels")
def add_your_section_panel(request, panels):
    panels.insert(0, YourSectionPanel(request.user))
