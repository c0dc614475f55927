"""Units of measurement as English and Arabic news write them, and the factors between them.

A translator may keep a unit (12 miles → 12 ميلاً) or convert it (→ 19 كيلومتراً); what misleads
a reader is the number copied while the unit changed (→ 12 كيلومتراً). Each unit belongs to a
dimension and converts to that dimension's base unit (metre, kilogram, litre, square metre,
degree Celsius). Speeds are read as their distance unit (mph as mile, km/h as kilometre), which
is enough to tell a copied number from a converted one.
"""

from __future__ import annotations

from typing import NamedTuple


class Unit(NamedTuple):
    """A unit of measurement: base value = (value + offset) × factor."""

    name: str
    dimension: str
    factor: float
    offset: float = 0.0

    def to(self, other: Unit, value: float) -> float:
        """`value` in this unit, expressed in `other` (of the same dimension)."""
        return (value + self.offset) * self.factor / other.factor - other.offset

    def same_as(self, other: Unit) -> bool:
        """The same unit, or one a translator may use for it (acre ≈ feddan, within 5%)."""
        return (
            self.dimension == other.dimension
            and self.offset == other.offset
            and abs(self.factor / other.factor - 1) <= 0.05
        )


class UnitForms(NamedTuple):
    """A unit and how English and Arabic write it after a number (Arabic as written; the
    reader normalises it)."""

    unit: Unit
    en: tuple[str, ...]
    ar: tuple[str, ...]


UNITS = (
    UnitForms(
        Unit("mile", "length", 1609.344),
        ("miles", "mile", "mi", "mph", "miles per hour"),
        ("ميل", "ميلاً", "أميال", "ميلا", "mph"),
    ),
    UnitForms(
        Unit("nautical mile", "length", 1852),
        ("nautical miles", "nautical mile", "knots", "knot"),
        ("ميل بحري", "ميلاً بحرياً", "أميال بحرية", "عقدة"),
    ),
    UnitForms(
        Unit("kilometre", "length", 1000),
        ("kilometres", "kilometers", "kilometre", "kilometer", "km", "km/h", "kph"),
        (
            "كيلومتر",
            "كيلومتراً",
            "كيلومترات",
            "كيلو متر",
            "كيلو متراً",
            "كيلو مترات",
            "كم",
            "كلم",
            "km",
        ),
    ),
    UnitForms(
        Unit("metre", "length", 1),
        ("metres", "meters", "metre", "meter"),
        ("متر", "متراً", "أمتار", "مترات"),
    ),
    UnitForms(
        Unit("centimetre", "length", 0.01),
        ("centimetres", "centimeters", "centimetre", "centimeter", "cm"),
        ("سنتيمتر", "سنتيمتراً", "سنتيمترات", "سنتمتر", "سنتمترات", "سم", "cm"),
    ),
    UnitForms(
        Unit("millimetre", "length", 0.001),
        ("millimetres", "millimeters", "millimetre", "millimeter", "mm"),
        ("مليمتر", "مليمتراً", "مليمترات", "ملليمتر", "ملم", "مم", "mm"),
    ),
    UnitForms(Unit("foot", "length", 0.3048), ("feet", "foot", "ft"), ("قدم", "قدماً", "أقدام")),
    UnitForms(
        Unit("inch", "length", 0.0254),
        ("inches", "inch"),
        ("بوصة", "بوصات", "إنش", "إنشات", "إنشاً"),
    ),
    UnitForms(
        Unit("yard", "length", 0.9144),
        ("yards", "yard", "yd"),
        ("ياردة", "ياردات", "يارد", "يارده"),
    ),
    UnitForms(
        Unit("pound", "mass", 0.45359237),
        ("pounds", "pound", "lb", "lbs"),
        ("رطل", "رطلاً", "أرطال"),
    ),
    UnitForms(
        Unit("ounce", "mass", 0.028349523),
        ("ounces", "ounce", "oz"),
        ("أونصة", "أونصات", "أوقية", "أوقيات"),
    ),
    UnitForms(
        Unit("kilogram", "mass", 1),
        ("kilograms", "kilogram", "kilogrammes", "kilogramme", "kilos", "kilo", "kg"),
        (
            "كيلوغرام",
            "كيلوغراماً",
            "كيلوغرامات",
            "كيلوجرام",
            "كيلوجراماً",
            "كيلوجرامات",
            "كيلو غرام",
            "كيلو جرام",
            "كغ",
            "كجم",
            "كلغ",
            "kg",
        ),
    ),
    UnitForms(
        Unit("gram", "mass", 0.001),
        ("grams", "gram", "grammes", "gramme"),
        ("غرام", "غراماً", "غرامات", "جرام", "جراماً", "جرامات"),
    ),
    UnitForms(
        Unit("tonne", "mass", 1000), ("tonnes", "tonne", "tons", "ton"), ("طن", "طناً", "أطنان")
    ),
    UnitForms(
        Unit("gallon", "volume", 3.785411784),
        ("gallons", "gallon"),
        ("غالون", "غالونات", "جالون", "جالونات"),
    ),
    UnitForms(
        Unit("litre", "volume", 1),
        ("litres", "liters", "litre", "liter"),
        ("لتر", "لتراً", "لترات", "ليتر", "ليترات"),
    ),
    UnitForms(
        Unit("cubic metre", "volume", 1000),
        ("cubic metres", "cubic meters", "cubic metre", "cubic meter", "m3", "m³"),
        ("متر مكعب", "متراً مكعباً", "أمتار مكعبة", "م3", "م³"),
    ),
    UnitForms(
        Unit("cubic foot", "volume", 28.316847),
        ("cubic feet", "cubic foot", "cu ft"),
        ("قدم مكعب", "قدماً مكعباً", "أقدام مكعبة"),
    ),
    UnitForms(Unit("barrel", "volume", 158.987), ("barrels", "barrel"), ("برميل", "براميل")),
    UnitForms(
        Unit("acre", "area", 4046.856), ("acres", "acre"), ("فدان", "فداناً", "أفدنة", "إيكر", "أكر")
    ),
    UnitForms(
        Unit("hectare", "area", 10000), ("hectares", "hectare"), ("هكتار", "هكتاراً", "هكتارات")
    ),
    UnitForms(
        Unit("square mile", "area", 2589988.1),
        ("square miles", "square mile", "sq mi"),
        ("ميل مربع", "ميلاً مربعاً", "أميال مربعة"),
    ),
    UnitForms(
        Unit("square kilometre", "area", 10**6),
        (
            "square kilometres",
            "square kilometers",
            "square kilometre",
            "square kilometer",
            "sq km",
            "km2",
            "km²",
        ),
        ("كيلومتر مربع", "كيلومترات مربعة", "كيلومتراً مربعاً", "كم مربع", "كم2", "كم²"),
    ),
    UnitForms(
        Unit("square metre", "area", 1),
        ("square metres", "square meters", "square metre", "square meter", "sq m", "m2", "m²"),
        ("متر مربع", "أمتار مربعة", "متراً مربعاً", "م2", "م²"),
    ),
    UnitForms(
        Unit("square foot", "area", 0.09290304),
        ("square feet", "square foot", "sq ft"),
        ("قدم مربع", "أقدام مربعة", "قدماً مربعاً"),
    ),
    UnitForms(
        Unit("degree Fahrenheit", "temperature", 5 / 9, -32),
        ("°F", "° F", "degrees Fahrenheit", "degree Fahrenheit", "Fahrenheit", "degrees F"),
        ("درجة فهرنهايت", "درجات فهرنهايت", "فهرنهايت", "°ف", "° ف", "°F"),
    ),
    UnitForms(
        Unit("degree Celsius", "temperature", 1),
        (
            "°C",
            "° C",
            "degrees Celsius",
            "degree Celsius",
            "Celsius",
            "degrees C",
            "degrees centigrade",
            "centigrade",
        ),
        ("درجة مئوية", "درجات مئوية", "درجة سيليزية", "درجة سلسيوس", "°م", "° م", "°C"),
    ),
)
