"""Public addresses of the campaigns app; outreach.urls includes them before the page tree."""

from django.urls import path

from campaigns.public import feeds, views

app_name = "campaigns"

urlpatterns = [
    path("feeds/news/", feeds.NewsFeed(), name="news_rss"),
    path("feeds/news/atom/", feeds.NewsAtomFeed(), name="news_atom"),
    path("resources/<int:page_id>/download/", views.resource_download, name="resource_download"),
]
