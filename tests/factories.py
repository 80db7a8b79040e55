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


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cohorts.Cohort"

    name = factory.Sequence(lambda n: f"Section {n}")
    course_code = "INTL 301"
    term = "Fall 2026"
    join_code = factory.Sequence(lambda n: f"JOIN{n:04d}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cohorts.Membership"

    cohort = factory.SubFactory(CohortFactory)
    user = factory.SubFactory(UserFactory)
    role = "student"
