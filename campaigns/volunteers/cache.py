"""The anonymous event listing is cached per language until any place or event changes."""

from outreach.cache import Generation

listing_generation = Generation("volunteers:listing")
LISTING_SECONDS = 300
