"""PDF output placeholder."""
def check_engine():
    pass
