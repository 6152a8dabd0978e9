import factory

from newsletter.models import Subscriber, SubscriberStatus


class SubscriberFactory(factory.django.DjangoModelFactory):
    email = factory.Sequence(lambda n: f"lezer{n}@example.org")
    first_name = factory.Sequence(lambda n: f"Lezer{n}")
    status = SubscriberStatus.SUBSCRIBED
    consent_text = "Ik wil de maandelijkse nieuwsbrief van Twentse Koers ontvangen."
    source = "/"
    needs_push = False

    class Meta:
        model = Subscriber
