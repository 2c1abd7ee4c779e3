"""Which view answers each route of the complaint page (ComplaintFormPage looks this up per request).

The views import the models; keeping this table out of the page model keeps the models below them.
"""

from . import statistics, views
from .similar import views as similar_views

VIEWS = {
    "form": views.complaint_form,
    "submitted": views.submitted,
    "track": views.track_form,
    "track_detail": views.track_detail,
    "verify": views.verify,
    "survey": views.survey,
    "data": views.personal_data,
    "photo": views.photo,
    "upload": views.pending_upload,
    "statistics": statistics.statistics_view,
    "similar": similar_views.similar_json,
    "supporter": similar_views.supporter_view,
}


def view_for(name):
    return VIEWS[name]
