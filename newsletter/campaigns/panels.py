"""The "Verzending" tab of a newsletter page in the editor: status, recipients, send time, the
Mailchimp report and links to preview, test, schedule and send. Shows stored state only; it never
calls Mailchimp while the editor loads."""

from __future__ import annotations

from wagtail.admin.panels import Panel


class CampaignPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "newsletter/admin/campaigns/panel.html"

        def get_context_data(self, parent_context=None):
            from .permissions import can_send, can_test

            context = super().get_context_data(parent_context)
            page = self.instance
            campaign = getattr(page, "campaign", None) if page.pk else None
            context.update(
                {
                    "page": page,
                    "campaign": campaign,
                    "can_send": can_send(self.request.user),
                    "can_test": bool(page.pk) and can_test(self.request.user, page),
                }
            )
            return context
