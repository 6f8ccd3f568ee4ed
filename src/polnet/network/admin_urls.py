"""Bureau administration pages, mounted under /bureau/."""

from django.urls import path

from polnet.network import admin_views as views

urlpatterns = [
    path("", views.overview, name="bureau-overview"),
    path("deadlines/", views.confirm_deadlines, name="bureau-deadlines"),
    path("units/new/", views.unit_create, name="bureau-unit-create"),
    path("units/<int:unit_id>/", views.unit_scope, name="bureau-unit-scope"),
    path("users/new/", views.user_create, name="bureau-user-create"),
    path("users/<int:user_id>/", views.user_detail, name="bureau-user"),
    path("users/<int:user_id>/role/", views.user_role, name="bureau-user-role"),
    path("users/<int:user_id>/reset/", views.user_reset, name="bureau-user-reset"),
    path("users/<int:user_id>/deactivate/", views.user_deactivate, name="bureau-user-deactivate"),
    path("users/<int:user_id>/reactivate/", views.user_reactivate, name="bureau-user-reactivate"),
    path("users/<int:user_id>/clear-sign-in-wait/", views.sign_in_wait_clear, name="bureau-user-unwait"),
    path("tokens/new/", views.token_issue, name="bureau-token-issue"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="bureau-token-revoke"),
]
