"""The border check pages: views, forms and how an answer reads (`display`), the bureau's
recent-hits panel and what each role is offered (`offers`, `panels`, also used by the
portal's home pages and menu).

`urls.py`, the templates, static files and the catalogue stay at the app root, where Django
finds them.
"""
