"""The compliance pre-check of a request before the secretariat reviews it.

`precheck.py` finds missing content, Red notices below the minimum criteria and Article 3
terms; `terms.py` keeps the maintained list of those terms; `textmatch.py` matches them in
free text in four languages. The pre-check only produces findings for the reviewer; the
decision stays with the workflow.
"""
