"""The signed-in notice pages: the views and the forms that gather their input.

The views call the same reading, services and workflow functions as the API; the forms only
gather input and hand it to the API's schemas. The app-level `urls.py`, `templates/`,
`templatetags/` and `locale/` stay at the app root, where Django looks for them.
"""
