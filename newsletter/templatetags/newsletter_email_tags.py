"""Template tags for the newsletter e-mail and the archive: channel-aware block rendering (the block
decides how it renders in the mail, as text or on the web), e-mail images and plain text."""

from django import template
from django.utils.html import format_html

from ..blocks import WEB, blocks_for
from ..email import absolute_url, html_to_text

register = template.Library()


@register.simple_tag(takes_context=True)
def email_block(context, block):
    """One stream child rendered as a row of the e-mail's table (empty for web-only blocks)."""
    render = getattr(block.block, "render_email", None)
    return render(block.value, context.flatten()) if render else ""


@register.simple_tag(takes_context=True)
def text_block(context, block):
    """One stream child rendered as plain text (empty for web-only blocks)."""
    render = getattr(block.block, "render_text", None)
    return render(block.value, context.flatten()) if render else ""


@register.filter
def web_blocks(stream_value):
    """The blocks of a stream that appear on the web page."""
    return blocks_for(stream_value or [], WEB)


@register.filter
def absolute(url):
    return absolute_url(str(url or ""))


@register.filter
def as_text(value):
    """Rich text (or any HTML) as readable plain text, links written out."""
    html = value.__html__() if hasattr(value, "__html__") else str(value or "")
    return html_to_text(html)


@register.simple_tag
def email_image(image, spec="fill-1120x630", width=560, alt=None, css_class="email-img"):
    """An image for the mail: an absolute URL of a resized rendition (twice the shown width, for
    sharp screens), explicit width and height, and alt text (empty for decorative images)."""
    if image is None:
        return ""
    rendition = image.get_rendition(spec)
    height = round(width * rendition.height / rendition.width) if rendition.width else width
    if alt is None:
        alt = getattr(image, "default_alt_text", None)
        if alt is None:
            alt = image.title
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="{}" class="{}">',
        absolute_url(rendition.full_url),
        width,
        height,
        alt,
        css_class,
    )
