"""The complaint page's routes and the table of views that answer them stay in step."""

from complaints import page_routes
from complaints.models import ComplaintFormPage


def test_every_route_of_the_page_has_a_view_and_every_view_a_route():
    # Wagtail's own index_route answers nothing here: the page's "" route (form) comes first.
    names = {route.name for route in ComplaintFormPage.get_subpage_urls()} - {"index_route"}
    assert names == set(page_routes.VIEWS)
