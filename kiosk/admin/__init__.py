"""Staff admin mode and technician diagnostics as services of the core, with no Kivy.

``access`` unlocks and locks the modes (staff card and PIN verified on the card, the technician
PIN, idle time and card removal); ``desk`` holds the staff functions (R8 outreach, R11
exemptions, voiding, receipts, service state, audit); ``statistics`` counts today's work;
``bench`` runs the technician's device tests over the ports; ``diagnostics_bundle`` writes the
technician's zip. ``build`` wires them onto a composed :class:`kiosk.composed.App`. Screens
only render what these return and send taps; every rule and every audit entry lives here.
"""
