"""The petitions API, mounted by `massline.api.main`."""

from ninja import Router

router = Router(tags=["petitions"])
