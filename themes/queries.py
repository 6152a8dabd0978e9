"""Query helpers shared by the theme pages, kept here so each page's query count stays constant."""
