from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.models import Page

from . import loop
from .views import ReviewPageViewSet


@hooks.register("register_admin_viewset")
def register_review_page_viewset():
    # After Wagtail's own base page viewset (order -1): ours then serves every page type.
    return ReviewPageViewSet(model=Page)


class ReturnedPagesPanel(Component):
    """Dashboard: the pages a reviewer returned to this person, with the comment and an edit link."""

    name = "pages_returned_to_you"
    template_name = "cms/review/returned_panel.html"
    order = 90  # first: this is what the person has to do

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["returned"] = loop.returned_to(self.user)
        return context


@hooks.register("construct_homepage_panels")
def add_returned_pages_panel(request, panels):
    panels.append(ReturnedPagesPanel(request.user))
