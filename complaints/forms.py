import uuid
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import phonenumbers
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cms.models import OrganisationUnit

from . import places
from .models import Category, Complaint, PendingUpload, SurveyResponse, normalise_code
from .photos import clean_photo


def normalise_phone(raw):
    """An Indonesian or international number in E.164, "" for nothing typed, None when unreadable."""
    raw = (raw or "").strip()
    if not raw:
        return ""
    try:
        number = phonenumbers.parse(raw, "ID")
    except phonenumbers.NumberParseException:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) \
        if phonenumbers.is_valid_number(number) else None


class CoordinateField(forms.DecimalField):
    """A latitude or longitude as GPS and map apps give it (-6.5971469, -6.597146899999999): any
    precision is accepted and rounded to what the model stores, so no position is refused for its digits."""

    def __init__(self, *, model_field, limit, **kwargs):
        field = Complaint._meta.get_field(model_field)
        self.step = Decimal(1).scaleb(-field.decimal_places)
        super().__init__(min_value=-limit, max_value=limit, max_digits=field.max_digits,
                         decimal_places=field.decimal_places, widget=forms.NumberInput(attrs={"step": "any"}), **kwargs)

    def to_python(self, value):
        number = super().to_python(value)
        if number is None or not number.is_finite() or abs(number) > abs(self.max_value):
            return number  # the validators say what is wrong with it
        try:
            return number.quantize(self.step, rounding=ROUND_HALF_UP)
        except InvalidOperation:
            return number


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """0 to COMPLAINT_MAX_PHOTOS photos. The field itself only counts them and checks their declared
    size; opening, checking and re-encoding (clean_photo()) is left to the form, which does it only
    once everything else in the post is valid: a post refused anyway costs no decoding."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        if len(files) > settings.COMPLAINT_MAX_PHOTOS:
            raise ValidationError(_("Attach at most %(max)d photos.") % {"max": settings.COMPLAINT_MAX_PHOTOS})
        max_bytes = settings.COMPLAINT_PHOTO_MAX_BYTES
        errors = [_("%(name)s: %(problem)s") % {
            "name": (upload.name or "foto")[-60:],
            "problem": _("the file is larger than %(mb)d MB.") % {"mb": max_bytes // (1024 * 1024)}}
            for upload in files if upload.size > max_bytes]
        if errors:
            raise ValidationError(errors)
        return files


def clean_photos(uploads):
    """Safe JPEGs made from the uploads (see clean_photo()), or a ValidationError naming each refused one."""
    errors, cleaned = [], []
    for upload in uploads:
        try:
            cleaned.append(clean_photo(upload))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors)
    return cleaned


class KelurahanChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class ComplaintForm(forms.Form):
    # The field names are a contract: other channels post the same names.
    category = forms.ModelChoiceField(
        queryset=Category.objects.filter(is_active=True), label=_("What is the problem?"),
        widget=forms.RadioSelect, empty_label=None,
        error_messages={"required": _("Choose the kind of problem."),
                        "invalid_choice": _("Choose one of the kinds of problem listed.")},
    )
    description = forms.CharField(
        label=_("Describe the problem"), min_length=10, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 4000}),
        help_text=_("What is wrong, since when, and anything that helps the officers find it."),
        error_messages={"required": _("Describe the problem in a few words."),
                        "min_length": _("Please write at least %(limit_value)d characters (you wrote %(show_value)d)."),
                        "max_length": _("Please keep it under %(limit_value)d characters (you wrote %(show_value)d).")},
    )
    kelurahan = KelurahanChoiceField(
        queryset=OrganisationUnit.objects.filter(kind="kelurahan").order_by("short_name_ind"),
        label=_("Kelurahan"), required=False, empty_label=_("I don't know / choose…"),
        error_messages={"invalid_choice": _("Choose a kelurahan from the list.")},
    )
    address = forms.CharField(label=_("Address or landmark"), max_length=255, required=False,
                              help_text=_("For example: Jl. Pajajaran, in front of the Botani Square mall."))
    latitude = CoordinateField(label=_("Latitude"), required=False, model_field="latitude", limit=90)
    longitude = CoordinateField(label=_("Longitude"), required=False, model_field="longitude", limit=180)
    photos = PhotosField(label=_("Photos (up to 3)"), required=False,
                         help_text=_("JPEG, PNG, WebP or HEIC, up to 10 MB each. Location data is removed."),
                         widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/heic,image/heif"}))
    name = forms.CharField(label=_("Your name"), max_length=120, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False,
                             error_messages={"invalid": _("Enter an e-mail address such as nama@contoh.id.")})
    phone = forms.CharField(label=_("Phone or WhatsApp"), max_length=30, required=False,
                            help_text=_("For example 0812 3456 7890."))
    anonymous = forms.BooleanField(
        label=_("Report anonymously"), required=False,
        help_text=_("Your identity is hidden from everyone, the agency included: we keep no name or phone number, "
                    "and an e-mail address only until you confirm the report."))
    confidential = forms.BooleanField(label=_("Keep this report confidential"), required=False,
                                      help_text=_("The report is never shown publicly."))
    consent = forms.BooleanField(
        label=_("I have read the privacy notice and agree that my data is used to handle this report."),
        error_messages={"required": _("Please agree to the privacy notice so that we can handle your report.")})
    submission_id = forms.UUIDField(widget=forms.HiddenInput, required=False)
    kept_photos = forms.CharField(widget=forms.MultipleHiddenInput, required=False)
    # Offered when the photo storage failed (intake.PhotoNotStored): the report goes without its photos.
    without_photos = forms.BooleanField(label=_("Send without the photo"), required=False)
    # A field people never see: bots that fill every field give themselves away.
    website = forms.CharField(required=False, label=_("Leave this field empty"),
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_id", uuid.uuid4())
        self.kept_uploads = []
        # Whether the post carried photos, for "Please attach your photos again" when it is refused.
        self.photos_sent = self._carries_photos(self.files)
        self.photo_not_stored = False  # set by intake when the storage refused this post's photos

    def _carries_photos(self, files):
        return bool(files and any(files.getlist(self.add_prefix("photos"))))

    @classmethod
    def refused(cls, post, files=None):
        """The form to show again for a post refused before validation: what was typed, no photo opened."""
        form = cls(post)
        form.photos_sent = form._carries_photos(files)
        return form

    def clean_photos(self):
        # "Send without the photo": the photos attached again with it are neither opened nor stored.
        return [] if self.data.get(self.add_prefix("without_photos")) else self.cleaned_data.get("photos")

    def clean_kept_photos(self):
        tokens = self.data.getlist("kept_photos") if hasattr(self.data, "getlist") else []
        tokens = [t for t in tokens if t and len(t) <= 64][: settings.COMPLAINT_MAX_PHOTOS]
        self.kept_uploads = list(PendingUpload.objects.filter(token__in=tokens))
        return [u.token for u in self.kept_uploads]

    def clean_phone(self):
        number = normalise_phone(self.cleaned_data.get("phone", ""))
        if number is None:
            raise ValidationError(_("Enter a phone number such as 0812 3456 7890 or +62 812 3456 7890."))
        return number

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise ValidationError(_("Your report could not be sent. Please try again."), code="honeypot")
        if not data.get("anonymous") and not (data.get("email") or data.get("phone")):
            self.add_error("email", _("Give an e-mail address or a phone number so we can tell you what happens, "
                                      "or choose to report anonymously."))
        lat, lon = data.get("latitude"), data.get("longitude")
        # One error per problem: a coordinate that could not be read already has its own.
        unreadable = "latitude" in self.errors or "longitude" in self.errors
        if (lat is None) != (lon is None) and not unreadable:
            self.add_error("latitude", _("Give both latitude and longitude, or neither."))
        elif lat is not None and lon is not None and places.is_far(lat, lon):  # 0,0 or a phone's last fix abroad
            self.add_error("latitude", _("This position is far from Kota Bogor, so the city cannot act on it. Check "
                                         "the latitude and longitude (Kota Bogor lies around -6.6 and 106.8), or "
                                         "leave them empty and tell us the place."))
        if not (data.get("kelurahan") or data.get("address") or lat is not None or unreadable):
            self.add_error("address", _("Tell us where: choose the kelurahan, write an address or landmark, "
                                        "or use your location."))
        photos = data.get("photos") or []
        if len(photos) + len(self.kept_uploads) > settings.COMPLAINT_MAX_PHOTOS:
            self.add_error("photos", _("Attach at most %(max)d photos.") % {"max": settings.COMPLAINT_MAX_PHOTOS})
        return data

    def _post_clean(self):
        # Photos last, and only for a post that is valid otherwise: decoding is the costly part, and a
        # refused post's photos are never opened (they are not kept either; the page asks for them again).
        super()._post_clean()
        uploads = self.cleaned_data.get("photos") or []
        if not uploads:
            return
        if self._errors:
            self.cleaned_data["photos"] = []
            return
        try:
            self.cleaned_data["photos"] = clean_photos(uploads)
        except ValidationError as error:
            self.add_error("photos", error)


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=30,
                           help_text=_("The code you received when you sent the report, e.g. K7M3Q9TXAB."))

    def clean_code(self):
        return normalise_code(self.cleaned_data["code"])


class SupportForm(forms.Form):
    support = forms.CharField(max_length=16)
    email = forms.EmailField(error_messages={
        "required": _("Give your e-mail address so that we can tell you what happens to this report."),
        "invalid": _("Enter an e-mail address such as nama@contoh.id.")})
    consent = forms.BooleanField(error_messages={
        "required": _("Please agree to the privacy notice so that we can handle your report.")})


class SurveyForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("How satisfied are you with how your report was handled?"),
                                    choices=SurveyResponse.Rating.choices, coerce=int, widget=forms.RadioSelect,
                                    error_messages={"required": _("Choose how satisfied you are.")})
    fixed = forms.TypedChoiceField(label=_("Is the problem fixed?"), coerce=lambda v: v == "yes",
                                   choices=[("yes", _("Yes")), ("no", _("No, it is not fixed"))], widget=forms.RadioSelect,
                                   error_messages={"required": _("Tell us whether the problem is fixed.")})
    comment = forms.CharField(label=_("Comment (optional)"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))


class PersonalDataForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=120, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone or WhatsApp"), max_length=30, required=False)

    clean_phone = ComplaintForm.clean_phone
