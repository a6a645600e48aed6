"""The campaigns API, mounted by `massline.api.main`."""

from ninja import Router

router = Router(tags=["campaigns"])
