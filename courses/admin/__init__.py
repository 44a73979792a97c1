"""Staff screens of the admin, registered in `courses.wagtail_hooks`."""
