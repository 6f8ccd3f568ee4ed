from django.urls import URLPattern, path

from polnet.training.catalogue import author_views, views

urlpatterns: list[URLPattern] = [
    path("training/catalogue/", views.catalogue_page, name="training-catalogue"),
    path("training/courses/<int:pk>/", views.course_page, name="training-course"),
    path("training/courses/<int:pk>/enrol/", views.course_enrol, name="training-course-enrol"),
    path("training/media/<int:pk>/", views.media_file, name="training-media"),
    path("training/author/", author_views.author_home, name="training-author"),
    path("training/author/new/", author_views.course_new, name="training-author-new"),
    path("training/author/courses/<int:pk>/", author_views.course_editor, name="training-author-course"),
    path(
        "training/author/courses/<int:pk>/<slug:action>/",
        author_views.course_action,
        name="training-author-course-action",
    ),
    path("training/author/modules/<int:pk>/", author_views.module_editor, name="training-author-module"),
    path(
        "training/author/questions/<int:pk>/", author_views.question_editor, name="training-author-question"
    ),
]
