import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.local")

application = get_wsgi_application()

# What the process loaded to serve (Django, the apps, their modules) lives as long as
# the process: moved out of the collector's reach, so a full collection during a
# request scans that request's objects only, not the whole process (about half the
# collector's time per request on the bench pages).
gc.collect()
gc.freeze()
