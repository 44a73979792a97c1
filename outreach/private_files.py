"""Uploads only some people may see, kept out of the public /media/ folder.

Hazard-report photos, lesson and drill photos, base booking letters, volunteers'
qualification scans and the plan's evidence are stored with `private_storage`: under
PRIVATE_MEDIA_ROOT, which no web server serves, with names nobody can guess
(`unguessable_name`). Their URLs point at `serve` below, which hands the file only to a
user an app's checker accepts; everyone else gets a 404, so not even a file's existence
shows. A file is always sent as a download in a sandbox: a PDF carrying JavaScript, or
an "image" that is really HTML, never runs in the site's origin.

An app registers who may see the files under one folder of that storage:

    private_files.register("venues/reports/", lambda user, name: ...)

where the checker gets the signed-in user and the file's stored name and returns True
to allow. A folder nobody registered is served to no one. `delete_with(Model, "field")`
deletes a record's file once the record's deletion commits.
"""

import mimetypes
import posixpath
import uuid
from functools import partial

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import transaction
from django.db.models.signals import post_delete
from django.http import FileResponse, Http404, HttpResponse
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
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


def unguessable_name(folder, filename, suffixes=(".pdf", ".jpg", ".jpeg", ".png")):
    """A stored name under `folder` that says nothing: no uploader's name, no date, no
    counter (`document_1.pdf` would be found by trying). Keeps a known suffix only."""
    suffix = posixpath.splitext(str(filename or ""))[1].lower()
    if suffix not in suffixes:
        suffix = ".jpg"
    return f"{folder.rstrip('/')}/{uuid.uuid4().hex}{suffix}"


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
    # Never displayed in the site's origin: downloaded, its type as we say, and any page
    # a browser might still render from it runs sandboxed (no scripts, an opaque origin).
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = content_disposition_header(True, posixpath.basename(name))
    response["Content-Security-Policy"] = "sandbox"
    return response


def delete_with(model, *field_names):
    """Delete a record's files (private or public) when the record is deleted, also by a
    cascade (after the commit, so a rolled-back deletion keeps them), unless another row
    still names the same file."""

    def deleted(sender, instance, using, **kwargs):
        for field_name in field_names:
            name = getattr(instance, field_name).name
            if name:
                transaction.on_commit(partial(_delete_unused, model, field_name, name, using), using=using)

    post_delete.connect(deleted, sender=model, weak=False, dispatch_uid=f"private-files:{model._meta.label}")


def _delete_unused(model, field_name, name, using):
    if model._default_manager.using(using).filter(**{field_name: name}).exists():
        return
    model._meta.get_field(field_name).storage.delete(name)


def move_from_public_media(app_label, model_name, field_name, rename_into=None):
    """A migration step: move a field's files uploaded before it became private.

    Files still under MEDIA_ROOT (where every earlier upload went) go to PRIVATE_MEDIA_ROOT:
    under the same name, or with `rename_into` under an unguessable name in that folder
    (every row naming the file is updated). The file is copied and the public copy deleted
    once the migration commits, so a migration that fails leaves the old files and rows
    as they were. Files already moved or missing are left alone: running it again does
    nothing.
    """

    def forwards(apps, schema_editor):
        import shutil
        from pathlib import Path

        model = apps.get_model(app_label, model_name)
        using = schema_editor.connection.alias
        rows = model.objects.using(using).exclude(**{field_name: ""})
        names = rows.order_by().values_list(field_name, flat=True).distinct()
        for name in list(names):
            source = Path(settings.MEDIA_ROOT) / name
            new_name = unguessable_name(rename_into, name) if rename_into else name
            target = Path(settings.PRIVATE_MEDIA_ROOT) / new_name
            if not source.is_file() or target.exists():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
            if new_name != name:
                rows.filter(**{field_name: name}).update(**{field_name: new_name})
            transaction.on_commit(partial(source.unlink, missing_ok=True), using=using)

    return forwards
