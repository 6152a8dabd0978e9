"""Newsletter models: subscribers and their sync state (subscribers.py), the monthly update pages (pages.py)."""

from .subscribers import ErasedSubscriber, Subscriber, SubscriberStatus, SyncState  # noqa: F401
