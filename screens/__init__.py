"""The kiosk's Kivy touchscreen: ``app.KioskApp`` renders the journey's view through one screen per
state (``registry``), ``controller.KioskController`` runs the session and the devices off the UI
thread, ``citizen/`` holds the citizen's screens, ``launch`` builds it all on a composed core, and
``ui_driver`` / ``demo_scripts`` drive it with real taps for the tests and the headless demo."""
