"""Element pages are rendered once per language until a street record changes."""

from outreach.cache import Generation

TIMEOUT = 24 * 3600
# Bumped by any change to a street, element, report or kind (see signals), and when a
# page is published (any page save clears the page cache; the street's name shows here).
element_pages = Generation("streets:element")
