"""What residents see besides the page tree: the news feeds and counted resource downloads.
The campaign, news and resource pages themselves are Wagtail pages (`campaigns.models`)."""
