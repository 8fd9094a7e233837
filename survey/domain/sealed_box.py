"""A file only the browser that asked for it can open (the slips a job prints hold plain codes).

The request makes a key pair: the private key goes to the asking browser's session, the public key
to the job. The worker encrypts the file to the public key — an ephemeral X25519 key agreement,
HKDF-SHA256, AES-256-GCM — and forgets it; the server keeps only the ciphertext, which neither the
database, the job's folder nor a backup can open. The download opens it with the key the browser sends.
"""
import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

INFO = b"harmony sealed box 1"
KEY_BYTES, NONCE_BYTES = 32, 12
RAW = {"encoding": serialization.Encoding.Raw, "format": serialization.PublicFormat.Raw}


class CannotOpen(Exception):
    """The key does not open this file (another browser's key, or a damaged file)."""


def _text(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode()


def new_key_pair() -> tuple[str, str]:
    """(private key, public key), each 32 bytes in URL-safe base64."""
    private = X25519PrivateKey.generate()
    raw = private.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                serialization.NoEncryption())
    return _text(raw), _text(private.public_key().public_bytes(**RAW))


def _key(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    return HKDF(hashes.SHA256(), KEY_BYTES, salt=None, info=INFO + ephemeral + recipient).derive(shared)


def seal(public_key: str, data: bytes) -> bytes:
    """The ephemeral public key, a nonce and the encrypted data with its tag."""
    recipient = base64.urlsafe_b64decode(public_key)
    ephemeral = X25519PrivateKey.generate()
    sender = ephemeral.public_key().public_bytes(**RAW)
    key = _key(ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient)), sender, recipient)
    nonce = os.urandom(NONCE_BYTES)
    return sender + nonce + AESGCM(key).encrypt(nonce, data, None)


def open_sealed(private_key: str, sealed: bytes) -> bytes:
    try:
        private = X25519PrivateKey.from_private_bytes(base64.urlsafe_b64decode(private_key))
        recipient = private.public_key().public_bytes(**RAW)
        sender, nonce, body = (sealed[:KEY_BYTES], sealed[KEY_BYTES:KEY_BYTES + NONCE_BYTES],
                               sealed[KEY_BYTES + NONCE_BYTES:])
        key = _key(private.exchange(X25519PublicKey.from_public_bytes(sender)), sender, recipient)
        return AESGCM(key).decrypt(nonce, body, None)
    except (InvalidTag, ValueError) as error:
        raise CannotOpen() from error
