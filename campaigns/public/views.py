from django.shortcuts import get_object_or_404, redirect

from campaigns.models import ResourcePage
from campaigns.services import record_download


def resource_download(request, page_id):
    """Count the download, then hand over to Wagtail's document view."""
    page = get_object_or_404(ResourcePage.objects.live().public().select_related("file"), pk=page_id)
    if page.file is None:
        return redirect(page.url)
    record_download(page)
    return redirect(page.file.url)
