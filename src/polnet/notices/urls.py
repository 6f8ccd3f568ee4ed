"""Notice pages (signed in), the public pages and the public web service (no sign-in)."""

from django.urls import URLPattern, path

from polnet.notices.public import api as public_api
from polnet.notices.public import views as public_views
from polnet.notices.web import after_views, pickers, views

urlpatterns: list[URLPattern] = [
    path("notices/", views.notice_list, name="notice-list"),
    path("notices/new/", views.choose_kind, name="notice-choose"),
    path("notices/new/<str:kind>/", views.new_notice, name="notice-new"),
    path("notices/records/<str:kind>/", pickers.record_search, name="notice-record-search"),
    path("notices/review/", views.review_queue, name="notice-queue"),
    path("notices/notifications/", views.notification_list, name="notice-notifications"),
    path("notices/article3/", views.term_list, name="notice-article3"),
    path("notices/<int:pk>/", views.notice_detail, name="notice-detail"),
    path("notices/<int:pk>/edit/", views.edit_notice, name="notice-edit"),
    path("notices/<int:pk>/act/", views.notice_act, name="notice-act"),
    path("notices/<int:pk>/images/", views.notice_add_image, name="notice-add-image"),
    path("notices/<int:pk>/images/<int:image_pk>/", views.notice_image, name="notice-image"),
    path("notices/<int:pk>/addenda/", after_views.add_addendum, name="notice-addendum"),
    path("notices/addenda/<int:addendum_pk>/decide/", after_views.decide_addendum, name="addendum-decide"),
    path("notices/addenda/<int:addendum_pk>/photo/", after_views.addendum_photo, name="addendum-photo"),
    path("notices/<int:pk>/sightings/", after_views.report_sighting, name="notice-sighting"),
    path("notices/<int:pk>/reservations/", after_views.record_reservation, name="notice-reservation"),
    path("notices/<int:pk>/reservations/lift/", after_views.lift_reservation, name="notice-reservation-lift"),
    path("notices/<int:pk>/to-request/", after_views.to_request, name="diffusion-to-request"),
    # Public: no sign-in, approved public extracts only.
    path("notices/public/", public_views.public_list, name="public-notices"),
    path("notices/public/<str:kind>/<str:entity>/", public_views.public_detail, name="public-notice"),
]
# The public web service, at the same paths as the service its clients already use.
for _kind in ("red", "yellow", "un"):
    urlpatterns += [
        path(f"notices/v1/{_kind}", public_api.notice_list, {"kind": _kind}, name=f"public-api-{_kind}"),
        path(f"notices/v1/{_kind}/<str:entity>", public_api.notice_detail, {"kind": _kind}),
        path(f"notices/v1/{_kind}/<str:entity>/images", public_api.notice_images, {"kind": _kind}),
        path(
            f"notices/v1/{_kind}/<str:entity>/images/<int:picture_id>",
            public_api.notice_image,
            {"kind": _kind},
        ),
    ]
