"""The Kivy touch application: app, screens and widgets. Kivy lives here only; screens
draw what the device service gives them and forward touches to it."""
