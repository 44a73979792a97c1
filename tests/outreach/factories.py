import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from outreach.models import ContentPage, Profile, Township


class TownshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Township
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"测试乡{n}")
    code = factory.Sequence(lambda n: f"township-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"用户{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("pw")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """`UserFactory(roles=[roles.EDITOR])` puts the user in those groups."""
        for name in extracted or []:
            self.groups.add(Group.objects.get_or_create(name=name)[0])

    @factory.post_generation
    def township(self, create, extracted, **kwargs):
        if extracted is not None:
            Profile.objects.update_or_create(user=self, defaults={"township": extracted})


class ContentPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ContentPage

    title = factory.Sequence(lambda n: f"内容页{n}")
    intro = ""


def publish(page):
    """Publish the page's current state the way an editor does, firing the signals."""
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def paragraph(html):
    return [("paragraph", html)]
