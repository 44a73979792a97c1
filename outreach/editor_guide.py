"""The short guide for the people who write, review and publish the site's content, in
the admin's help menu in place of Wagtail's English guide on its own site."""

from django.template.response import TemplateResponse


def editor_guide(request):
    # Any signed-in admin user: register_admin_urls already requires admin access.
    return TemplateResponse(request, "outreach/admin/editor_guide.html")
