"""innograph's top floor: the FastAPI app and the ``innograph`` command line."""
