from django.conf import settings
from django.utils import translation


class ChineseFirstLocaleMiddleware:
    """Speak Simplified Chinese unless the visitor chose another language.

    Django's LocaleMiddleware also follows the browser's Accept-Language, which would
    show English to a villager whose phone happens to be set to English. Here only an
    explicit choice counts: the language switcher's cookie, or `?lang=en` on one page
    (what a QR poster's "English" link uses).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch = response.headers.get("Vary", "")
        if "Cookie" not in patch:
            response.headers["Vary"] = f"{patch}, Cookie" if patch else "Cookie"
        translation.deactivate()
        return response


def chosen_language(request):
    """The language a request is served in: `?lang=`, else the switcher's cookie, else
    Simplified Chinese. The page cache keys on it before this middleware has run."""
    choice = request.GET.get("lang") or request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return choice if choice in {code for code, _name in settings.LANGUAGES} else settings.LANGUAGE_CODE
