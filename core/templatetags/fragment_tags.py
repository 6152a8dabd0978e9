"""``{% fragment "name" page %}...{% endfragment %}``: HTML that changes only with the content (a
page's StreamField body), rendered once per content generation (core.fragments) instead of on
every request. Previews always render afresh."""

from django import template

from core import fragments

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, parts):
        self.nodelist = nodelist
        self.parts = parts

    def render(self, context):
        request = context.get("request")
        if request is None or getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        values = [part.resolve(context) for part in self.parts]
        name = "html:" + ":".join(str(getattr(value, "pk", value)) for value in values)
        return fragments.cached(name, lambda: self.nodelist.render(context))


@register.tag("fragment")
def do_fragment(parser, token):
    """``{% fragment name key ... %}``: the name and the objects (by primary key) or values the
    HTML depends on besides the content generation."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} needs a name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, [parser.compile_filter(bit) for bit in bits[1:]])
