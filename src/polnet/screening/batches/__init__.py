"""Passenger lists, checked in the background: `runs` (upload, progress, results, the job
body `tasks.py` queues), `input` (reading a CSV or JSON list), `files` (the stored rows and
results, and how long they are kept) and `workers` (several processes for a long list).

The job itself stays in `screening/tasks.py`, where the job queue looks for each app's tasks.
"""
