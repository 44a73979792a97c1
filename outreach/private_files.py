"""Uploads only some people may see, kept out of the public /media/ folder.

Hazard-report photos, lesson and drill photos (and, in parts to come, letters,
certificates and ID-bearing files) are stored with `private_storage`: under
PRIVATE_MEDIA_ROOT, which no web server serves. Their URLs point at `serve` below,
which hands the file only to a user an app's checker accepts; everyone else gets a 404,
so not even a file's existence shows.

An app registers who may see the files under one folder of that storage:

    private_files.register("venues/reports/", lambda user, name: ...)

where the checker gets the signed-in user and the file's stored name and returns True
to allow. A folder nobody registered is served to no one.
"""

import mimetypes
import posixpath

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.http import FileResponse, Http404, HttpResponse
from django.utils.functional import cached_property
from django.views.decorators.http import require_GET

_checkers = {}


class PrivateStorage(FileSystemStorage):
    """FileSystemStorage rooted at PRIVATE_MEDIA_ROOT, its URLs under PRIVATE_MEDIA_URL."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @cached_property
    def base_url(self):
        return self._value_or_setting(self._base_url, settings.PRIVATE_MEDIA_URL)

    def _clear_cached_properties(self, setting, **kwargs):
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)
        elif setting == "PRIVATE_MEDIA_URL":
            self.__dict__.pop("base_url", None)
        else:
            super()._clear_cached_properties(setting, **kwargs)


def private_storage():
    """The storage for a model field: `FileField(storage=private_storage)`."""
    return storages["private"]


def register(folder, checker):
    if not folder.endswith("/"):
        raise ValueError("a private folder ends with '/'")
    _checkers[folder] = checker


def checker_for(name):
    for folder, checker in _checkers.items():
        if name.startswith(folder):
            return checker
    return None


def may_see(user, name):
    if not user.is_authenticated or not user.is_active:
        return False
    checker = checker_for(name)
    return bool(checker and checker(user, name))


@require_GET
def serve(request, name):
    name = posixpath.normpath(name).lstrip("/")
    if name.startswith("..") or name != request.resolver_match.kwargs["name"]:
        raise Http404
    if not may_see(request.user, name):
        raise Http404
    storage = private_storage()
    if not storage.exists(name):
        raise Http404
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if settings.PRIVATE_MEDIA_ACCEL_REDIRECT:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.PRIVATE_MEDIA_ACCEL_REDIRECT.rstrip("/") + "/" + name
    else:
        response = FileResponse(storage.open(name, "rb"), content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response


def move_from_public_media(app_label, model_name, field_name):
    """A migration step: move a field's files uploaded before it became private.

    Files still under MEDIA_ROOT (where every earlier upload went) are moved to the same
    name under PRIVATE_MEDIA_ROOT; files already moved or missing are left alone, so
    running it again does nothing.
    """

    def forwards(apps, schema_editor):
        import shutil
        from pathlib import Path

        model = apps.get_model(app_label, model_name)
        names = model.objects.exclude(**{field_name: ""}).values_list(field_name, flat=True)
        for name in names.iterator():
            source = Path(settings.MEDIA_ROOT) / name
            target = Path(settings.PRIVATE_MEDIA_ROOT) / name
            if source.is_file() and not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(source, target)

    return forwards
