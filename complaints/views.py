"""Views of the complaint page's routes (see ComplaintFormPage). Each takes the page as its host."""

from django.conf import settings
from django.contrib import messages
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from . import access, intake, ratelimit, services
from .forms import ComplaintForm, PersonalDataForm, SurveyForm, TrackForm
from .models import Complaint, ComplaintPhoto, ComplaintToken, PendingUpload, ResponseTemplate, normalise_code
from .photos import photo_response
from .similar import nearby, supporters


def _render(request, page, template, status=200, **context):
    response = page.render(request, template=template, context_overrides=context)
    response.status_code = status
    return response


@sensitive_post_parameters("name", "email", "phone", "description", "address", "latitude", "longitude")
def complaint_form(request, page):
    if request.method != "POST":
        return _form_page(request, page, ComplaintForm())
    result = intake.from_web(request.POST, request.FILES, key=ratelimit.client_key(request),
                             language=translation.get_language(), page_path=page.get_url(request=request))
    if result.saved:
        return HttpResponseRedirect(page.sub_url("submitted", result.complaint.tracking_code))
    if result.outcome is intake.Outcome.FOLLOWING:
        # One answer whoever the address belongs to: a different one for the reporter's own address or
        # a confirmed supporter would tell a stranger who reported or follows this report.
        code = result.complaint.tracking_code
        return _render(request, page, "complaints/message.html", heading=_("You have this problem too"),
                       message=_("Thank you. Unless this e-mail address already follows report %(code)s, we have "
                                 "sent it a link to confirm: then we will tell you each time the report moves "
                                 "forward.") % {"code": code},
                       link=page.sub_url("track", code), link_text=_("See the report"))
    response = _form_page(request, page, result.form, status=result.status, kept=result.kept,
                          similar=nearby.suggestions(result.similar, page))
    if result.outcome is intake.Outcome.PHOTO_NOT_STORED:
        response["Retry-After"] = "120"
    return response


def _form_page(request, page, form, status=200, kept=(), similar=()):
    return _render(request, page, "complaints/complaint_form_page.html", status=status, form=form, kept=kept,
                   similar=similar, **_map_context())


def _map_context():
    return {"map_tiles": settings.MAP_TILE_URL, "map_attribution": settings.MAP_ATTRIBUTION,
            "map_center": settings.MAP_CENTER}


def _too_many_lookups(request, page):
    """None while this address may still look up reports by code; else the 429 page saying to wait."""
    if not ratelimit.tracking_exceeded(request):
        return None
    response = _render(request, page, "complaints/message.html", status=429,
                       heading=_("Too many lookups"),
                       message=_("You have looked up many reports in a short time. Please wait ten minutes, "
                                 "then try again."))
    response["Retry-After"] = str(ratelimit.LOOKUP_WINDOW_SECONDS)
    return response


def submitted(request, page, code):
    if limited := _too_many_lookups(request, page):
        return limited
    complaint = Complaint.objects.without_spam().by_code(code).first()
    if complaint is None:
        return _not_found(request, page, code)
    return _render(request, page, "complaints/submitted.html", complaint=complaint,
                   track_url=page.sub_url("track", complaint.tracking_code))


def track_form(request, page):
    form = TrackForm(request.GET or None)
    if form.is_bound and (limited := _too_many_lookups(request, page)):
        return limited
    if form.is_bound and form.is_valid():
        return HttpResponseRedirect(page.sub_url("track", form.cleaned_data["code"]))
    return _render(request, page, "complaints/track_form.html", form=form)


def _not_found(request, page, code):
    return _render(request, page, "complaints/track_not_found.html", status=404,
                   form=TrackForm(initial={"code": code[:30]}))


def track_detail(request, page, code):
    if limited := _too_many_lookups(request, page):
        return limited
    normalised = normalise_code(code)
    # Spam answers exactly as a code nobody was given: the city's pages must not host it.
    complaint = (Complaint.objects.without_spam().select_related("category", "kelurahan", "unit", "merged_into")
                 .filter(tracking_code=normalised).first())
    if complaint is None:
        return _not_found(request, page, code)
    if normalised != code:
        return HttpResponseRedirect(page.sub_url("track", normalised))
    photos = [] if complaint.confidential else list(complaint.photos.all())
    return _render(request, page, "complaints/track_detail.html", complaint=complaint,
                   events=_timeline(complaint), photos=photos,
                   supporters=supporters.supporter_count(complaint))


def _timeline(complaint):
    """The public steps, each with its message for this reader: a standard text in the page's language;
    what an officer wrote as written (`lang` says in which language), with the ready answer's text in
    the page's language when the officer sent one of the response templates unchanged."""
    events = list(complaint.public_events().select_related("unit"))
    written = {e.public_message.strip() for e in events if e.public_message and not e.is_standard_message}
    translations = {}
    if written:
        language = translation.get_language()
        for template in ResponseTemplate.objects.filter(Q(text_ind__in=written) | Q(text_en__in=written)):
            for field in ("text_ind", "text_en"):
                translations[getattr(template, field) or ""] = template.text  # in the page's language
        translations.pop("", None)
    for event in events:
        if event.is_standard_message:
            event.message, event.message_lang = event.display_message, None
        else:
            event.message, event.message_lang = event.public_message, complaint.language
            translated = translations.get(event.public_message.strip())
            if translated and translated != event.public_message.strip():
                event.message_translation, event.translation_lang = translated, language
    return events


def _token_or_message(request, page, raw, purpose):
    token = ComplaintToken.find(raw, purpose)
    if token is None or not token.usable:
        return None, _render(request, page, "complaints/message.html", status=410 if token else 404,
                             heading=_("This link can no longer be used"),
                             message=_("The link has expired or has already been used. You can still follow your "
                                       "report with its tracking code."),
                             link=page.sub_url("track"), link_text=_("Track a report"))
    return token, None


def verify(request, page, token):
    # The same path confirms a report and a new e-mail address (see personal_data): the token says which.
    if ComplaintToken.find(token, ComplaintToken.Purpose.EMAIL):
        return confirm_email(request, page, token)
    token, problem = _token_or_message(request, page, token, ComplaintToken.Purpose.VERIFY)
    if problem:
        return problem
    complaint = token.complaint
    if request.method == "POST":
        services.verify(token)
        return HttpResponseRedirect(page.sub_url("track", complaint.tracking_code))
    # Opening the link only shows a button: mail scanners that fetch links must not confirm reports.
    return _render(request, page, "complaints/verify.html", complaint=complaint)


def confirm_email(request, page, token):
    token, problem = _token_or_message(request, page, token, ComplaintToken.Purpose.EMAIL)
    if problem:
        return problem
    complaint = token.complaint
    if request.method == "POST":
        if not services.confirm_email(token):
            return _token_or_message(request, page, "", ComplaintToken.Purpose.EMAIL)[1]
        return _render(request, page, "complaints/message.html", heading=_("Your e-mail address has been changed"),
                       message=_("From now on we write to this address about report %(code)s.")
                       % {"code": complaint.tracking_code},
                       link=page.sub_url("track", complaint.tracking_code), link_text=_("See your report"))
    # Opening the link only shows a button, as for a report: mail scanners fetch links.
    return _render(request, page, "complaints/confirm_email.html", complaint=complaint, new_email=token.new_email)


def survey(request, page, token):
    token, problem = _token_or_message(request, page, token, ComplaintToken.Purpose.SURVEY)
    if problem:
        return problem
    complaint = token.complaint
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reopened = services.record_survey(token, form.cleaned_data["rating"], form.cleaned_data["fixed"],
                                          form.cleaned_data["comment"])
        return _render(request, page, "complaints/message.html",
                       heading=_("Thank you"),
                       message=(_("Your report has been reopened and goes back to the responsible unit.") if reopened
                                else _("Your rating helps the city improve its services.")),
                       link=page.sub_url("track", complaint.tracking_code), link_text=_("See your report"))
    return _render(request, page, "complaints/survey.html", complaint=complaint, form=form,
                   status=400 if form.errors else 200)


@sensitive_post_parameters("name", "email", "phone")
def personal_data(request, page, token):
    token, problem = _token_or_message(request, page, token, ComplaintToken.Purpose.DATA)
    if problem:
        return problem
    complaint = token.complaint
    form = PersonalDataForm(request.POST if request.POST.get("action") == "update" else None,
                            initial={"name": complaint.name, "email": complaint.email, "phone": complaint.phone})
    if request.method == "POST":
        if request.POST.get("action") == "delete":
            services.erase_personal_data(complaint, reason="request")
            return _render(request, page, "complaints/message.html", heading=_("Your personal data has been deleted"),
                           message=_("Your name, e-mail address and phone number are gone from this report. The report "
                                     "itself stays, without your identity, so the problem can still be fixed."),
                           link=page.sub_url("track", complaint.tracking_code), link_text=_("See the report"))
        if form.is_valid():
            if services.update_personal_data(complaint, **form.cleaned_data, page_path=page.get_url(request=request)):
                messages.success(request, _("Your details have been updated. We have sent a link to your new e-mail "
                                            "address: until you open it, we keep writing to your current address."))
            else:
                messages.success(request, _("Your details have been updated."))
            return HttpResponseRedirect(request.path)
    return _render(request, page, "complaints/personal_data.html", complaint=complaint, form=form,
                   status=400 if form.errors else 200)


def _image_response(file_field):
    return photo_response(file_field, max_age=3600)


def photo(request, page, public_id):
    # A confidential or spam report's photos are for the officers who handle it, once they have given
    # the two-step code (complaints_for() asks); anyone else gets "not found", not "forbidden".
    shown = (ComplaintPhoto.objects.filter(complaint__in=Complaint.objects.public())
             | ComplaintPhoto.objects.filter(complaint__in=access.complaints_for(request.user)))
    photo = get_object_or_404(shown, public_id=public_id)
    return _image_response(photo.file)


def pending_upload(request, page, token):
    upload = get_object_or_404(PendingUpload, token=token)
    return _image_response(upload.file)
