"""Validators every app shares.

`mobile_phone` accepts a mainland mobile number written in ASCII digits only: Python's
``\\d`` also matches full-width (８) and other scripts' digits, which a phone cannot dial
and a text message cannot reach. Form fields for a phone number use `MobilePhoneField`,
which first turns full-width digits typed with a Chinese input method into ASCII (what
the person meant) and then validates; the model field keeps `mobile_phone` as the last
word, so nothing else can be stored.
"""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

MOBILE_PHONE_RE = re.compile(r"1[3-9][0-9]{9}", re.ASCII)


@deconstructible(path="outreach.validators.MobilePhoneValidator")
class MobilePhoneValidator:
    message = _("请输入11位手机号码（半角数字），例如 13812345678。")
    code = "invalid_phone"

    def __call__(self, value):
        if not isinstance(value, str) or not MOBILE_PHONE_RE.fullmatch(value):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other):
        return isinstance(other, MobilePhoneValidator)

    def __hash__(self):
        return hash(self.code)


mobile_phone = MobilePhoneValidator()


def normalise_phone(value):
    """Full-width digits to ASCII, spaces and dashes dropped: "138 1234-567８" → "13812345678"."""
    if not value:
        return value
    value = unicodedata.normalize("NFKC", value)
    return re.sub(r"[\s\-]", "", value)


class MobilePhoneField(forms.CharField):
    """A phone number form field: normalised as typed, then validated by `mobile_phone`."""

    default_validators = [mobile_phone]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 20)  # before normalising: spaces and dashes allowed
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"type": "tel", "inputmode": "numeric", "autocomplete": "tel"})
        )
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        return normalise_phone(super().to_python(value))


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A multiple choice of rows by id that refuses a value no id can have ("-1",
    "99999999999999999999") as an invalid choice before any query: Django's own field
    hands it to an IN lookup, which SQLite answers with an OverflowError (a 500)."""

    def _check_values(self, value):
        from outreach.http import parse_id

        if (self.to_field_name or "pk") == "pk":
            for pk in value:
                if parse_id(pk) is None:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                    )
        return super()._check_values(value)
