"""The REST API under /api/v1/: a top layer beside the journey, like the site's pages.

It reads through each app's published queries and writes through the same actions
(and forms, for validation) as the site, so access, messages, audit history and
derived figures are the site's own. ``urls`` lists every route.
"""
