"""ID numbers (身份证号 etc.): validated, encrypted at rest, shown masked, never logged.

The national rules ask for the ID type and number only on exported records and
certificates, so volunteers give it only then. The key (VOLUNTEER_ID_KEY, a Fernet key)
comes from the environment; the database holds only the Fernet token.
"""

import re

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext as _

ID_RESIDENT = "resident"
RESIDENT_ID = re.compile(r"^\d{17}[\dX]$")
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK_CHARS = "10X98765432"


def _fernet():
    key = getattr(settings, "VOLUNTEER_ID_KEY", "")
    if not key:
        raise ImproperlyConfigured("VOLUNTEER_ID_KEY is not set: ID numbers cannot be stored.")
    return Fernet(key.encode() if isinstance(key, str) else key)


def encrypt(number):
    return _fernet().encrypt(number.encode()).decode()


def reveal(token):
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        return ""


def mask(number):
    """Keep the first 3 and last 2 characters: enough to recognise, not to use."""
    if len(number) <= 5:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 5) + number[-2:]


def resident_check_char(first17):
    return CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def normalise(id_type, number):
    """The number as stored, or ValidationError with a message that never repeats it."""
    number = (number or "").strip().upper().replace(" ", "")
    if id_type == ID_RESIDENT:
        if not RESIDENT_ID.match(number):
            raise ValidationError(_("居民身份证号码应为18位，最后一位可以是数字或X。"))
        if resident_check_char(number[:17]) != number[17]:
            raise ValidationError(_("身份证号码校验位不对，请核对后重新输入。"))
        try:
            from datetime import date

            date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        except ValueError as error:
            raise ValidationError(_("身份证号码中的出生日期不对，请核对。")) from error
        return number
    if not re.match(r"^[A-Z0-9]{5,20}$", number):
        raise ValidationError(_("证件号码应为5到20位字母或数字。"))
    return number
