"""Plural interface strings: one form per plural rule (ru has three, ky and en two)."""

TRANSLATIONS = {
    "%(num)s command waiting": {
        "ru": ["%(num)s команда ожидает", "%(num)s команды ожидают", "%(num)s команд ожидают"],
        "ky": ["%(num)s буйрук күтүүдө", "%(num)s буйрук күтүүдө"],
    },
    "%(num)s release behind": {
        "ru": ["отстаёт на %(num)s выпуск", "отстаёт на %(num)s выпуска", "отстаёт на %(num)s выпусков"],
        "ky": ["%(num)s чыгарылыш артта", "%(num)s чыгарылыш артта"],
    },
}
