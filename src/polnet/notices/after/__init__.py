"""What follows a notice's publication: addenda reviewed like requests and the versions they
make (`addenda`, `versions`), sightings of the subject (`sightings`), member countries'
reservations (`reservations`), a diffusion turned into a request (`conversion`); their models
(`models`, registered through the app's `models.py`), API (`api`, `schemas`, `output`) and the
wording of the notifications they write (`kinds`). See docs/notices.md."""
