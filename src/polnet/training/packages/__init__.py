"""Course packages: a zip that carries a course, its translations and its files from one
institution to another (`docs/training.md`, "Course packages")."""
