import factory
from django.contrib.auth import get_user_model

from casestudies.models import CaseStudy

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.edu")
    password = factory.django.Password(PASSWORD)


class InstructorFactory(UserFactory):
    is_instructor = True


class CaseStudyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseStudy

    title = factory.Sequence(lambda n: f"Case {n}")
    slug = factory.Sequence(lambda n: f"case-{n}")
    summary = "A short summary."
    body = "## Background\n\nA paragraph of the case.\n\nAnother paragraph."
    author = factory.SubFactory(InstructorFactory)
    status = CaseStudy.Status.DRAFT

    class Params:
        published = factory.Trait(
            status=CaseStudy.Status.PUBLISHED, published_at=factory.Faker("date_time", tzinfo=__import__("datetime").UTC)
        )
