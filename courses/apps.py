from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("学校消防课时")

    def ready(self):
        from outreach import private_files

        private_files.register("courses/photos/", can_see_photo)
        private_files.delete_with(self.get_model("Lesson"), "photo")
        private_files.delete_with(self.get_model("DrillPhoto"), "image")


def can_see_photo(user, name):
    """Lesson and drill photos show children: only those who may see the school's records."""
    from courses.models import DrillPhoto, Lesson

    return (
        Lesson.objects.visible_to(user).filter(photo=name).exists()
        or DrillPhoto.objects.filter(image=name, drill__school__in=_schools(user)).exists()
    )


def _schools(user):
    from courses.models import School

    return School.objects.visible_to(user)
