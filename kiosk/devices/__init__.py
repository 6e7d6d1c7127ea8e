"""Hardware abstraction: one module per device kind, each with a simulated twin.

No Kivy here. The site config names the driver of every device explicitly;
there is no silent fallback from a real device to a simulated one.
"""
