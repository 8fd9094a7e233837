"""QR code matrices, as qrcode makes them by default, at a fraction of its cost.

qrcode spends most of its time scoring the eight mask patterns (ISO/IEC 18004 7.8.3) in pure
Python: 10,000 slips would take over half a minute. Here qrcode only encodes the data into
codewords; they are placed, masked eight ways and scored in numpy, on a layout taken from qrcode
once per version. The result is the matrix qrcode's own ``make()`` produces. This leans on qrcode's
``best_fit``, ``makeImpl`` and ``data_cache`` (qrcode 8.2); tests/test_slips.py compares the output
with ``make()`` so that an upgrade that changes them fails there.
"""

import functools
from typing import NamedTuple

import numpy as np
import qrcode
from qrcode.constants import ERROR_CORRECT_M
from qrcode.util import create_data

QUIET_ZONE = 4  # light modules the standard requires around the symbol

_MASKS = (
    lambda i, j: (i + j) % 2 == 0,
    lambda i, j: i % 2 == 0,
    lambda i, j: j % 3 == 0,
    lambda i, j: (i + j) % 3 == 0,
    lambda i, j: (i // 2 + j // 3) % 2 == 0,
    lambda i, j: (i * j) % 2 + (i * j) % 3 == 0,
    lambda i, j: ((i * j) % 2 + (i * j) % 3) % 2 == 0,
    lambda i, j: ((i * j) % 3 + (i + j) % 2) % 2 == 0,
)
# Dark-light pattern 1:1:3:1:1 next to four light modules, which looks like a finder pattern.
_FINDER_LIKE = (0b10111010000, 0b00001011101)
_FINDER_WIDTH = 11


def qr_matrix(data: str) -> np.ndarray:
    """Dark modules (True) of the QR code of data, error correction M, without the quiet zone."""
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M)
    qr.add_data(data)
    qr.best_fit()
    layout = _layout(qr.version)
    codewords = np.array(create_data(qr.version, qr.error_correction, qr.data_list), np.uint8)
    bits = np.unpackbits(codewords)
    unmasked = np.zeros(layout.data_area.shape, dtype=bool)
    unmasked.flat[layout.bit_order[: len(bits)]] = bits
    masked = unmasked ^ layout.masks
    best = int(np.argmin(_penalties(np.where(layout.data_area, masked, layout.scored_frame))))
    return np.where(layout.data_area, masked[best], layout.frames[best])


class _Layout(NamedTuple):
    data_area: np.ndarray  # where data modules go (True) and where function patterns are
    bit_order: np.ndarray  # flat indices of the data modules, in the order bits fill them
    masks: np.ndarray  # the eight mask patterns
    frames: np.ndarray  # function patterns and format bits for each mask
    scored_frame: np.ndarray  # the function patterns as qrcode scores them: format bits light


@functools.cache
def _layout(version: int) -> _Layout:
    """Everything about a symbol of this version that does not depend on its data, taken from qrcode."""
    qr = qrcode.QRCode(version=version, error_correction=ERROR_CORRECT_M)
    size = version * 4 + 17

    def symbol(byte: int, mask: int, scored: bool = False) -> np.ndarray:
        # More bytes than the symbol holds, so the remainder bits are filled too.
        qr.data_cache = [byte] * (size * size // 8 + 1)
        qr.makeImpl(scored, mask)
        return np.array(qr.modules, dtype=bool)

    data_area = symbol(0xFF, 0) != symbol(0x00, 0)
    i, j = np.indices((size, size))
    return _Layout(
        data_area=data_area,
        bit_order=_bit_order(data_area),
        masks=np.array([mask(i, j) for mask in _MASKS]),
        frames=np.array([symbol(0, mask) for mask in range(8)]),
        scored_frame=symbol(0, 0, scored=True),
    )


def _bit_order(data_area: np.ndarray) -> np.ndarray:
    """Two-module-wide columns from the right, snaking up and down, skipping the timing column."""
    size = len(data_area)
    order = []
    upward = True
    for right in range(size - 1, 0, -2):
        if right <= 6:
            right -= 1
        rows = range(size - 1, -1, -1) if upward else range(size)
        order += [row * size + col for row in rows for col in (right, right - 1) if data_area[row, col]]
        upward = not upward
    return np.array(order)


def _penalties(candidates: np.ndarray) -> np.ndarray:
    """Penalty score of each of a stack of square matrices; the lowest is the mask to use."""
    lines = np.concatenate([candidates, candidates.transpose(0, 2, 1)], axis=1)
    return _long_runs(lines) + _solid_blocks(candidates) + _finder_like(lines) + _imbalance(candidates)


def _long_runs(lines: np.ndarray) -> np.ndarray:
    """N1: a run of 5 or more same-coloured modules costs its length minus 2."""
    same = lines[..., 1:] == lines[..., :-1]
    run_of_5 = same[..., :-3] & same[..., 1:-2] & same[..., 2:-1] & same[..., 3:]
    run_start = run_of_5.copy()
    run_start[..., 1:] &= ~same[..., :-4]
    # A run of length L holds L - 4 windows of five, plus 2 for its start: L - 2.
    return run_of_5.sum(axis=(1, 2)) + 2 * run_start.sum(axis=(1, 2))


def _solid_blocks(candidates: np.ndarray) -> np.ndarray:
    """N2: 3 for every 2x2 block of one colour."""
    top_left = candidates[:, :-1, :-1]
    solid = (
        (top_left == candidates[:, 1:, :-1])
        & (top_left == candidates[:, :-1, 1:])
        & (top_left == candidates[:, 1:, 1:])
    )
    return 3 * solid.sum(axis=(1, 2))


def _finder_like(lines: np.ndarray) -> np.ndarray:
    """N3: 40 for every finder-like pattern in a row or column."""
    width = lines.shape[-1] - _FINDER_WIDTH + 1
    windows = np.zeros(lines.shape[:-1] + (width,), dtype=np.int16)
    for offset in range(_FINDER_WIDTH):
        windows = (windows << 1) | lines[..., offset : offset + width]
    found = (windows == _FINDER_LIKE[0]) | (windows == _FINDER_LIKE[1])
    return 40 * found.sum(axis=(1, 2))


def _imbalance(candidates: np.ndarray) -> np.ndarray:
    """N4: 10 for every full 5% by which the share of dark modules departs from 50%."""
    total = candidates.shape[1] * candidates.shape[2]
    dark = candidates.sum(axis=(1, 2))
    return 10 * (np.abs(100 * dark - 50 * total) // (5 * total))
