"""Newsletter models: subscribers and their sync state (subscribers.py), the monthly update pages (pages.py)."""

from .campaigns import CampaignState, Delivery, DeliveryState, NewsletterCampaign  # noqa: F401
from .pages import NewsletterIndexPage, NewsletterPage  # noqa: F401
from .subscribers import ErasedSubscriber, Subscriber, SubscriberStatus, SyncState  # noqa: F401
