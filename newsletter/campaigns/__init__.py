"""Sending the monthly update: the operations the admin and `manage.py newsletter_send` use
(service.py), the two ways of sending (backends/), the admin views, panel and hooks."""
