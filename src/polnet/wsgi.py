import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polnet.settings")
application = get_wsgi_application()

if os.environ.get("POLNET_WARM_INDEX", "1") == "1":
    # Start-up step of each worker: load the screening index before the first check needs it.
    from polnet.screening.index import warm_up_in_background

    warm_up_in_background()

# Start-up step of each worker: passenger lists cut off by a server stop go on (one worker
# claims each list; see screening/batch_resume.py).
from polnet.screening.batch_resume import resume_in_background  # noqa: E402

resume_in_background()
