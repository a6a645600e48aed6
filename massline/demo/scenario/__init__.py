"""The demo scenario: a small instance of the Russian Maoist Party with its directory.

`data` holds the facts, `loader` writes them through the services; `massline demo` runs it.
"""

from massline.demo.scenario.data import (
    CONFIDENTIAL_SHORT_NAME,
    DEMO_EMAILS,
    FICTIONAL,
    ORGANIZATIONS,
    PASSWORD,
    PERSONAS,
    POSITIONS,
    REAL_SHORT_NAMES,
    WAR_QUESTION,
)
from massline.demo.scenario.loader import DemoError, Report, format_report, load

__all__ = [
    "CONFIDENTIAL_SHORT_NAME",
    "DEMO_EMAILS",
    "FICTIONAL",
    "ORGANIZATIONS",
    "PASSWORD",
    "PERSONAS",
    "POSITIONS",
    "REAL_SHORT_NAMES",
    "WAR_QUESTION",
    "DemoError",
    "Report",
    "format_report",
    "load",
]
