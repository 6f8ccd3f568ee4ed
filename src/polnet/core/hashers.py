from django.contrib.auth.hashers import Argon2PasswordHasher


class QuickArgon2PasswordHasher(Argon2PasswordHasher):
    """Real Argon2 with small cost parameters, for the test suite only (POLNET_ENV=test)."""

    time_cost = 1
    memory_cost = 1024
    parallelism = 1
