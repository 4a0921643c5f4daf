"""Password rules: at least 12 characters, not one of the 10,000 most common passwords
(data/common-passwords-10k.txt.gz; data/SOURCES.md says where it came from), no composition
rules (NIST SP 800-63B 5.1.1.2). Hashing is argon2id (settings.PASSWORD_HASHERS)."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.password_validation import CommonPasswordValidator

COMMON_PASSWORDS = Path(__file__).resolve().parent / "data" / "common-passwords-10k.txt.gz"

#: Longer passwords are refused before hashing (a megabyte of password is an attack).
MAX_PASSWORD_LENGTH = 256


class CommonPasswordsValidator(CommonPasswordValidator):
    """Refuses the 10,000 most common passwords (SecLists 10k-most-common; case ignored)."""

    def __init__(self, password_list_path: Path = COMMON_PASSWORDS) -> None:
        super().__init__(password_list_path)
