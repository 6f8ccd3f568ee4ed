from django.urls import URLPattern, path

from polnet.messaging import views

urlpatterns: list[URLPattern] = [
    path("messages/", views.inbox, name="messages-inbox"),
    path("messages/sent/", views.sent, name="messages-sent"),
    path("messages/compose/", views.compose, name="messages-compose"),
    path("messages/forwarding/", views.forwarding, name="messages-forwarding"),
    path("messages/thread/<uuid:thread_id>/", views.thread, name="messages-thread"),
]
