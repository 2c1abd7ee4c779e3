from wagtail import hooks

from .cache import note_served_page


@hooks.register("before_serve_page")
def remember_served_page(page, request, serve_args, serve_kwargs):
    note_served_page(page, request)
