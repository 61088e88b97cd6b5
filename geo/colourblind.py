"""Colour-vision-deficiency checks for the palettes in `geo.style`.

Simulation uses the Machado, Oliveira & Fernandes (2009) matrices at full severity, applied in
linear RGB; distances are CIE76 ΔE in CIELAB (D65). Small enough to own, and the numbers are public.
"""

from __future__ import annotations

import itertools
import math

MACHADO: dict[str, tuple[tuple[float, float, float], ...]] = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}


def _to_linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def hex_to_linear_rgb(colour: str) -> tuple[float, float, float]:
    value = colour.lstrip("#")
    r, g, b = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return _to_linear(r), _to_linear(g), _to_linear(b)


def simulate(colour: str, deficiency: str) -> tuple[float, float, float]:
    """Linear RGB of `colour` as seen with the given deficiency (`protanopia`, `deuteranopia`, `tritanopia`)."""
    rgb = hex_to_linear_rgb(colour)
    matrix = MACHADO[deficiency]
    return tuple(min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb, strict=True)))) for row in matrix)


def linear_rgb_to_lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = rgb
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def delta_e(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    return math.dist(linear_rgb_to_lab(a), linear_rgb_to_lab(b))


def min_pairwise_delta_e(colours: list[str], deficiency: str | None) -> float:
    """Smallest ΔE between any two colours, as seen normally (None) or with a deficiency."""
    seen = [simulate(c, deficiency) if deficiency else hex_to_linear_rgb(c) for c in colours]
    return min(delta_e(a, b) for a, b in itertools.combinations(seen, 2))
