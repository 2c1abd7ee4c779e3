from django.urls import path, re_path, register_converter

from . import updates, views


class FormatConverter:
    regex = "json|xml"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FormatConverter, "fmt")

app_name = "open311"
urlpatterns = [
    path("openapi.json", views.openapi_json, name="openapi"),
    path("discovery.<fmt:fmt>", views.discovery, name="discovery"),
    path("services.<fmt:fmt>", views.services_list, name="services"),
    path("services/<slug:code>.<fmt:fmt>", views.service_definition, name="service"),
    path("requests.<fmt:fmt>", views.requests_endpoint, name="requests"),
    path("requests/<str:code>.<fmt:fmt>", views.request_detail, name="request"),
    path("servicerequestupdates.<fmt:fmt>", updates.service_request_updates, name="updates"),
    re_path(r"^(?P<rest>(?s:.*))$", views.not_found),  # any path, newlines included
]
