"""The app's URLs plus the bench-only floor endpoint (bench/floor.py). Used only by bench.settings."""

from django.urls import include, path

from bench.floor import floor_write

urlpatterns = [
    path("bench/floor/", floor_write, name="bench-floor"),
    path("", include("casebook.urls")),
]
