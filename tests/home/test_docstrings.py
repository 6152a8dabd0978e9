"""Every model of the site's apps says why it exists, and the rich-text block tells editors how to
write for residents."""

import pytest
from django.apps import apps

from home.blocks import BaseStreamBlock

APPS = ["home", "themes", "news", "guides", "newsletter"]


@pytest.mark.parametrize(
    "model",
    [model for app in APPS for model in apps.get_app_config(app).get_models()],
    ids=lambda model: model._meta.label,
)
def test_every_model_has_a_docstring(model):
    doc = model.__doc__ or ""
    # Django writes "Name(field, field, ...)" for a model without a docstring of its own.
    assert doc.strip() and not doc.startswith(f"{model.__name__}("), model._meta.label


def test_paragraph_block_helps_editors_write_b1():
    paragraph = BaseStreamBlock().child_blocks["paragraph"]
    assert "B1" in str(paragraph.field.help_text)
