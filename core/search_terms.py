"""What a visitor types, turned into plain search terms before it reaches a search backend.

Search backends read operators, quotes and column filters in a query (SQLite's FTS5 fails on a
lone ``"``, PostgreSQL's parser recurses once per term), so the site search and the API pass only
words: runs of letters and digits, at most ``MAX_TERMS`` of them, each cut to ``MAX_TERM_LENGTH``.
"""

import re

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
MAX_TERM_LENGTH = 40
WORD = re.compile(r"[^\W_]+")


def plain_terms(query):
    """The words of ``query`` (at most ``MAX_TERMS``) and whether anything was left out."""
    text = (query or "")[:MAX_QUERY_LENGTH]
    words = [word[:MAX_TERM_LENGTH] for word in WORD.findall(text)]
    cut = len(query or "") > MAX_QUERY_LENGTH or len(words) > MAX_TERMS
    return words[:MAX_TERMS], cut
