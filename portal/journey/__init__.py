"""The journey layer: what shows a whole engagement across the seven steps.

It sits on top of every app and imports their ``steps.py``, ``panels.py``,
``report.py`` and ``demo.py`` directly, in step order, the way ``portal.urls``
imports every app's URLs. Nothing below imports it (``tests/test_layers.py``).
"""
