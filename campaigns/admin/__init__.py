"""Staff screens of the admin (the coverage ledger), registered in `campaigns.wagtail_hooks`."""
