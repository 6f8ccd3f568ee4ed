"""What the public sees without signing in: approved extracts of published notices.

`extracts.py` is the one query behind both ways out, and the only module here that reads
notices; `views.py` renders the public pages (their search form is in `forms.py`) and
`api.py` answers the public web service in the shape its existing clients expect. Nothing
in this package imports the signed-in pages, the services or the workflow: it only reads,
and only what `Notice.objects.public()` admits.
"""
