"""The record pages, and the public list of stolen works of art (no sign-in)."""

from django.urls import URLPattern, path

from polnet.records import public, views

urlpatterns: list[URLPattern] = [
    path("records/", views.record_index, name="record-index"),
    path("records/<str:kind>/", views.record_list, name="record-list"),
    path("records/<str:kind>/new/", views.record_create, name="record-create"),
    path("records/<str:kind>/<int:pk>/", views.record_detail, name="record-detail"),
    path("records/<str:kind>/<int:pk>/edit/", views.record_edit, name="record-edit"),
    path("records/<str:kind>/<int:pk>/photos/", views.photo_add, name="record-photo-add"),
    path("records/<str:kind>/<int:pk>/photos/<int:photo_pk>/", views.photo_image, name="record-photo"),
    path(
        "records/<str:kind>/<int:pk>/photos/<int:photo_pk>/remove/",
        views.photo_remove,
        name="record-photo-remove",
    ),
    # Public: no sign-in, the works their owners chose to list (`records.public`).
    path("artworks/public/", public.artwork_page, name="public-artworks"),
    path("artworks/v1/", public.artwork_list, name="public-api-artworks"),
    path("artworks/v1/<int:pk>/photos/<int:photo_pk>", public.artwork_photo, name="public-artwork-photo"),
    *(
        path(f"records/<str:kind>/<int:pk>/{act}/", views.record_life, {"act": act}, name=f"record-{act}")
        for act in ("locate", "cancel", "reactivate", "delete")
    ),
]
