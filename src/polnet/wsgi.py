import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polnet.settings")
application = get_wsgi_application()

if os.environ.get("POLNET_WARM_INDEX", "1") == "1":
    # Start-up step of each worker: load the screening index before the first check needs it.
    from polnet.screening.index import warm_up_in_background

    warm_up_in_background()
